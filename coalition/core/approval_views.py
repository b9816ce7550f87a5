"""The approval pages, for every kind of data (``core.approvals``): the inbox of the years
awaiting a decision, one year's approval with its history, and the moves (submit, approve,
return, reopen) as small POST-only actions.

Who sees what is ``access``'s: a year's approval is seen by those who manage its country
(its editors, the regional administrators); the moves are ``approvals.may_move``'s.
"""

import datetime
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, approvals, exports, list_exports
from coalition.core.choices import ApprovalAction, ApprovalState
from coalition.core.filters import ApprovalFilterSet
from coalition.core.models import Approval, ApprovalStep, Country

# The first year anyone may submit: earlier ones are typing errors, not data.
FIRST_YEAR = 1990
DECIDED_BY = {ApprovalState.APPROVED: ApprovalAction.APPROVE}
SUCCESS = {
    ApprovalAction.SUBMIT: _("%(what)s of %(country)s, %(year)s: submitted for approval."),
    ApprovalAction.APPROVE: _("%(what)s of %(country)s, %(year)s: approved and locked."),
    ApprovalAction.RETURN: _("%(what)s of %(country)s, %(year)s: returned to the country."),
    ApprovalAction.REOPEN: _("%(what)s of %(country)s, %(year)s: approval withdrawn."),
}
# What each move's button says, its colour and icon.
BUTTONS = {
    ApprovalAction.SUBMIT: (_("Submit for approval"), "primary", "send"),
    ApprovalAction.APPROVE: (_("Approve the year"), "success", "check2-circle"),
    ApprovalAction.RETURN: (_("Return to the country"), "warning", "arrow-return-left"),
    ApprovalAction.REOPEN: (_("Withdraw the approval"), "danger", "unlock"),
}


class Button(NamedTuple):
    action: str
    label: str
    style: str
    icon: str
    needs_comment: bool


def buttons(moves):
    """The buttons of ``moves`` (``approvals.allowed_moves``), in their order."""
    return [Button(m, *BUTTONS[m], m in approvals.NEEDS_COMMENT) for m in moves]


# The country's own URL rule: 404 to whoever cannot see the country, 403 to whoever sees it
# but does not manage it (a contributor).
YEAR_RULE = access.country_rule("approve")


def approvals_of(user):
    """The approvals ``user`` sees: those of the countries they manage."""
    return access.restrict(Approval.objects.select_related("country"), user, "approve")


def _year_or_404(year):
    if not FIRST_YEAR <= year <= datetime.date.today().year:
        raise Http404
    return year


def _kind_or_404(kind):
    found = approvals.KINDS.get(kind)
    if found is None:
        raise Http404
    return found


def _member_or_404(iso2, kind):
    """The member country ``iso2``; or the regional level, for a kind it reports too."""
    countries = Country.objects.active()
    if not kind.regional:
        countries = countries.members()
    return get_object_or_404(countries, iso2=iso2)


# --- the inbox ---------------------------------------------------------------------------


@access.rule(access.MANAGER)
@require_GET
def approval_list(request):
    """The years of every kind that the user's countries submitted, returned or had
    approved; a regional administrator first sees those awaiting a decision."""
    data = request.GET.copy()
    chose = any(name in data for name in ApprovalFilterSet.base_filters)
    if not chose and access.is_regional_admin(request.user):
        data["state"] = ApprovalState.SUBMITTED
    steps = ApprovalStep.objects.select_related("actor")
    queryset = approvals_of(request.user).prefetch_related(Prefetch("steps", queryset=steps))
    filterset = ApprovalFilterSet(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        rows = Approval.objects.none()
    else:
        rows = filterset.qs
        if not filterset.sorted_by_reader:
            rows = rows.order_by("-updated", "pk")
    if exports.asked(request):
        return exports.respond(
            request,
            name=_("approvals"),
            title=_("Approvals"),
            columns=list_exports.APPROVAL_COLUMNS,
            rows=rows,
            model=Approval,
            filterset=filterset,
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for approval in page:
        approval.kind_label = approvals.kind_label(approval.kind)
        approval.last_step = list(approval.steps.all())[-1:]
    query = data.copy()  # the pages of the default list keep its default
    query.pop("page", None)
    template = (
        "core/approvals/_table.html"
        if request.htmx and not request.htmx.boosted
        else "core/approvals/list.html"
    )
    awaiting = data.get("state") == ApprovalState.SUBMITTED
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page_obj": page,
            "query": query.urlencode(),
            "awaiting": awaiting,
            "can_export": access.can_export(request.user),
        },
    )


# --- one year ----------------------------------------------------------------------------


def _detail_page(request, approval):
    kind = _kind_or_404(approval.kind)
    steps = list(approval.steps.select_related("actor")) if approval.pk else []
    decided = next((s for s in reversed(steps) if s.action == DECIDED_BY.get(approval.state)), None)
    moves = buttons(approvals.allowed_moves(request.user, approval))
    return render(
        request,
        "core/approvals/detail.html",
        {
            "approval": approval,
            "kind": kind,
            "steps": steps,
            "decided": decided,
            "moves": moves,
            "data_url": kind.data_url(approval.country, approval.year),
            "summary": kind.summary(approval.country, approval.year) if kind.summary else [],
        },
    )


@access.rule(access.object_rule(Approval, "approve"))
@require_GET
def approval_detail(request, pk):
    approval = get_object_or_404(approvals_of(request.user), pk=pk)
    return _detail_page(request, approval)


@access.rule(YEAR_RULE)
@require_GET
def approval_year(request, kind, iso2, year):
    """One year's approval by what it approves: its page once it has a history, the open
    year (and the moves it allows) before its first move."""
    found = _kind_or_404(kind)
    approval = approvals.approval_for(kind, _member_or_404(iso2, found), _year_or_404(year))
    if approval.pk:
        return redirect(approval)
    return _detail_page(request, approval)


@access.rule(YEAR_RULE)
@require_POST
def approval_move(request, kind, iso2, year, action):
    """Submit, approve, return or reopen one year; a refused move is said in a message."""
    found = _kind_or_404(kind)
    if action not in ApprovalAction.values:
        raise Http404
    country = _member_or_404(iso2, found)
    _year_or_404(year)
    comment = request.POST.get("comment", "")
    try:
        approval = approvals.move(request, action, kind, country, year, comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        approval = approvals.approval_for(kind, country, year)
    else:
        what = {"what": found.label, "country": country.name, "year": year}
        messages.success(request, SUCCESS[ApprovalAction(action)] % what)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    if approval.pk:
        return redirect(approval)
    return redirect("approval-year", kind=kind, iso2=country.iso2, year=year)
