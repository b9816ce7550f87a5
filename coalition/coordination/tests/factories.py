"""Offices and referrals for the coordination's tests.

``offices(countries, organizations)`` gives the test world's offices: Costa Rica's FAI (the
``cr_contributor`` persona's organization) and new offices of Guatemala (two) and El
Salvador, each offering victim services. ``referral(sender, receiver, ...)`` sends one
through ``workflow.send`` (its first step and audit entry included), ``moved(referral,
*statuses)`` takes it through moves as its offices would.
"""

import datetime

from django.utils import timezone

from coalition.coordination import workflow
from coalition.coordination.choices import MOVES, AgeGroup, Need, ReferralKind, Urgency
from coalition.coordination.models import Referral, ReferralMessage
from coalition.core.choices import Exploitation, OrganizationKind, Service, Sex
from coalition.core.models import Organization

SERVICES = [Service.VICTIM_ASSISTANCE_OFFICE, Service.REPATRIATION, Service.SHELTER]


def office(country, name, acronym="", services=SERVICES):
    return Organization.objects.create(
        name=name,
        acronym=acronym,
        kind=OrganizationKind.GOVERNMENT,
        country=country,
        axes=["attention", "repatriation"],
        services=list(services),
    )


def offices(countries, organizations):
    fai = organizations["ngo_cr"]
    fai.services = list(SERVICES)
    fai.save()
    return {
        "cr": fai,
        "gt": office(countries["GT"], "Oficina de Atención a la Víctima de Guatemala", "OAV-GT"),
        "gt_other": office(
            countries["GT"], "Procuraduría de la Niñez de Guatemala", "PN-GT", [Service.LEGAL_AID]
        ),
        "sv": office(
            countries["SV"], "Oficina Local de Atención a Víctimas de El Salvador", "OLAV"
        ),
    }


def referral(
    sender,
    receiver,
    *,
    kind=ReferralKind.REPATRIATION,
    urgency=Urgency.ROUTINE,
    sent_at=None,
    by=None,
    **fields,
):
    """A referral sent from ``sender`` to ``receiver`` (by the user ``by``, else by the
    system) at ``sent_at`` (now)."""
    values = {
        "age_group": AgeGroup.YOUNG,
        "sex": Sex.FEMALE,
        "nationality": sender.country.iso2 or "",
        "languages": ["es"],
        "needs": [Need.SHELTER, Need.DOCUMENTS],
        "exploitation": [Exploitation.SEXUAL],
        "consent": True,
        "consent_on": datetime.date(2026, 1, 10),
        "summary": "Mujer joven detectada en un operativo; pide volver con su familia.",
        **fields,
    }
    made = Referral(
        sender=sender,
        receiver=receiver,
        kind=kind,
        urgency=urgency,
        sent_at=sent_at or timezone.now(),
        **values,
    )
    request = _Request(by) if by is not None else None
    return workflow.send(request, made, actor_repr=None if by else "system:tests")


def moved(made, *statuses, at=None, note="Motivo de prueba."):
    """``made`` taken through ``statuses`` in order, each move made as the system (no user
    check), at ``at`` (now) or a minute after the previous step."""
    when = at
    for status in statuses:
        assert status in MOVES.get(made.status, {}), f"{made.status} -> {status}"
        workflow.move(None, made, status, note=note, at=when, actor_repr="system:tests")
        if when is not None:
            when += datetime.timedelta(minutes=1)
    made.refresh_from_db()
    return made


def message(made, side, text="Recibido, coordinamos el traslado.", author=None):
    return ReferralMessage.objects.create(referral=made, side=side, text=text, author=author)


class _Request:
    """What ``workflow.send`` and the audit log read of a request."""

    def __init__(self, user):
        self.user = user
        self.META = {}
        self.request_id = ""
