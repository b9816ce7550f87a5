"""The printable sign-in sheet and the filled attendance list, read back from the PDF."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coalition.core.models import AuditEntry
from coalition.core.tests.pdfs import assert_generated_once
from coalition.events.choices import EventKind, EventStatus, Profession, Sex
from coalition.events.models import Attendance, Event, Participant

SIGN_IN_HEADERS = [
    "No.",
    "Name",
    "Institution",
    "Profession",
    "Sex",
    "E-mail or phone",
    "Signature",
]


def pdf_pages(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def squeeze(text):
    # Text extraction may break a line anywhere; compare without the whitespace.
    return "".join(text.split())


@pytest.fixture
def workshop(countries, organizations):
    event = Event.objects.create(
        country=countries["CR"],
        kind=EventKind.WORKSHOP,
        title="Taller para jueces penales",
        starts=datetime.date(2026, 8, 10),
        ends=datetime.date(2026, 8, 12),
        status=EventStatus.HELD,
        city="San José",
        venue="Hotel Balmoral",
    )
    event.organizers.add(organizations["st_cr"])
    return event


@pytest.fixture
def attendees(workshop, countries):
    ana = Participant.objects.create(
        name="Ana Mora",
        sex=Sex.FEMALE,
        organization_name="Poder Judicial",
        profession=Profession.JUDGES,
        country=countries["CR"],
        email="ana.mora@example.test",
        phone="+506 2222 0000",
    )
    marta = Participant.objects.create(
        name="Marta Perez",
        sex=Sex.FEMALE,
        organization_name="Organismo Judicial",
        profession=Profession.PROSECUTORS,
        country=countries["GT"],
        email="marta.perez@example.test",
        phone="+502 5555 0000",
    )
    for day in workshop.days:
        Attendance.objects.create(event=workshop, participant=ana, day=day)
    Attendance.objects.create(event=workshop, participant=marta, day=workshop.days[1])
    return {"ana": ana, "marta": marta}


@pytest.fixture
def regional_meeting(countries):
    return Event.objects.create(
        country=countries["regional"],
        kind=EventKind.REGIONAL_MEETING,
        title="Reunion de la Coalicion Regional",
        starts=datetime.date(2027, 3, 15),
        ends=datetime.date(2027, 3, 16),
        status=EventStatus.PLANNED,
    )


def sign_in_sheet(client, event, **params):
    return client.get(reverse("sign-in-sheet", args=[event.pk]), {"lang": "en", **params})


def attendance_pdf(client, event):
    return client.get(reverse("attendance-pdf", args=[event.pk]), {"lang": "en"})


def test_the_sign_in_sheet_has_a_page_for_each_day_with_title_and_columns(client_for, workshop):
    pages = pdf_pages(sign_in_sheet(client_for("cr_editor"), workshop))

    assert len(pages) >= 3
    for text in pages:
        assert squeeze(workshop.title) in squeeze(text)
        for header in SIGN_IN_HEADERS:
            assert squeeze(header) in squeeze(text)


def test_the_sign_in_sheet_names_each_day(client_for, workshop):
    text = squeeze(" ".join(pdf_pages(sign_in_sheet(client_for("cr_editor"), workshop))))

    for number in (1, 2, 3):
        assert squeeze(f"Day {number} of 3") in text
    assert squeeze("Judges and magistrates") in text


def test_more_rows_give_more_pages(client_for, workshop):
    client = client_for("cr_editor")

    default = pdf_pages(sign_in_sheet(client, workshop))
    longer = pdf_pages(sign_in_sheet(client, workshop, rows=60))

    assert len(longer) > len(default)


def test_the_attendance_list_shows_the_attendees_to_an_editor(client_for, workshop, attendees):
    text = squeeze(" ".join(pdf_pages(attendance_pdf(client_for("cr_editor"), workshop))))

    assert squeeze("Attendance list") in text
    assert squeeze(workshop.title) in text
    assert "AnaMora" in text
    assert "MartaPerez" in text
    assert "ana.mora@example.test" in text


def test_the_attendance_list_hides_the_contact_of_another_countrys_participant(
    client_for, workshop, attendees
):
    text = squeeze(" ".join(pdf_pages(attendance_pdf(client_for("cr_editor"), workshop))))

    assert "MartaPerez" in text
    assert "marta.perez@example.test" not in text
    assert "55550000" not in text


def test_the_attendance_list_says_once_when_it_was_generated(client_for, workshop, attendees):
    response = attendance_pdf(client_for("regional_admin"), workshop)
    for page in pdf_pages(response):
        assert_generated_once(page, "en")


def test_the_attendance_list_never_cuts_an_e_mail_or_a_phone_in_two(
    client_for, workshop, attendees
):
    Participant.objects.filter(pk=attendees["ana"].pk).update(
        email="ana.arias.cr113@demo.coalition.invalid", phone="+506 8800 0912"
    )
    Participant.objects.filter(pk=attendees["marta"].pk).update(
        email="coordinacion.regional.proteccion@organizacion-internacional.example.test"
    )
    text = "\n".join(pdf_pages(attendance_pdf(client_for("regional_admin"), workshop)))
    # Each on one line of the page (a smaller type when long)...
    assert "ana.arias.cr113@demo.coalition.invalid" in text
    assert "+506 8800 0912" in text
    # ...and one too long even for the smallest type is cut after its "@", nowhere else.
    assert "coordinacion.regional.proteccion@\norganizacion-internacional.example.test" in text


def test_the_attendance_list_prints_a_phone_without_an_e_mail(client_for, workshop, attendees):
    Participant.objects.filter(pk=attendees["ana"].pk).update(email="")
    text = "\n".join(pdf_pages(attendance_pdf(client_for("regional_admin"), workshop)))
    assert "+506 2222 0000" in text


def test_the_attendance_list_says_when_nobody_was_recorded(client_for, workshop):
    text = squeeze(" ".join(pdf_pages(attendance_pdf(client_for("cr_editor"), workshop))))

    assert squeeze("No attendance recorded yet.") in text


def test_the_attendance_list_is_refused_to_a_partner(client_for, regional_meeting):
    response = attendance_pdf(client_for("partner"), regional_meeting)

    assert response.status_code == 403


def test_the_sign_in_sheet_is_allowed_to_a_partner_on_a_regional_event(
    client_for, regional_meeting
):
    pages = pdf_pages(sign_in_sheet(client_for("partner"), regional_meeting))

    assert len(pages) >= 2


def test_downloading_the_attendance_list_is_audited(client_for, workshop, attendees):
    pdf_pages(attendance_pdf(client_for("cr_editor"), workshop))

    entry = AuditEntry.objects.get(action="export", object_id=str(workshop.pk))
    assert entry.after["people"] == 2
