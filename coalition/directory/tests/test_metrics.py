"""The directory's figures other capabilities read: victim-protection institutions
confirmed correct in the last 180 days."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.core.choices import Axis, Service
from coalition.directory import metrics
from coalition.directory.tests.conftest import make_institution

ON = datetime.date(2025, 3, 31)


def ago(days):
    return ON - datetime.timedelta(days=days)


def test_institutions_verified_counts_victim_protection_ones_confirmed_within_180_days(
    countries, organizations
):
    cr, gt, hn = countries["CR"], countries["GT"], countries["HN"]
    make_institution(cr, "Albergue", axes=[Axis.ATTENTION], last_verified=ago(0))
    make_institution(cr, "Asesoría legal", services=[Service.LEGAL_AID], last_verified=ago(180))
    make_institution(cr, "Vencida", services=[Service.SHELTER], last_verified=ago(181))
    make_institution(
        cr, "Futura", services=[Service.SHELTER], last_verified=ON.replace(day=30, month=4)
    )
    make_institution(gt, "Sin confirmar", axes=[Axis.ATTENTION], last_verified=None)

    with CaptureQueriesContext(connection) as queries:
        found = metrics.institutions_verified_by_country([cr, gt, hn], ON)

    # HN has only the shared prevention institutions: nothing to count from.
    assert found == {cr.pk: 2, gt.pk: 0, hn.pk: None}
    assert len(queries) == 1
