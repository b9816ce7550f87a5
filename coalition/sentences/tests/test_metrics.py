"""The sentences' figures other capabilities read: persons convicted, approved years only."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.core.models import Approval
from coalition.sentences import metrics
from coalition.sentences.models import APPROVAL_KIND
from coalition.sentences.tests.factories import sentence


def convicted(country, year, persons):
    sentence(
        country,
        final_date=datetime.date(year, 5, 1),
        defendants=(("convicted", "female", "adult", country.iso2, persons),),
    )


def test_persons_convicted_by_country_gives_approved_years_only(countries):
    gt, cr, hn = countries["GT"], countries["CR"], countries["HN"]
    convicted(gt, 2022, 2)
    convicted(gt, 2022, 3)
    convicted(cr, 2022, 4)
    Approval.objects.create(kind=APPROVAL_KIND, country=gt, year=2022, state="approved")
    Approval.objects.create(kind=APPROVAL_KIND, country=hn, year=2022, state="approved")

    with CaptureQueriesContext(connection) as queries:
        found = metrics.persons_convicted_by_country([gt, cr, hn], 2022)

    assert found == {gt.pk: 5, cr.pk: None, hn.pk: None}
    assert found[gt.pk] == metrics.persons_convicted(gt, 2022)
    assert len(queries) <= 3
