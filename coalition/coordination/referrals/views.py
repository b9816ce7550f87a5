"""A referral's pages: the send form (with the receiving offices narrowed by country and
service), the referral's page (reference, offices, deadlines, profile, consent, summary,
the timeline of its steps and the moves the user may make) and the move itself.

Every write goes through ``coordination.workflow``; every view of a referral is in the audit
log (``workflow.record_read``). Outsiders get 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from coalition.coordination import workflow
from coalition.coordination.choices import NEEDS_REASON, Need, Status
from coalition.coordination.messages.views import thread_context
from coalition.coordination.models import Referral, ReferralStep
from coalition.coordination.referrals.forms import (
    OfficeFilter,
    ReferralForm,
    deadlines_text,
    grouped,
    others,
    sending_offices,
)
from coalition.core import access
from coalition.core.choices import Exploitation, Language
from coalition.lib import iso3166

REFERRAL_RULE = access.object_rule(Referral)

# What each move's button says (the status it leads to is the step's name in the timeline).
MOVE_LABELS = {
    Status.ACKNOWLEDGED: gettext_lazy("Acknowledge receipt"),
    Status.IN_PROGRESS: gettext_lazy("Start working on it"),
    Status.COMPLETED: gettext_lazy("Mark as completed"),
    Status.DECLINED: gettext_lazy("Decline the referral"),
    Status.CANCELLED: gettext_lazy("Cancel the referral"),
}


# --- sending -----------------------------------------------------------------------------


@access.rule(access.OFFICE)
@require_http_methods(["GET", "POST"])
def referral_create(request):
    """The send form; a user who acts for no office is told why there is none."""
    if not sending_offices(request.user).exists():
        return render(request, "coordination/referrals/form.html", {"form": None})
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        referral = form.save(commit=False)
        try:
            workflow.send(request, referral)
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(
                request,
                _("Referral %(reference)s sent to %(office)s.")
                % {"reference": referral.reference, "office": referral.receiver.local_label},
            )
            return redirect(referral)
    status = 400 if form.is_bound else 200
    return render(request, "coordination/referrals/form.html", {"form": form}, status=status)


def _add_model_errors(form, error):
    """A refusal of the model's own checks, on the form's fields (or the form's top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@access.rule(access.OFFICE)
@require_GET
def referral_offices(request):
    """The receiving-office select, narrowed to ``?country=`` (ISO alpha-2) and
    ``?service=`` (the send form swaps it in when either changes). It is a piece of the
    send page: asked for outside it (no HTMX), it sends the browser to that page."""
    if not request.htmx:
        return redirect("referral-create")
    filters = OfficeFilter(request.GET)
    status = 200 if filters.is_valid() else 400
    offices = others(filters.offices(), request.user)
    context = {"choices": grouped(offices), "selected": request.GET.get("receiver")}
    return render(request, "coordination/referrals/_offices.html", context, status=status)


# --- a referral's page -------------------------------------------------------------------


def _referral(request, pk):
    queryset = Referral.objects.select_related(
        "sender__country", "receiver__country", "sent_by", "country", "receiving_country"
    ).prefetch_related(
        Prefetch("steps", ReferralStep.objects.select_related("actor").order_by("at", "pk"))
    )
    return access.get_visible_or_404(queryset, request.user, pk=pk)


def _labels(codes, choices):
    found = dict(choices.choices)
    return [found.get(code, code) for code in codes]


def _page(request, referral, *, status=200, move_error=None, move_to=None, note=""):
    """The referral's page; every rendering of it is a read in the audit log."""
    workflow.record_read(request, referral)
    moves = workflow.allowed_moves(request.user, referral)
    context = {
        "referral": referral,
        "steps": list(referral.steps.all()),
        "moves": [
            {"status": to, "label": MOVE_LABELS[to], "needs_reason": to in NEEDS_REASON}
            for to in moves
        ],
        "move_error": move_error,
        "move_to": move_to,
        "note": note,
        "sides": workflow.sides(request.user, referral),
        "nationality": iso3166.name(referral.nationality) if referral.nationality else "",
        "languages": _labels(referral.languages, Language),
        "needs": _labels(referral.needs, Need),
        "exploitation": _labels(referral.exploitation, Exploitation),
        "deadlines": deadlines_text(referral.urgency),
        "reason_statuses": NEEDS_REASON,
        "note_max": ReferralStep._meta.get_field("note").max_length,
        # The message thread between the two offices (it marks the other side's read).
        **thread_context(request, referral),
    }
    return render(request, "coordination/referrals/detail.html", context, status=status)


@access.rule(REFERRAL_RULE)
@require_GET
def referral_detail(request, pk):
    return _page(request, _referral(request, pk))


@access.rule(REFERRAL_RULE)
@require_POST
def referral_move(request, pk):
    """Take the referral to ``status`` (with ``note``, the reason of a decline or a
    cancellation). A refused move is shown on the page (400), never a server error; a move
    of the other office's side is forbidden (403)."""
    referral = _referral(request, pk)
    to = request.POST.get("status", "")
    note = request.POST.get("note", "")
    if to not in Status.values:
        error = _("Status: choose one of the moves offered on the page.")
        return _refused(request, referral, error, to, note)
    try:
        # A move of the other office's side raises PermissionDenied: a 403.
        workflow.move(request, referral, to, note)
    except ValidationError as error:
        return _refused(request, referral, _move_message(error), to, note)
    messages.success(
        request,
        _("Referral %(reference)s marked %(status)s.")
        % {"reference": referral.reference, "status": Status(to).label.lower()},
    )
    if request.htmx:
        return HttpResponseClientRedirect(referral.get_absolute_url())
    return redirect(referral)


def _move_message(error):
    """The refusal for the user, naming the field when it is the reason."""
    if hasattr(error, "error_dict"):
        return " ".join(
            _("Reason: %(message)s") % {"message": message} if field == "note" else message
            for field, errors in error.message_dict.items()
            for message in errors
        )
    return " ".join(error.messages)


def _refused(request, referral, error, to, note):
    if request.htmx:
        messages.error(request, error)
        return HttpResponseClientRedirect(referral.get_absolute_url())
    return _page(request, referral, status=400, move_error=error, move_to=to, note=note)
