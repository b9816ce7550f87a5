"""Demo sharing agreement: the demo partner (OIM) receives the statistics of Guatemala,
Costa Rica and El Salvador; Guatemala and Costa Rica approved it, El Salvador has not yet."""

import datetime

from django.utils import timezone

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import Country, Organization, User
from coalition.sentences.models import AgreementCountry, SharingAgreement

PURPOSE = (
    "[Demo] Análisis regional ficticio de sentencias firmes por trata de personas para el "
    "informe anual de la OIM sobre la región (solo cifras agregadas)."
)
APPROVED_BY = {"GT": "editor-gt", "CR": "editor-cr"}
PENDING = ["SV"]


def load_demo_sharing(actor):
    """Create the demo sharing agreement unless it exists; returns how many rows it made."""
    partner = Organization.objects.filter(acronym="OIM", country__is_regional=True).first()
    if partner is None or SharingAgreement.objects.filter(purpose=PURPOSE).exists():
        return 0
    today = timezone.localdate()
    agreement = SharingAgreement.objects.create(
        partner=partner,
        purpose=PURPOSE,
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today + datetime.timedelta(days=335),
        created_by=User.objects.filter(username="st-regional").first(),
    )
    audit.record(
        None, AuditAction.CREATE, agreement, actor_repr=actor, after=audit.snapshot(agreement)
    )
    created = 1
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=[*APPROVED_BY, *PENDING])}
    for iso2 in [*APPROVED_BY, *PENDING]:
        if iso2 not in countries:
            continue
        editor = User.objects.filter(username=APPROVED_BY.get(iso2, "")).first()
        row = AgreementCountry.objects.create(
            agreement=agreement,
            country=countries[iso2],
            approved_by=editor,
            approved_at=timezone.now() if editor else None,
        )
        action = AuditAction.APPROVE if editor else AuditAction.CREATE
        audit.record(
            None,
            action,
            row,
            actor_repr=actor,
            country=row.country,
            object_repr=f"{agreement.reference}: {iso2}",
            after={"approved_by": editor.pk if editor else None},
        )
        created += 1
    return created
