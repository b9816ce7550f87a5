"""Attendance phones are kept as the directory keeps phones: one number, read in the
participant's country by lib.phones, whether typed by hand, imported or already stored,
and shown in international format."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from coalition.events.attendance_io import AttendanceFileError, import_attendance
from coalition.events.models import Participant
from coalition.events.tests.conftest import make_event, make_participant
from coalition.events.tests.test_import import HEADER, csv_bytes


@pytest.fixture
def meeting(countries):
    return make_event(countries["CR"], "Reunión", datetime.date(2026, 11, 2))


def attendee(countries, iso2="CR", phone="8888-1111", **more):
    return {
        "name": "Laura Jiménez",
        "sex": "F",
        "organization_name": "Fiscalía",
        "profession": "prosecutors",
        "country": countries[iso2].pk,
        "phone": phone,
        "days": ["2026-11-02"],
        **more,
    }


def test_a_phone_typed_by_hand_is_read_in_the_participants_country(client_for, countries, meeting):
    client = client_for("cr_editor")
    response = client.post(reverse("attendee-add", args=[meeting.pk]), attendee(countries))
    assert response.status_code == 302
    laura = Participant.objects.get(name="Laura Jiménez")
    assert laura.phone == "+50688881111"
    page = client.get(laura.get_absolute_url()).content.decode()
    assert "+506 8888 1111" in page


def test_the_same_digits_are_read_in_another_country_when_the_person_works_there(
    client_for, countries, meeting
):
    response = client_for("cr_editor").post(
        reverse("attendee-add", args=[meeting.pk]), attendee(countries, "GT", "5555-1234")
    )
    assert response.status_code == 302
    assert Participant.objects.get(name="Laura Jiménez").phone == "+50255551234"


def test_a_phone_that_is_no_number_of_the_country_is_refused_by_name(
    client_for, countries, meeting
):
    response = client_for("cr_editor").post(
        reverse("attendee-add", args=[meeting.pk]), attendee(countries, phone="12")
    )
    assert response.status_code == 400
    page = response.content.decode()
    under_phone = page.split('id="id_phone"', 1)[1].split('<div class="mb-3">', 1)[0]
    assert "«12» no es un número válido de CR." in under_phone
    assert not Participant.objects.filter(name="Laura Jiménez").exists()


def test_an_imported_phone_is_stored_like_one_typed_by_hand(meeting, organizations):
    content = csv_bytes(
        HEADER, ["Ana Mora", "F", "Poder Judicial", "Jueces", "CR", "", "8888 1111"]
    )
    import_attendance(meeting, content, "lista.csv")
    assert Participant.objects.get(name="Ana Mora").phone == "+50688881111"


def test_an_imported_phone_that_is_no_number_is_a_problem_of_its_row(meeting, organizations):
    content = csv_bytes(HEADER, ["Ana Mora", "F", "Poder Judicial", "Jueces", "CR", "", "12"])
    with pytest.raises(AttendanceFileError) as error:
        import_attendance(meeting, content, "lista.csv")
    assert [(p.row, p.column) for p in error.value.problems] == [(2, "Teléfono")]
    assert not Participant.objects.exists()


def test_the_participant_form_shows_the_phone_as_the_directory_does(client_for, countries):
    luis = make_participant(countries["CR"], "Luis Solís", phone="+50688881111")
    page = client_for("cr_editor").get(reverse("participant-update", args=[luis.pk]))
    assert 'value="+506 8888 1111"' in page.content.decode()


def test_stored_phones_are_normalised_and_those_that_are_no_number_kept_as_typed(countries):
    typed = make_participant(countries["CR"], "Ana Mora", phone="8888-1111")
    odd = make_participant(countries["CR"], "Eva Rojas", "OIJ", phone="ext. 12")
    regional = make_participant(countries["regional"], "Sam Lee", "OIM", phone="+1 202 555 0143")
    migration = importlib.import_module(
        "coalition.events.migrations.0003_normalize_participant_phones"
    )
    migration.normalize_phones(apps, None)
    for row in (typed, odd, regional):
        row.refresh_from_db()
    assert typed.phone == "+50688881111"
    assert odd.phone == "ext. 12"
    assert regional.phone == "+12025550143"
