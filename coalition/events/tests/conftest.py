"""Fixtures of the events app. ``build_events`` (also used by ``sweep.py``) makes a plan
activity, and events in Costa Rica (a held 3-day workshop with attendance), Guatemala
(a held meeting) and at the regional level (a planned meeting), with a material each."""

import datetime

import pytest
from django.core.files.base import ContentFile

from coalition.events.choices import EventKind, EventStatus, Profession, Sex
from coalition.events.models import Attendance, Event, Material, Participant
from coalition.plans.tests.conftest import (
    PDF_BYTES,
    build_plan,
    plan_data,  # noqa: F401 (a fixture for these tests)
)


def make_event(country, title, starts, days=1, **fields):
    fields.setdefault("kind", EventKind.WORKSHOP)
    fields.setdefault("status", EventStatus.HELD)
    return Event.objects.create(
        country=country,
        title=title,
        starts=starts,
        ends=starts + datetime.timedelta(days=days - 1),
        **fields,
    )


def make_participant(country, name, organization="Poder Judicial", **fields):
    fields.setdefault("sex", Sex.FEMALE)
    fields.setdefault("profession", Profession.JUDGES)
    return Participant.objects.create(
        country=country, name=name, organization_name=organization, **fields
    )


def attend(event, participant, *days):
    for day in days or event.days:
        Attendance.objects.create(event=event, participant=participant, day=day)


def add_material(event, name="agenda.pdf"):
    material = Material(
        event=event,
        country=event.country,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    material.file.save("upload", ContentFile(PDF_BYTES), save=False)
    material.save()
    return material


def build_events(countries, with_plan=True):
    """The events; with ``with_plan`` also ``build_plan``'s plan, whose activity II.1 the
    workshop and the meeting verify (the URL sweep, which builds that plan already for the
    plans app, passes False)."""
    plan = build_plan(countries) if with_plan else None
    activity = plan["activities"]["II.1"] if plan else None
    cr, gt, regional = countries["CR"], countries["GT"], countries["regional"]
    workshop = make_event(
        cr,
        "Taller para jueces penales",
        datetime.date(2026, 8, 10),
        days=3,
        audiences=[Profession.JUDGES],
        city="San José",
    )
    if activity is not None:
        workshop.activities.add(activity)
    ana = make_participant(cr, "Ana Mora", email="ana.mora@example.test", phone="+506 2222 0000")
    luis = make_participant(cr, "Luis Solís", sex=Sex.MALE, profession=Profession.PROSECUTORS)
    marta = make_participant(gt, "Marta Pérez", organization="Organismo Judicial")
    attend(workshop, ana)
    attend(workshop, luis, workshop.starts)
    attend(workshop, marta, workshop.days[1])
    meeting = make_event(
        gt,
        "Reunión técnica con la PNC",
        datetime.date(2026, 9, 3),
        kind=EventKind.TECHNICAL_MEETING,
    )
    if activity is not None:
        meeting.activities.add(activity)
    attend(meeting, marta)
    regional_meeting = make_event(
        regional,
        "Reunión de la Coalición Regional",
        datetime.date(2027, 3, 15),
        days=2,
        kind=EventKind.REGIONAL_MEETING,
        status=EventStatus.PLANNED,
        host_country=countries["PA"],
    )
    return {
        "plan": plan,
        "activity": activity,
        "workshop": workshop,
        "meeting": meeting,
        "regional": regional_meeting,
        "people": {"ana": ana, "luis": luis, "marta": marta},
        "materials": {
            "CR": add_material(workshop),
            "GT": add_material(meeting),
            "regional": add_material(regional_meeting),
        },
    }


@pytest.fixture
def events(personas, countries, organizations):
    return build_events(countries)
