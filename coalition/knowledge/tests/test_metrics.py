"""The knowledge figures other capabilities read: cooperation agreements in force."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.knowledge import metrics
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement

day = datetime.date


def agreement(country, status, signed_on=None, effective_on=None, expires_on=None):
    return Agreement.objects.create(
        country=country,
        title=f"Convenio {status} {signed_on}",
        kind=AgreementKind.MIGRATION,
        status=status,
        signed_on=signed_on,
        effective_on=effective_on,
        expires_on=expires_on,
    )


def test_agreements_in_force_counts_signed_effective_and_unexpired_ones(countries):
    sv, hn, pa = countries["SV"], countries["HN"], countries["PA"]
    agreement(sv, AgreementStatus.IN_FORCE, day(2019, 1, 1))
    agreement(sv, AgreementStatus.SIGNED, day(2019, 1, 1), day(2019, 2, 1), day(2022, 12, 31))
    agreement(sv, AgreementStatus.EXPIRED, day(2019, 1, 1), expires_on=day(2022, 12, 30))
    agreement(sv, AgreementStatus.SIGNED, day(2022, 6, 1), effective_on=day(2023, 1, 1))
    agreement(sv, AgreementStatus.TERMINATED, day(2019, 1, 1))
    agreement(sv, AgreementStatus.IN_FORCE)  # no signing date: cannot be placed in time
    agreement(hn, AgreementStatus.NEGOTIATION)

    with CaptureQueriesContext(connection) as queries:
        found = metrics.agreements_in_force_by_country([sv, hn, pa], day(2022, 12, 31))

    assert found == {sv.pk: 2, hn.pk: 0, pa.pk: None}
    assert len(queries) == 1
