"""Sample URL arguments of the directory app's URLs, for the URL sweep (core's test_url_sweep).

Institutions and contacts in Costa Rica, Guatemala and at the regional level
(``build_directory``), a signed "still correct" link for a Costa Rica help line, and the
public help pages of a member country and of a country that does not exist.
"""

from coalition.directory import verification
from coalition.directory.tests.conftest import build_directory


def samples(fixtures):
    data = build_directory(fixtures["countries"])
    people = data["contacts"]
    contacts = [
        {"pk": people["cr_person"].pk},
        {"pk": people["gt_person"].pk},
        {"pk": people["regional_person"].pk},
        {"pk": 999999},
    ]
    institutions = data["institutions"]
    token = verification.make_token(people["cr_line"], fixtures["personas"]["cr_editor"])
    return {
        "contact-detail": contacts,
        "contact-update": contacts,
        "contact-delete": contacts,
        "contact-vcard": contacts,
        "directory-confirm": [
            {"kind": "contact", "pk": people["cr_line"].pk},
            {"kind": "institution", "pk": institutions["GT"].pk},
            {"kind": "nothing", "pk": 1},
        ],
        "directory-verify": [{"token": token}, {"token": "bad"}],
        "api:contact-detail": [
            {"pk": people["cr_line"].pk},
            {"pk": people["cr_person"].pk},
            {"pk": people["regional_person"].pk},
        ],
        "api:institution-detail": [
            {"pk": institutions["CR"].pk},
            {"pk": institutions["GT"].pk},
        ],
    }
