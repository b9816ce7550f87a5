"""The plans' figures other capabilities read: activities a country completed in a year."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coalition.plans import metrics
from coalition.plans.choices import ProgressStatus
from coalition.plans.models import ProgressRevision
from coalition.plans.tests.conftest import build_plan


def at(year, month=6):
    return datetime.datetime(year, month, 1, tzinfo=datetime.UTC)


def revise(progress, status, when):
    progress.status = status
    progress.save()
    revision = ProgressRevision.of(progress, None)
    ProgressRevision.objects.filter(pk=revision.pk).update(changed_at=when)


def test_activities_completed_counts_the_year_each_one_was_last_marked_done(countries):
    data = build_plan(countries)
    year = timezone.now().year
    gt, cr, hn = countries["GT"], countries["CR"], countries["HN"]
    ProgressRevision.objects.filter(progress=data["progress"]["GT"]).update(changed_at=at(2021))
    # CR marks it done in 2021, reopens it in 2022 and closes it again this year.
    cr_row = data["progress"]["CR"]
    ProgressRevision.objects.filter(progress=cr_row).update(changed_at=at(2020))
    revise(cr_row, ProgressStatus.DONE, at(2021))
    revise(cr_row, ProgressStatus.IN_PROGRESS, at(2022))
    revise(cr_row, ProgressStatus.DONE, at(year, 2))

    with CaptureQueriesContext(connection) as queries:
        this_year = metrics.activities_completed_by_country([gt, cr, hn], year)

    # GT's row was saved this year (so it reported), but it was done in 2021.
    assert this_year == {gt.pk: 0, cr.pk: 1, hn.pk: None}
    assert metrics.activities_completed_by_country([gt, cr], 2021) == {gt.pk: 1, cr.pk: 0}
    assert metrics.activities_completed_by_country([cr], 2019) == {cr.pk: None}
    assert len(queries) <= 3
