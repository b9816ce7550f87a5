"""Sample URL arguments of the sharing pages, for the URL sweep (see core/tests/sweep.py)."""

import datetime

from django.test import RequestFactory
from django.utils import timezone

from coalition.sentences.models import AgreementCountry, SharingAgreement
from coalition.sentences.sharing import package as sharing


def samples(fixtures):
    countries = fixtures["countries"]
    organizations = fixtures["organizations"]
    personas = fixtures["personas"]
    today = timezone.localdate()
    valid = SharingAgreement.objects.create(
        partner=organizations["oim"],
        purpose="Sweep: a valid agreement",
        valid_from=today - datetime.timedelta(days=1),
        valid_to=today + datetime.timedelta(days=30),
    )
    for iso2, editor in (("CR", "cr_editor"), ("GT", "gt_editor")):
        AgreementCountry.objects.create(
            agreement=valid,
            country=countries[iso2],
            approved_by=personas[editor],
            approved_at=timezone.now(),
        )
    pending = SharingAgreement.objects.create(
        partner=organizations["st_regional"],
        purpose="Sweep: a pending agreement of another organization",
        valid_from=today,
        valid_to=today + datetime.timedelta(days=30),
    )
    AgreementCountry.objects.create(agreement=pending, country=countries["GT"])
    request = RequestFactory().post("/")
    request.user = personas["partner"]
    package = sharing.generate(request, valid)
    agreements = [{"pk": valid.pk}, {"pk": pending.pk}]
    return {
        "sharing-agreement-detail": agreements,
        "sharing-agreement-update": agreements,
        "sharing-agreement-statistics": agreements,
        "sharing-agreement-approve": [
            {"pk": valid.pk, "iso2": "CR"},
            {"pk": pending.pk, "iso2": "GT"},
        ],
        "sharing-agreement-withdraw": [
            {"pk": valid.pk, "iso2": "GT"},
            {"pk": pending.pk, "iso2": "GT"},
        ],
        "sharing-package-generate": agreements,
        "sharing-package-download": {"pk": package.pk},
        "api:sharing-agreement-detail": agreements,
    }
