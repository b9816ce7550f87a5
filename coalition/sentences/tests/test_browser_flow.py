"""A year of sentences from file to partner, in Chromium, as the users click through it: the
Guatemala editor imports a file with one wrong row (refused, nothing written), fixes it and
imports it; submits the year; the regional administrator approves it; the editor approves
the partner's sharing agreement; the partner reads the year's statistics, generates a share
package and downloads it, which ``verify_share`` accepts, and refuses once a byte is
changed. A screenshot after each step, under test-artifacts/."""

import os
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.core.models import User
from coalition.core.tests.browser import shot, sign_in
from coalition.sentences.models import Sentence
from coalition.sentences.tests.test_import import court_file, csv_bytes, law  # noqa: F401
from coalition.sentences.tests.test_sharing import agreement

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

MESSAGE = ".alert-success[role=alert]"  # the message a step leaves, not the page's own alerts
COURT_FILES = ("C-01077-2023-00001", "C-01077-2023-00002", "C-01077-2023-00003")


def sentences_of_2023(wrong_count=None):
    """Three court files of 2023, four rows each (rows 2–13 of the file); ``wrong_count``
    replaces the count of row 11, the third file's acquitted defendant."""
    rows = []
    for number in COURT_FILES:
        rows += court_file(number, final_date="2023-06-30")
    if wrong_count is not None:
        rows[9] = {**rows[9], "count": wrong_count}
    return rows


def browser_of(page, live_server, user):
    """A page in a browser of its own for ``user``, signed in: each person at their own
    computer, who stays signed in between the steps (and whose authenticator code is not
    used twice within its 30 seconds)."""
    context = page.context.browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, locale="es-CR"
    )
    own = context.new_page()
    own.problems = []
    own.on("console", lambda msg: msg.type == "error" and own.problems.append(msg.text))
    sign_in(own, user)
    return own


def flip_a_byte_of(path, member):
    """Change one byte inside ``member``'s data in the ZIP at ``path``."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    content = bytearray(path.read_bytes())
    # the local header: 30 bytes, then the name and the extra field, then the data
    name_length = int.from_bytes(
        content[info.header_offset + 26 : info.header_offset + 28], "little"
    )
    extra_length = int.from_bytes(
        content[info.header_offset + 28 : info.header_offset + 30], "little"
    )
    data = info.header_offset + 30 + name_length + extra_length
    content[data + info.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(content))


@pytest.mark.usefixtures("law")
def test_a_year_goes_from_an_imported_file_to_a_verified_share_package(
    page, live_server, personas, organizations, countries, tmp_path
):
    editor, admin, partner = personas["gt_editor"], personas["regional_admin"], personas["partner"]
    for user in (editor, admin, partner):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    User.objects.update(language="en")
    made = agreement(organizations, countries, approved=(), pending=("GT",), created_by=admin)

    # 1. a file with a negative count is refused row by row; fixed, it is recorded
    page = browser_of(page, live_server, editor)
    page.goto("/sentences/import/")
    path = tmp_path / "sentences-2023.csv"
    path.write_bytes(csv_bytes(sentences_of_2023(wrong_count="-2")))
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Check and import").click()
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("Nothing was recorded: the file has 1 problem to fix.")
    expect(problems.locator("tbody tr td")).to_have_text(
        ["11", "Count", "“-2” is not a whole number of 0 or more."]
    )
    assert not Sentence.objects.exists()
    shot(page, "flow-1a-import-refused")

    path.write_bytes(csv_bytes(sentences_of_2023()))
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(MESSAGE)).to_contain_text("12 rows imported: 3 sentences")
    assert Sentence.objects.filter(final_date__year=2023).count() == 3
    shot(page, "flow-1b-import-recorded")

    # 2. the editor submits 2023 from the year overview
    page.goto("/sentences/years/GT/")
    year = page.locator("#year-2023")
    expect(year.locator("td").first).to_have_text("3")
    year.get_by_role("button", name="Submit 2023").click()
    expect(page.locator(MESSAGE)).to_contain_text("submitted for approval")
    expect(page.locator("#year-2023 .approval-badge")).to_have_text("Submitted for approval")
    shot(page, "flow-2-year-submitted")

    # 3. the regional administrator approves it from the approvals inbox
    editor_page = page
    page = admin_page = browser_of(page, live_server, admin)
    page.goto("/approvals/")
    page.get_by_role("link", name="Review and decide Guatemala 2023").click()
    page.get_by_role("button", name="Approve the year").click()
    expect(page.locator(MESSAGE)).to_contain_text("approved and locked")
    expect(page.locator("#approval-locked")).to_be_visible()
    expect(page.locator(".approval-badge").first).to_have_text("Approved")
    shot(page, "flow-3-year-approved")

    # 4. the editor approves the agreement for Guatemala; it becomes valid
    page = editor_page
    page.goto("/sentences/years/GT/")
    expect(page.locator("#year-2023 .approval-badge")).to_have_text("Approved")
    page.goto(made.get_absolute_url())
    expect(page.locator(".page-header .badge")).to_have_text("Pending approval")
    page.get_by_role("button", name="Approve for Guatemala").click()
    expect(page.locator(MESSAGE)).to_contain_text("Approved for Guatemala")
    expect(page.locator(".page-header .badge")).to_have_text("Valid")
    shot(page, "flow-4a-agreement-approved")

    # the partner reads what it shares: Guatemala's approved 2023, and nothing else
    page = browser_of(page, live_server, partner)
    page.get_by_role("link", name="Data sharing").click()
    page.get_by_role("link", name=made.reference).click()
    expect(page.locator("#coverage-GT")).to_contain_text("2023")
    page.get_by_role("link", name="What it shares").click()
    expect(page.get_by_role("heading", name="Guatemala · 2023")).to_be_visible()
    expect(page.locator("main section")).to_have_count(1)
    blocks = page.locator("main section .card")
    expect(blocks.locator("h3")).to_have_text(
        ["Persons prosecuted", "Persons convicted", "Detected trafficking victims"]
    )
    # six men convicted (two in each sentence), shown; the victims' total, 12, too
    expect(blocks.nth(1).get_by_role("row", name="Male 0 6 0 6", exact=True)).to_be_visible()
    expect(blocks.nth(2).locator("tbody tr").last).to_contain_text("12")
    shot(page, "flow-4b-what-it-shares")

    # the partner generates a package and downloads it
    page.go_back()
    page.get_by_role("button", name="Generate a package").click()
    expect(page.locator(MESSAGE)).to_contain_text("Package generated")
    with page.expect_download() as download:
        page.locator("#packages").get_by_role("link", name="Download").click()
    package = tmp_path / download.value.suggested_filename
    download.value.save_as(package)
    with page.expect_download() as key_download:
        page.locator("#public-key").get_by_role("link", name="public-key.pem").click()
    public_key = tmp_path / "public-key.pem"
    key_download.value.save_as(public_key)
    shot(page, "flow-4c-package-downloaded")
    # the refused upload is answered 400, which the browser reports; nothing else went wrong
    for seen in (editor_page, admin_page, page):
        assert [p for p in seen.problems if "status of 400" not in p] == []

    assert package.name.endswith(".zip")
    call_command("verify_share", str(package), public_key=str(public_key))
    flip_a_byte_of(package, "statistics.csv")
    with pytest.raises(CommandError, match="NOT VERIFIED") as refused:
        call_command("verify_share", str(package), public_key=str(public_key))
    assert "statistics.csv" in str(refused.value)
