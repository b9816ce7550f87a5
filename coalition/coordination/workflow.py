"""The one way a referral is sent, moves and is read: pages, API and demo all call these.

``send`` writes a new referral with its first step; ``move`` takes it to its next status
(``choices.MOVES``: the receiving side acknowledges, works on, completes or declines; the
sending side cancels), a decline or a cancellation with its reason; ``record_read`` writes
the audit entry of a read; ``post_message`` writes a message of one office to the other.
Each write is audited in its own transaction; the audit entries
never hold free text (``Referral.snapshot``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.coordination.choices import MOVES, NEEDS_REASON, Side, Status
from coalition.coordination.models import Referral, ReferralMessage, ReferralStep
from coalition.core import access, audit
from coalition.core.choices import AuditAction


def sides(user, referral):
    """The sides of ``referral`` that ``user`` acts for (a set of ``Side``)."""
    return {Side(side) for side in access.office_sides(user, referral)}


def allowed_moves(user, referral):
    """The statuses ``user`` may take ``referral`` to now, in the order of ``MOVES``."""
    mine = sides(user, referral)
    return [to for to, side in MOVES.get(referral.status, {}).items() if side in mine]


@transaction.atomic
def send(request, referral, *, actor_repr=None):
    """Save a new ``referral`` (built but unsaved, its offices chosen) as sent by the
    request's user, with its first step and its audit entry."""
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        referral.sent_by = user
    referral.status = Status.SENT
    referral.full_clean(exclude=["country", "reference", "acknowledge_by", "respond_by"])
    referral.save()
    ReferralStep.objects.create(
        referral=referral,
        status=Status.SENT,
        side=Side.SENDING,
        actor=referral.sent_by,
        at=referral.sent_at,
    )
    audit.record(
        request,
        AuditAction.CREATE,
        referral,
        actor_repr=actor_repr,
        after=audit.snapshot_of(referral),
    )
    return referral


def move(request, referral, to, note="", *, at=None, actor_repr=None):
    """Take ``referral`` to status ``to`` for the request's user. Refuses (PermissionDenied)
    a move of a side the user does not act for, and (ValidationError, a message for the
    user) a move the status does not allow, a decline or cancellation without a reason, or
    a note that identifies someone. Returns the new step."""
    user = request.user if request is not None else None
    with transaction.atomic():
        current = Referral.objects.select_for_update().get(pk=referral.pk)
        side = MOVES.get(current.status, {}).get(to)
        if side is None:
            raise ValidationError(
                _("A referral that is %(status)s cannot be marked %(to)s.")
                % {
                    "status": current.get_status_display().lower(),
                    "to": Status(to).label.lower(),
                }
            )
        if user is not None and side not in sides(user, current):
            raise PermissionDenied(_("Only the other office can make this move."))
        note = (note or "").strip()
        if to in NEEDS_REASON and not note:
            raise ValidationError(_("Say why: the other office reads the reason."))
        step = ReferralStep(
            referral=current,
            status=to,
            side=side,
            actor=user,
            at=at or timezone.now(),
            note=note,
        )
        step.full_clean(exclude=["referral", "actor"])
        before = audit.snapshot_of(current)
        current.status = to
        # Any answer of the receiving office acknowledges the referral (a decline too).
        if side == Side.RECEIVING and current.acknowledged_at is None:
            current.acknowledged_at = step.at
        if to in (Status.COMPLETED, Status.DECLINED, Status.CANCELLED):
            current.closed_at = step.at
        current.save()
        step.save()
        audit.record(
            request,
            AuditAction.UPDATE,
            current,
            actor_repr=actor_repr,
            before=before,
            after={**audit.snapshot_of(current), "step": str(to), "note": bool(note)},
        )
    referral.refresh_from_db()
    return step


def record_read(request, referral, what="page"):
    """Every read of a referral is in the audit log (what: the page, the API, an export)."""
    audit.record(request, AuditAction.VIEW, referral, after={"read": what})


def post_message(request, referral, text, side=None):
    """Write a message of the request's user to the other office of ``referral``, for the
    side the user acts for: ``side`` when given (a user who acts for both sides, as its
    country's editor, says which), else its one side, else the sending side. Refuses
    (PermissionDenied) a user who acts for no side (the regional administrators read only)
    or names a side it does not act for, and (ValidationError, by field) an empty message, one
    that identifies someone, or one on a referral whose free text was purged. Audited
    without the text. Returns the message."""
    mine = sides(request.user, referral)
    if not mine or (side is not None and side not in mine):
        raise PermissionDenied(_("Only the people of the two offices write on a referral."))
    if side is None:
        side = next(iter(mine)) if len(mine) == 1 else Side.SENDING
    if referral.purged_at is not None:
        raise ValidationError(
            {"text": _("The free text of this referral was purged: it takes no more messages.")}
        )
    message = ReferralMessage(
        referral=referral, side=side, author=request.user, text=(text or "").strip()
    )
    message.full_clean(exclude=["referral", "author"])
    with transaction.atomic():
        message.save()
        audit.record(
            request,
            AuditAction.CREATE,
            message,
            country=referral.country,
            after=audit.snapshot_of(message),
        )
    return message
