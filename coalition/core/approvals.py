"""The approval of a country's data for one year, as DHIS2 approves data sets.

A capability names its data by a *kind* ("sentences", later "indicators"). For one kind,
country and year, the country's editor **submits**; a regional administrator **approves**
(the data is then locked) or **returns** it with a comment; only a regional administrator
may **reopen** an approved year, with a comment, to let it change again. Every move is an
``ApprovalStep`` and an audit entry, written in the same transaction.

Capabilities ask ``is_locked`` before any change, and feed regional, partner and public
outputs from ``approved_years`` only.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.core import access, audit
from coalition.core.choices import ApprovalAction, ApprovalState, AuditAction
from coalition.core.models import Approval, ApprovalStep

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


def approval_for(kind, country, year):
    """The approval row of (kind, country, year); an unsaved open one when none exists."""
    found = Approval.objects.filter(kind=kind, country=country, year=year).first()
    return found or Approval(kind=kind, country=country, year=year)


def state_of(kind, country, year):
    return approval_for(kind, country, year).state


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
        approval = approval_for(kind, country, year)
        if approval.pk:
            approval = Approval.objects.select_for_update().get(pk=approval.pk)
        sources, target, audit_action = MOVES[action]
        if approval.state not in sources:
            raise ValidationError(
                _("This year is %(state)s: it cannot be %(action)s now.")
                % {
                    "state": approval.get_state_display().lower(),
                    "action": action.label.lower(),
                }
            )
        if action in NEEDS_COMMENT and not comment:
            raise ValidationError(_("Say why, in the comment: the country's editors will read it."))
        before = approval.state if approval.pk else None
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
