"""vCards of one contact and of a filtered list, and the printable cards of the key
international contacts, read back with vobject and pypdf."""

import base64
import io

import pytest
import vobject
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.directory.cards import EMAIL_PT, EMAIL_SMALLEST_PT, fitted_email
from coalition.directory.models import Contact
from coalition.directory.tests.conftest import make_contact, make_institution
from coalition.directory.vcards import QR_MODULE_PX, qr_png, vcard_for, vcards_for


def read_cards(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    return list(vobject.readComponents(response.content.decode()))


def pdf_pages(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def squeeze(text):
    # Text extraction may break a line anywhere; compare without the whitespace.
    return "".join(text.split())


def exports():
    return AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("seq")


# --- vCards ------------------------------------------------------------------------------


def test_a_persons_vcard_carries_name_position_institution_phones_and_emails(directory):
    lucia = directory["contacts"]["cr_person"]
    card = vobject.readOne(vcard_for(lucia))
    assert card.version.value == "3.0"
    assert card.fn.value == "Lucía Fernández Mora"
    assert card.n.value.given == "Lucía"
    assert card.n.value.family == "Fernández Mora"
    assert card.title.value == "Directora"
    assert card.org.value == ["Albergue Nacional de Atención a Víctimas"]
    assert [tel.value for tel in card.tel_list] == ["+50688887777"]
    assert card.tel.params["TYPE"] == ["WORK"]
    assert [email.value for email in card.email_list] == ["lucia@example.test"]
    assert "notes" not in card.contents


def test_a_lines_vcard_is_filed_under_the_lines_name_with_its_institution(directory):
    line = directory["contacts"]["cr_line"]
    line.organization.website = "https://albergue.example.test"
    line.phones = ["+50622223333", "911"]
    card = vobject.readOne(vcard_for(line))
    assert card.fn.value == "Línea de atención 24 horas"
    assert card.n.value.family == "Línea de atención 24 horas"
    assert card.n.value.given == ""
    assert card.org.value == ["Albergue Nacional de Atención a Víctimas"]
    assert [tel.value for tel in card.tel_list] == ["+50622223333", "911"]
    assert card.url.value == "https://albergue.example.test"


def test_the_axes_go_into_the_note_in_the_active_language(directory):
    with translation.override("en"):
        card = vobject.readOne(vcard_for(directory["contacts"]["gt_person"]))
    assert card.note.value == "Axes: Prosecution and justice"


def test_several_contacts_make_one_text_of_several_vcards(directory):
    text = vcards_for(directory["contacts"].values())
    assert [c.fn.value for c in vobject.readComponents(text)] == [
        "Lucía Fernández Mora",
        "Línea de atención 24 horas",
        "José Pérez Ajú",
        "Ana Smith",
    ]


def test_the_qr_code_is_a_square_black_and_white_png_inside_the_page():
    uri = qr_png("BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n")
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert image.mode == "1"
    assert image.width == image.height
    assert image.width % QR_MODULE_PX == 0
    # A quiet border of two white modules, then the dark corner of a finder pattern.
    border = 2 * QR_MODULE_PX
    assert image.getpixel((border - 1, border - 1)) != 0
    assert image.getpixel((border, border)) == 0
    assert image.getpixel((image.width - border - 1, border)) == 0


def test_a_contacts_vcard_downloads_as_a_file_and_is_audited(client_for, directory):
    lucia = directory["contacts"]["cr_person"]
    response = client_for("cr_editor").get(reverse("contact-vcard", args=[lucia.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lucia-fernandez-mora.vcf"'
    (card,) = read_cards(response)
    assert card.fn.value == "Lucía Fernández Mora"
    assert card.tel.value == "+50688887777"
    entry = exports().get()
    assert entry.object_id == str(lucia.pk)
    assert entry.actor.username == "cr_editor"
    assert entry.after["format"] == "vcf"


@pytest.mark.parametrize("persona", ["gt_editor", "partner", "auditor"])
def test_a_contacts_vcard_is_not_found_by_who_may_not_see_it(client_for, directory, persona):
    lucia = directory["contacts"]["cr_person"]
    response = client_for(persona).get(reverse("contact-vcard", args=[lucia.pk]))
    assert response.status_code == 404
    assert not exports().exists()


def test_a_contacts_vcard_sends_anonymous_visitors_to_sign_in(client_for, directory):
    lucia = directory["contacts"]["cr_person"]
    response = client_for("anonymous").get(reverse("contact-vcard", args=[lucia.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_list_vcard_holds_only_the_contacts_the_user_may_see(client_for, directory):
    response = client_for("cr_editor").get(reverse("directory-vcards"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="')
    names = {card.fn.value for card in read_cards(response)}
    assert names == {"Ana Smith", "Línea de atención 24 horas", "Lucía Fernández Mora"}
    entry = exports().get()
    assert entry.after["count"] == 3
    assert entry.after["format"] == "vcf"


def test_the_list_vcard_follows_the_directorys_filters(client_for, directory):
    client = client_for("regional_admin")
    response = client.get(reverse("directory-vcards"), {"country": "CR", "kind": "person"})
    assert [card.fn.value for card in read_cards(response)] == ["Lucía Fernández Mora"]
    response = client.get(reverse("directory-vcards"), {"international": "true"})
    assert [card.fn.value for card in read_cards(response)] == ["Ana Smith"]
    response = client.get(reverse("directory-vcards"))
    assert len(read_cards(response)) == 4
    first, *_, last = exports()
    assert first.after == {
        "format": "vcf",
        "file": first.after["file"],
        "count": 1,
        "country": "CR",
        "kind": "person",
    }
    assert last.after["count"] == 4


def test_invalid_filters_are_refused_with_what_is_wrong(client_for, directory):
    response = client_for("regional_admin").get(reverse("directory-vcards"), {"kind": "robot"})
    assert response.status_code == 400
    assert "kind" in response.content.decode()
    assert not exports().exists()


def test_a_list_larger_than_the_limit_is_refused(client_for, directory, monkeypatch):
    monkeypatch.setattr("coalition.directory.card_views.MAX_VCARDS", 2)
    response = client_for("regional_admin").get(reverse("directory-vcards"))
    assert response.status_code == 400
    assert "4" in response.content.decode()


@pytest.mark.parametrize("persona", ["partner", "auditor", "cr_contributor"])
def test_the_list_vcard_is_refused_to_who_may_not_export_people(client_for, directory, persona):
    # Contributors read contacts one by one but, as with the CSV export, export none.
    response = client_for(persona).get(reverse("directory-vcards"))
    assert response.status_code == 403
    assert not exports().exists()


def test_the_list_vcard_sends_anonymous_visitors_to_sign_in(client_for, directory):
    response = client_for("anonymous").get(reverse("directory-vcards"))
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- printable cards ---------------------------------------------------------------------


@pytest.fixture
def many_international(directory, countries):
    """Eleven more key international contacts at the regional level (twelve with Ana
    Smith), and one of Costa Rica."""
    institution = make_institution(
        countries["regional"],
        "Red Regional de Protección",
        "RRP",
        website="https://rrp.example.test",
    )
    for number in range(1, 12):
        make_contact(
            institution,
            f"Persona Enlace {number:02d}",
            position="Enlace regional",
            phones=["+50622001100", "+50255554444"],
            emails=[f"enlace{number}@example.test"],
            languages=["es"],
            international=True,
        )
    make_contact(
        directory["institutions"]["CR"],
        "Carmen Rojas Solís",
        position="Enlace internacional",
        phones=["+50688880000"],
        international=True,
    )
    return institution


def test_twelve_key_contacts_print_on_two_pages_in_english(
    client_for, in_english, many_international
):
    response = client_for("cr_editor").get(reverse("directory-cards"), {"lang": "en"})
    pages = pdf_pages(response)
    assert len(pages) == 2
    first, second = (squeeze(page) for page in pages)
    assert first.count("Keyinternationalcontact") == 10
    assert second.count("Keyinternationalcontact") == 2
    # Sorted by institution, then name: the IOM office's Ana Smith before the network.
    assert first.index("AnaSmith") < first.index("PersonaEnlace01") < first.index("PersonaEnlace09")
    assert "OficinaRegionaldeProteccióndelaOIM(OIM-OR)" in first
    assert "RedRegionaldeProtección(RRP)" in first
    assert "Enlaceregional" in first
    assert "+50622001100" in first
    assert "enlace1@example.test" in first
    assert "Spanish" in first
    assert "Regionallevel" in first
    assert "Verified" in first
    assert "PersonaEnlace10" in second
    assert "PersonaEnlace11" in second
    assert "CarmenRojas" not in first + second


def test_the_cards_carry_one_unsmoothed_qr_image_per_card(
    client_for, in_english, many_international
):
    response = client_for("cr_editor").get(reverse("directory-cards"))
    images = {
        id(image): image
        for page in PdfReader(io.BytesIO(response.content)).pages
        for image in (x.get_object() for x in page["/Resources"]["/XObject"].values())
        if image["/Subtype"] == "/Image"
    }.values()
    assert len(images) == 12  # twelve cards on two pages
    # Printed at 26 mm without smoothing, each module stays a sharp square.
    assert all(image["/Interpolate"].value is False for image in images)


def test_phones_and_e_mails_are_never_cut_in_two(client_for, in_english, directory, countries):
    long_email = "jeanmarc.lefevre.oficina@interpol.example.test"
    make_contact(
        directory["institutions"]["regional"],
        "Jean-Marc Lefèvre",
        position="Oficial de enlace, Oficina Subregional",
        phones=["+33472000102", "+50322000932", "+50688000912"],
        emails=[long_email, "jm@example.test"],
        international=True,
    )
    response = client_for("regional_admin").get(reverse("directory-cards"))
    (page,) = pdf_pages(response)
    lines = page.splitlines()
    for whole in ("+33 4 72 00 01 02", "+503 2200 0932", "+506 8800 0912", long_email):
        assert any(whole in line for line in lines), (whole, lines)


def test_a_long_e_mail_gets_a_smaller_type_and_only_a_very_long_one_two_lines():
    assert float(fitted_email("").size) == EMAIL_PT  # nothing to fit: the usual type
    short = fitted_email("jm@example.test")
    assert (float(short.size), short.lines) == (EMAIL_PT, ("jm@example.test",))
    long = fitted_email("jeanmarc.lefevre.oficina@interpol.example.test")
    assert EMAIL_SMALLEST_PT <= float(long.size) < EMAIL_PT
    assert long.lines == ("jeanmarc.lefevre.oficina@interpol.example.test",)
    huge = fitted_email("coordinacion.regional.de.proteccion.a.victimas@organizacion.example.test")
    assert float(huge.size) == EMAIL_SMALLEST_PT
    # Two lines, cut after the "@" and nowhere else.
    assert huge.lines == (
        "coordinacion.regional.de.proteccion.a.victimas@",
        "organizacion.example.test",
    )


def test_the_cards_of_a_country_are_of_its_key_contacts(client_for, in_english, many_international):
    response = client_for("cr_editor").get(reverse("directory-cards"), {"scope": "cr"})
    (page,) = pdf_pages(response)
    assert "CarmenRojasSolís" in squeeze(page)
    assert "CostaRica" in squeeze(page)
    assert "PersonaEnlace" not in squeeze(page)
    assert response["Content-Disposition"] == 'attachment; filename="key-contacts-cr-en.pdf"'


def test_the_cards_are_in_spanish_by_default_for_a_spanish_speaking_user(client_for, directory):
    response = client_for("cr_editor").get(reverse("directory-cards"))
    (page,) = pdf_pages(response)
    text = squeeze(page)
    assert "AnaSmith" in text
    assert "Nivelregional" in text
    assert "Inglés" in text
    assert "Contactoclaveinternacional" in text
    assert 'filename="contactos-clave-regional-es.pdf"' in response["Content-Disposition"]


def test_chosen_contacts_print_alone(client_for, in_english, many_international):
    ana = Contact.objects.get(name="Ana Smith")
    other = many_international.contacts.get(name="Persona Enlace 03")
    response = client_for("regional_admin").get(
        reverse("directory-cards"), {"contacts": f"{ana.pk},{other.pk}"}
    )
    (page,) = pdf_pages(response)
    assert squeeze(page).count("Keyinternationalcontact") == 2
    assert sorted(exports().get().after["contacts"]) == sorted([ana.pk, other.pk])


def test_chosen_contacts_outside_the_cards_are_refused_by_number(client_for, directory):
    lucia = directory["contacts"]["cr_person"]  # not an international key contact
    response = client_for("regional_admin").get(
        reverse("directory-cards"), {"contacts": f"{lucia.pk}"}
    )
    assert response.status_code == 400
    assert str(lucia.pk) in response.content.decode()
    response = client_for("regional_admin").get(reverse("directory-cards"), {"contacts": "1,x"})
    assert response.status_code == 400
    assert "x" in response.content.decode()


def test_no_key_contact_gives_one_page_that_says_so(client_for, in_english, directory):
    response = client_for("gt_editor").get(reverse("directory-cards"), {"scope": "GT"})
    (page,) = pdf_pages(response)
    assert "There is no key international contact in Guatemala" in " ".join(page.split())
    assert exports().get().after["count"] == 0


def test_the_cards_are_audited_with_scope_language_and_count(client_for, in_english, directory):
    client_for("cr_editor").get(reverse("directory-cards"), {"lang": "es", "scope": "regional"})
    entry = exports().get()
    assert entry.action == AuditAction.EXPORT
    assert entry.actor.username == "cr_editor"
    assert entry.object_type == "directory.contact"
    assert entry.after["scope"] == "regional"
    assert entry.after["language"] == "es"
    assert entry.after["count"] == 1


def test_an_unknown_language_is_refused_with_a_message(client_for, in_english, directory):
    response = client_for("cr_editor").get(reverse("directory-cards"), {"lang": "fr"})
    assert response.status_code == 400
    assert "lang=es" in response.content.decode()
    assert not exports().exists()


@pytest.mark.parametrize("scope", ["ZZ", "nowhere", "GT"])
def test_an_unknown_or_hidden_scope_is_not_found(client_for, directory, scope):
    # GT exists, but a Costa Rican editor may not see its people: no different answer.
    response = client_for("cr_editor").get(reverse("directory-cards"), {"scope": scope})
    assert response.status_code == 404
    assert not exports().exists()


@pytest.mark.parametrize("persona", ["partner", "auditor"])
def test_the_cards_are_refused_to_who_may_not_read_people(client_for, directory, persona):
    response = client_for(persona).get(reverse("directory-cards"))
    assert response.status_code == 403


def test_the_cards_send_anonymous_visitors_to_sign_in(client_for, directory):
    response = client_for("anonymous").get(reverse("directory-cards"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_contributor_prints_the_cards_it_may_see(client_for, in_english, many_international):
    response = client_for("cr_contributor").get(reverse("directory-cards"), {"scope": "CR"})
    assert "CarmenRojasSolís" in squeeze(pdf_pages(response)[0])


# --- printed in the background -----------------------------------------------------------


def test_the_cards_made_in_the_background_download_from_the_jobs_page(
    client_for, directory, in_english
):
    client = client_for("cr_editor")
    response = client.post(reverse("directory-cards-job") + "?lang=en")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    filename = AuditEntry.objects.filter(action=AuditAction.EXPORT).last().after["file"]
    assert filename.endswith("-en.pdf")
    assert f"Download {filename}" in page
    download = client.get(response["Location"] + "file/")
    assert download["Content-Disposition"] == f'attachment; filename="{filename}"'
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download))).pages]
    assert "AnaSmith" in squeeze(" ".join(pages))
    assert exports().last().actor.username == "cr_editor"
    assert client_for("gt_editor").get(response["Location"] + "file/").status_code == 404


def test_the_cards_job_refuses_a_wrong_contact_number_before_it_starts(
    client_for, directory, in_english
):
    response = client_for("cr_editor").post(reverse("directory-cards-job") + "?contacts=1,x")
    assert response.status_code == 400
    assert "“x” is not a contact number" in response.content.decode()
