"""The same person across events is one participant: same name and institution (folded),
or same e-mail; "people trained" counts each person once."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from coalition.events import metrics
from coalition.events.attendance_io import import_attendance
from coalition.events.models import Attendance, Participant, identity_key
from coalition.events.tests.conftest import attend, make_event, make_participant
from coalition.events.tests.test_import import HEADER, csv_bytes


def test_identity_keys_ignore_case_accents_spacing_and_punctuation():
    assert identity_key("  José  Pérez-Ruiz ") == identity_key("jose perez ruiz")
    assert identity_key("Poder Judicial.") == identity_key("PODER  JUDICIAL")
    assert identity_key("Ana Mora") != identity_key("Ana Morales")


def test_the_same_person_at_two_events_is_one_participant(countries, organizations):
    first = make_event(countries["CR"], "Taller 1", datetime.date(2026, 9, 1))
    second = make_event(countries["CR"], "Taller 2", datetime.date(2026, 10, 1))
    import_attendance(
        first,
        csv_bytes(HEADER, ["José Pérez", "M", "Poder Judicial", "Jueces", "CR", "", ""]),
        "a.csv",
    )
    result = import_attendance(
        second,
        csv_bytes(HEADER, ["JOSE  PEREZ", "M", "poder judicial.", "Jueces", "CR", "", ""]),
        "b.csv",
    )
    assert (result.people_new, result.people_known) == (0, 1)
    assert Participant.objects.count() == 1
    assert Attendance.objects.count() == 2


def test_the_same_e_mail_is_the_same_person_whatever_the_name(countries, organizations):
    event = make_event(countries["CR"], "Taller", datetime.date(2026, 9, 1))
    known = make_participant(countries["CR"], "María Fernanda Solano", email="mfs@example.test")
    result = import_attendance(
        event,
        csv_bytes(HEADER, ["Mafe Solano", "F", "OIJ", "Policía", "CR", "MFS@example.test", ""]),
        "a.csv",
    )
    assert result.people_known == 1 and result.people_new == 0
    assert list(event.attendance.values_list("participant", flat=True)) == [known.pk]


def test_an_acronym_of_the_directory_names_the_same_institution(countries, organizations):
    """ "ST-CR" on one list and the institution's full name on another: one person."""
    event = make_event(countries["CR"], "Reunión", datetime.date(2026, 9, 1))
    full_name = organizations["st_cr"].name
    import_attendance(
        event,
        csv_bytes(
            HEADER,
            ["Laura Vargas", "F", "ST-CR", "Otro", "CR", "", ""],
        ),
        "a.csv",
    )
    person = Participant.objects.get()
    assert person.organization_name == full_name
    assert person.organization == organizations["st_cr"]
    second = make_event(countries["CR"], "Reunión 2", datetime.date(2026, 10, 1))
    result = import_attendance(
        second, csv_bytes(HEADER, ["laura vargas", "F", full_name, "Otro", "CR", "", ""]), "b.csv"
    )
    assert result.people_known == 1


def test_the_database_refuses_a_second_record_of_the_same_person(countries):
    make_participant(countries["CR"], "Ana Mora", email="ana@example.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_participant(countries["CR"], "ANA MORA", organization="poder judicial")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_participant(countries["GT"], "Otra Persona", email="ANA@example.test")
    make_participant(countries["CR"], "Ana Mora", organization="Fiscalía")  # another person


def test_people_trained_counts_each_person_once(countries):
    """Three workshops, a person at all three and on several days: counted once."""
    plan_events = [
        make_event(countries["CR"], f"Taller {n}", datetime.date(2026, n, 1), days=2)
        for n in (3, 4, 5)
    ]
    ana = make_participant(countries["CR"], "Ana Mora")
    luis = make_participant(countries["CR"], "Luis Solís", sex="M", profession="prosecutors")
    for event in plan_events:
        attend(event, ana)
    attend(plan_events[0], luis, plan_events[0].starts)
    trained = metrics.people_by_profession(metrics.held_events(year=2026))
    assert trained.people == 2
    assert trained.by_sex == {"F": 1, "M": 1}
    assert trained.by_profession == {"judges": 1, "prosecutors": 1}


def test_activity_figures_count_events_and_distinct_people(events):
    figures = metrics.activity_figures([events["activity"].pk])[events["activity"].pk]
    assert (figures.held, figures.workshops, figures.meetings, figures.planned) == (2, 1, 1, 0)
    assert figures.countries == {"CR": 1, "GT": 1}
    # Marta attended both events: three people in all, not four.
    assert figures.people == 3
    assert figures.by_sex == {"F": 2, "M": 1}
