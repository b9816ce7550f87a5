"""The events' figures other capabilities read: judges and prosecutors trained."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.events import metrics
from coalition.events.choices import EventKind, EventStatus, Profession
from coalition.events.tests.conftest import attend, make_event, make_participant


def test_justice_trained_counts_each_person_once_by_the_country_they_work_in(countries):
    gt, cr, hn = countries["GT"], countries["CR"], countries["HN"]
    regional = make_event(countries["regional"], "Taller regional", datetime.date(2023, 4, 3), 2)
    national = make_event(gt, "Taller nacional", datetime.date(2023, 8, 1))
    judge = make_participant(gt, "Ana Juez")
    prosecutor = make_participant(cr, "Luis Fiscal", profession=Profession.PROSECUTORS)
    for person in (judge, prosecutor):
        attend(regional, person)
    attend(national, judge)
    attend(national, make_participant(gt, "Rosa Policía", profession=Profession.POLICE))
    cancelled = make_event(gt, "Cancelado", datetime.date(2023, 9, 1), status=EventStatus.CANCELLED)
    attend(cancelled, make_participant(gt, "Jueza ausente"))
    meeting = make_event(gt, "Reunión", datetime.date(2023, 5, 1), kind=EventKind.REGIONAL_MEETING)
    attend(meeting, make_participant(gt, "Juez en reunión"))

    with CaptureQueriesContext(connection) as queries:
        found = metrics.justice_trained_by_country([gt, cr, hn], 2023)

    assert found == {gt.pk: 1, cr.pk: 1, hn.pk: None}
    assert metrics.justice_trained_by_country([gt], 2024) == {gt.pk: None}
    assert len(queries) == 1
