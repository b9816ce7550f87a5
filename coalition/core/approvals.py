"""The approval of a country's data for one year, as DHIS2 approves data sets.

A capability names its data by a *kind* ("sentences", later "indicators"). For one kind,
country and year, the country's editor **submits**; a regional administrator **approves**
(the data is then locked) or **returns** it with a comment; only a regional administrator
may **reopen** an approved year, with a comment, to let it change again. Every move is an
``ApprovalStep`` and an audit entry, written in the same transaction.

Capabilities ask ``is_locked`` before any change, and feed regional, partner and public
outputs from ``approved_years`` only.

The approval pages (``core.approval_views``) serve every kind; each capability registers
its own once, from its ``AppConfig.ready()``, with ``register(kind, label, data_url,
summary)``: ``core`` never imports a capability.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access, audit
from coalition.core.choices import ApprovalAction, ApprovalState, AuditAction
from coalition.core.models import Approval, ApprovalStep
from coalition.lib import limits

# action -> (states it may start from, the state it leads to, the audit action)
MOVES = {
    ApprovalAction.SUBMIT: (
        {ApprovalState.OPEN, ApprovalState.RETURNED},
        ApprovalState.SUBMITTED,
        AuditAction.SUBMIT,
    ),
    ApprovalAction.APPROVE: (
        {ApprovalState.SUBMITTED},
        ApprovalState.APPROVED,
        AuditAction.APPROVE,
    ),
    ApprovalAction.RETURN: ({ApprovalState.SUBMITTED}, ApprovalState.RETURNED, AuditAction.RETURN),
    ApprovalAction.REOPEN: ({ApprovalState.APPROVED}, ApprovalState.OPEN, AuditAction.REOPEN),
}
# Moves that must say why.
NEEDS_COMMENT = {ApprovalAction.RETURN, ApprovalAction.REOPEN}
# What a refused move says the year "cannot be" now.
_MOVED = {
    ApprovalAction.SUBMIT: gettext_lazy("submitted"),
    ApprovalAction.APPROVE: gettext_lazy("approved"),
    ApprovalAction.RETURN: gettext_lazy("returned"),
    ApprovalAction.REOPEN: gettext_lazy("reopened"),
}


class Kind(NamedTuple):
    """A kind of data that countries submit for approval, as its capability registers it:
    ``label`` (translated, lazy), ``data_url(country, year)`` (the page of that year's
    data) and, optionally, ``summary(country, year)`` -> [(label, value)] (what the
    approver is about to approve, shown on the approval's page) and
    ``check(request, action, country, year)``, called by ``move`` inside its transaction
    before a move is made, whatever page makes it: it raises ``ValidationError`` to
    refuse the move (an incomplete questionnaire cannot be submitted). ``regional``: the
    regional level reports this kind too (its own plan progress), not only the members."""

    name: str
    label: str
    data_url: object
    summary: object = None
    check: object = None
    regional: bool = False


KINDS = {}


def register(kind, label, data_url, summary=None, check=None, regional=False):
    """Make ``kind`` known to the approval pages (from the capability's ``ready()``)."""
    KINDS[kind] = Kind(kind, label, data_url, summary, check, regional)


def kind_choices():
    return [(kind.name, kind.label) for kind in KINDS.values()]


def kind_label(kind):
    found = KINDS.get(kind)
    return found.label if found else kind


def approval_for(kind, country, year):
    """The approval row of (kind, country, year); an unsaved open one when none exists."""
    found = Approval.objects.filter(kind=kind, country=country, year=year).first()
    return found or Approval(kind=kind, country=country, year=year)


def state_of(kind, country, year):
    return approval_for(kind, country, year).state


def states(kind, records):
    """{(country id, year): state} of the approvals of ``kind`` that ``records`` (rows with
    ``country_id`` and ``year``) fall in, in one query; a pair missing from it is open."""
    pairs = {(record.country_id, record.year) for record in records}
    if not pairs:
        return {}
    rows = Approval.objects.filter(
        kind=kind,
        country_id__in={country for country, _year in pairs},
        year__in={year for _country, year in pairs},
    ).values_list("country_id", "year", "state")
    return {(country, year): state for country, year, state in rows}


def is_locked(kind, country_id, year):
    """Is this country's data of this year approved (so it may not change)?"""
    return Approval.objects.filter(
        kind=kind, country_id=country_id, year=year, state=ApprovalState.APPROVED
    ).exists()


def approved_years(kind, country_ids=None):
    """{(country_id, year)} of the approved data of ``kind`` (of ``country_ids`` if given)."""
    rows = Approval.objects.filter(kind=kind, state=ApprovalState.APPROVED)
    if country_ids is not None:
        rows = rows.filter(country_id__in=country_ids)
    return set(rows.values_list("country_id", "year"))


def frozen_years(kind, pairs):
    """Those of ``pairs`` [(country_id, year)] whose data of ``kind`` has left the open
    state (submitted, returned or approved): what was submitted is kept as it was read."""
    pairs = set(pairs)
    if not pairs:
        return set()
    rows = Approval.objects.filter(kind=kind).exclude(state=ApprovalState.OPEN)
    rows = rows.filter(country_id__in={country for country, _year in pairs})
    return set(rows.values_list("country_id", "year")) & pairs


def may_move(user, action, approval):
    """May ``user`` make this move? Submitting is the country's (its editor, or a regional
    administrator); approving, returning and reopening are the regional administrators'."""
    if action == ApprovalAction.SUBMIT:
        return access.can_manage_country(user, approval.country)
    return access.is_regional_admin(user)


def allowed_moves(user, approval):
    """The moves ``user`` may make now, in order."""
    return [
        action
        for action, (sources, _target, _audit) in MOVES.items()
        if approval.state in sources and may_move(user, action, approval)
    ]


def move(request, action, kind, country, year, comment=""):
    """Make one move, audited; raises ``ValidationError`` (with a message for the user) when
    the state does not allow it or a needed comment is missing, ``PermissionDenied`` when
    the user may not make it."""
    action = ApprovalAction(action)
    comment = (comment or "").strip()
    if not may_move(request.user, action, approval_for(kind, country, year)):
        access.deny(request, reason=f"approval:{action}")
    with transaction.atomic():
        # Created (or found) and locked in one step: two first moves at once meet on the
        # unique constraint inside get_or_create, not as a server error; a refused move
        # rolls the new row back with the rest.
        approval, created = Approval.objects.select_for_update().get_or_create(
            kind=kind, country=country, year=year
        )
        sources, target, audit_action = MOVES[action]
        if approval.state not in sources:
            raise ValidationError(
                _("This year is %(state)s: it cannot be %(action)s now.")
                % {"state": approval.get_state_display().lower(), "action": _MOVED[action]}
            )
        if action in NEEDS_COMMENT and not comment:
            raise ValidationError(_("Say why, in the comment: the country's editors will read it."))
        if len(comment) > limits.NOTE:
            raise ValidationError(
                _("The comment is too long: at most %(limit)d characters.") % {"limit": limits.NOTE}
            )
        found = KINDS.get(kind)
        if found is not None and found.check is not None:
            found.check(request, action, country, year)
        before = None if created else approval.state
        approval.state = target
        approval.save()
        ApprovalStep.objects.create(
            approval=approval, action=action, actor=request.user, comment=comment
        )
        audit.record(
            request,
            audit_action,
            approval,
            country=country,
            before={"state": before},
            after={"state": target, "comment": comment},
        )
    return approval
