"""The demo events of ``load_demo``: fictitious, linked to the plans, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from coalition.core.models import AuditEntry
from coalition.events.choices import EventStatus
from coalition.events.models import Attendance, Event, Participant

PLANS = (
    "coalition/plans/data/plan-operativo-2012.json",
    "coalition/plans/data/agenda-2012-2013.json",
)


@pytest.mark.django_db
def test_load_demo_creates_fictitious_events_once(countries):
    call_command("load_plan", *PLANS, stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo events:" in out.getvalue()

    events = Event.objects.all()
    assert 14 <= events.count() <= 18
    member_countries = set(
        events.filter(country__is_regional=False).values_list("country", flat=True)
    )
    assert len(member_countries) >= 5
    assert events.filter(country__is_regional=True).exists()
    assert set(events.values_list("status", flat=True)) == set(EventStatus.values)
    assert events.filter(starts__year=2026, starts__month__in=[11, 12]).count() >= 2
    assert all("[Demo]" in e.description for e in events)

    held = events.filter(status=EventStatus.HELD).annotate(
        n=Count("attendance__participant", distinct=True)
    )
    for event in held:
        assert 8 <= event.n <= 25, event
        assert event.activities.exists(), event
    assert any(
        event.is_multi_day and event.attendance.values("day").distinct().count() == 3
        for event in held
    )

    emails = list(Participant.objects.values_list("email", flat=True))
    assert emails and all(e.endswith("@demo.coalition.invalid") for e in emails)
    assert all(
        p.startswith("+") and " 0000 " in p
        for p in Participant.objects.values_list("phone", flat=True)
    )
    assert set(Participant.objects.values_list("sex", flat=True)) >= {"F", "M"}
    regulars = Participant.objects.annotate(n=Count("attendance__event", distinct=True)).filter(
        n__gte=2
    )
    assert regulars.exists()
    # Someone of a multi-day event came on some days only.
    per_person = Attendance.objects.values("event", "participant").annotate(days=Count("day"))
    assert {row["days"] for row in per_person} >= {1, 2, 3}

    created = AuditEntry.objects.filter(object_type="events.event", action="create")
    assert created.count() == events.count()
    assert set(created.values_list("actor_repr", flat=True)) == {"system:load_demo"}

    counts = (Event.objects.count(), Participant.objects.count(), Attendance.objects.count())
    audited = AuditEntry.objects.filter(object_type__startswith="events.").count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo events: 0 rows created." in out.getvalue()
    assert (
        Event.objects.count(),
        Participant.objects.count(),
        Attendance.objects.count(),
    ) == counts
    assert AuditEntry.objects.filter(object_type__startswith="events.").count() == audited
