"""The message thread between the two offices of a referral.

Whoever sees the referral reads its thread (the regional administrator too); only those who
act for one of its sides (``workflow.sides``) write. Messages are text only, screened for
identifiers (a refusal explains what was found and where, never the value), and purged
with the referral's other free text (``coordination.retention``). A closed referral still
takes messages until then: closing often needs a last word. Opening the thread marks the
other side's messages read; every read is audited (``workflow.record_read``), every message
too, by its length and never its text.
"""

from django.contrib import messages as notices
from django.db.models import Count, Q, QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coalition.coordination import workflow
from coalition.coordination.choices import Side
from coalition.coordination.messages.forms import MessageForm
from coalition.coordination.models import Referral, ReferralMessage
from coalition.core import access

READ_RULE = access.object_rule(Referral)
WRITE_RULE = access.object_rule(Referral, "edit")


def _referral(request, pk):
    return access.get_visible_or_404(
        Referral.objects.select_related("sender", "receiver", "country"), request.user, pk=pk
    )


def mark_read(referral, sides, now=None):
    """The unread messages of the other side of ``referral`` (for a user acting for
    ``sides``) marked read now; how many."""
    if not sides or len(sides) == len(Side):
        return 0
    return (
        ReferralMessage.objects.filter(referral=referral, read_at__isnull=True)
        .exclude(side__in=sides)
        .update(read_at=now or timezone.now())
    )


def thread_context(request, referral, form=None):
    """The context of the thread template ``coordination/messages/thread.html``:
    ``{"thread": {...}}`` with

    - ``referral``; ``messages`` (oldest first, their author loaded), each with ``mine``
      (written by a side the user acts for) and ``office`` (the office that wrote it);
    - ``sides``: the sides the user acts for (empty for the regional administrator, who
      reads only); ``can_write``: the form is shown; ``form``: the new message's form;
    - ``purged``: the referral's free text was purged (``purged_at``): no messages, no form.

    Opening the thread marks the other side's messages read, so call it only for a page
    that shows the thread. It writes no audit entry: the page that shows it records its
    own read (``workflow.record_read``), as the thread's own page does with "messages".
    """
    sides = workflow.sides(request.user, referral)
    purged = referral.purged_at is not None
    mark_read(referral, sides)
    messages = list(referral.messages.select_related("author")) if not purged else []
    offices = {Side.SENDING: referral.sender, Side.RECEIVING: referral.receiver}
    for message in messages:
        message.mine = message.side in sides
        message.office = offices[message.side]
    can_write = bool(sides) and not purged
    if can_write and form is None:
        form = MessageForm(sides=sides)
    return {
        "thread": {
            "referral": referral,
            "messages": messages,
            "sides": sides,
            "can_write": can_write,
            "form": form if can_write else None,
            "purged": purged,
        }
    }


def _render(request, referral, form=None, status=200):
    """The thread as a page or an HTMX partial; every showing of it is a read, audited."""
    workflow.record_read(request, referral, "messages")
    context = thread_context(request, referral, form)
    template = "coordination/messages/page.html"
    if request.htmx and not request.htmx.boosted:
        template = "coordination/messages/thread.html"
    return render(request, template, {"referral": referral, **context}, status=status)


@access.rule(READ_RULE)
@require_GET
def thread(request, pk):
    """The thread: an HTMX partial, or a page of its own."""
    return _render(request, _referral(request, pk))


@access.rule(WRITE_RULE)
@require_POST
def message_create(request, pk):
    """Add a message for the side the user acts for and answer the thread (HTMX) or go
    to the thread's page; a refused text is shown again to its writer with the reason,
    and nothing is stored."""
    referral = _referral(request, pk)
    sides = workflow.sides(request.user, referral)
    if not sides:
        access.deny(request, referral, "referral-side")
    if referral.purged_at is not None:
        access.deny(request, referral, "referral-purged")
    form = MessageForm(request.POST, sides=sides)
    if not form.is_valid():
        # 200 for HTMX, which swaps only successful answers into the page.
        return _render(request, referral, form, status=200 if request.htmx else 400)
    workflow.post_message(request, referral, form.cleaned_data["text"], side=form.chosen_side())
    if request.htmx:
        return _render(request, referral)
    notices.success(request, _("Message sent."))
    return redirect(reverse("referral-messages", args=[referral.pk]) + "#referral-thread")


def unread_counts(referrals, user):
    """{referral pk: how many messages of the other side ``user`` has not read} for
    ``referrals`` (a queryset or a list of referrals or pks), in one query; referrals
    without unread messages are left out. Only messages from a side the user does not act
    for, on a referral where it acts for the other side, count (the regional administrator
    has none)."""
    if not isinstance(referrals, QuerySet):
        referrals = [getattr(r, "pk", r) for r in referrals]
    offices = access.office_ids(user)
    editors = access.country_editor_country_ids(user)
    sending = Q(referral__sender_id__in=offices) | Q(referral__country_id__in=editors)
    receiving = Q(referral__receiver_id__in=offices) | Q(referral__receiving_country_id__in=editors)
    from_other_side = (Q(side=Side.SENDING) & receiving & ~sending) | (
        Q(side=Side.RECEIVING) & sending & ~receiving
    )
    rows = (
        ReferralMessage.objects.filter(referral__in=referrals, read_at__isnull=True)
        .filter(from_other_side)
        .values("referral")
        .annotate(unread=Count("pk"))
        .order_by()
    )
    return {row["referral"]: row["unread"] for row in rows}
