"""The yearly progress reports (approval kind ``progress``) of the countries a user manages:
where each one stands, its figures and what the user may do with it now, and one report
as it was submitted next to the progress now.

Who sees what: those who submit or approve (``access.MANAGER``: the regional
administrators, for every member and the regional level; a country's editors, for theirs).
The moves themselves are made on the approval pages of ``core`` (``approval-year``).
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from coalition.core import access, approval_views, approvals
from coalition.core.choices import ApprovalAction, ApprovalState
from coalition.core.models import Approval, ApprovalStep, Country
from coalition.lib.text import int_or_none
from coalition.plans import progress
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import (
    Activity,
    ActivityItem,
    ProductProgress,
    Progress,
    ReportedProgress,
)

KIND = progress.APPROVAL_KIND


def _year(value):
    """The year asked for (the current one when none is): 404 outside the years the
    approval pages accept, as they answer."""
    if value in (None, ""):
        return progress.reporting_year()
    year = int_or_none(value)
    if year is None:
        raise Http404
    return approval_views._year_or_404(year)


def _managed_countries(user):
    """The countries (and the regional level) whose reports ``user`` submits or approves."""
    countries = Country.objects.active()
    ids = access.approvable_country_ids(user)
    return countries if ids is None else countries.filter(pk__in=ids)


class Row:
    """One country's report of the year, as the list shows it."""

    def __init__(self, country, approval, steps, figures, user):
        self.country = country
        self.approval = approval
        self.state = approval.state
        self.state_label = approval.get_state_display()
        self.last_step = steps[-1] if steps else None
        returns = [s for s in steps if s.action == ApprovalAction.RETURN]
        self.returned = returns[-1] if returns and self.state == ApprovalState.RETURNED else None
        self.figures = figures
        self.moves = approval_views.buttons(approvals.allowed_moves(user, approval))
        self.approval_url = reverse("approval-year", args=[KIND, country.iso2, approval.year])
        self.detail_url = reverse("progress-reporting-detail", args=[country.iso2, approval.year])


@access.rule(access.MANAGER)
@require_GET
def reporting_list(request):
    """One row per country the user manages: the state of its report of the year, who moved
    it last, the return comment, its figures and the move the user may make now."""
    year = _year(request.GET.get("year"))
    state = request.GET.get("state", "")
    if state and state not in ApprovalState.values:
        state = ""
    countries = list(_managed_countries(request.user))
    steps = ApprovalStep.objects.select_related("actor").order_by("time", "pk")
    found = {
        a.country_id: a
        for a in Approval.objects.filter(
            kind=KIND, year=year, country__in=[c.pk for c in countries]
        ).prefetch_related(Prefetch("steps", queryset=steps))
    }
    states = {c.pk: (found[c.pk].state if c.pk in found else ApprovalState.OPEN) for c in countries}
    shown = [c for c in countries if not state or states[c.pk] == state]
    figures = progress.report_figures({c.pk: states[c.pk] for c in shown}, year) if shown else {}
    rows = []
    for country in shown:
        approval = found.get(country.pk) or Approval(kind=KIND, country=country, year=year)
        approval.country = country
        history = list(approval.steps.all()) if approval.pk else []
        rows.append(Row(country, approval, history, figures[country.pk], request.user))
    counts = {value: 0 for value in ApprovalState.values}
    for value in states.values():
        counts[value] += 1
    current = progress.reporting_year()
    return render(
        request,
        "plans/reporting_list.html",
        {
            "year": year,
            "state": state,
            "rows": rows,
            "states": ApprovalState.choices,
            "counts": [(value, label, counts[value]) for value, label in ApprovalState.choices],
            "years": range(current, current - 6, -1),
            "country_count": len(countries),
            "has_plans": progress.plans_in_force(year).exists(),
            "is_regional_admin": access.is_regional_admin(request.user),
        },
    )


# --- one report --------------------------------------------------------------------------


class Line:
    """One activity or product of the report: as submitted and now."""

    def __init__(self, activity, product, reported, now):
        self.activity = activity
        self.product = product
        self.reported = reported  # (status, label, percent, text) or None
        self.now = now  # (status, label, percent)
        self.changed = reported is not None and reported[:3:2] != now[::2]


def _status(status, percent, labels):
    return (status, labels.get(status, status), percent)


@access.rule(approval_views.YEAR_RULE)
@require_GET
def reporting_detail(request, iso2, year):
    """A country's report of ``year``: by plan, activity and product, the figures as
    submitted (the snapshot) and the progress now, with what changed since."""
    country = get_object_or_404(_managed_countries(request.user), iso2=iso2)
    year = approval_views._year_or_404(year)
    approval = approvals.approval_for(KIND, country, year)
    history = list(approval.steps.select_related("actor")) if approval.pk else []
    labels = dict(ProgressStatus.choices)
    activities = list(
        Activity.objects.filter(plan__in=progress.plans_in_force(year))
        .select_related("plan", "objective")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ActivityItem.objects.filter(kind=ItemKind.PRODUCT).order_by("position"),
            )
        )
        .order_by("-plan__starts", "plan__code", "objective__position", "position", "pk")
    )
    reported = {
        (r.activity_id, r.product_id): r
        for r in access.restrict(
            ReportedProgress.objects.filter(country=country, year=year), request.user
        )
    }
    own = {
        p.activity_id: p for p in Progress.objects.filter(country=country, activity__in=activities)
    }
    products_now = {
        row.product_id: row
        for row in ProductProgress.objects.filter(
            country=country, progress__activity__in=activities
        )
    }
    plans, changed = [], 0
    for activity in activities:
        if not plans or plans[-1]["plan"].pk != activity.plan_id:
            plans.append({"plan": activity.plan, "lines": []})
        lines = plans[-1]["lines"]
        for product in [None, *activity.items.all()]:
            now_row = own.get(activity.pk) if product is None else products_now.get(product.pk)
            now = _status(
                now_row.status if now_row else ProgressStatus.NOT_STARTED,
                now_row.percent if now_row else 0,
                labels,
            )
            snap = reported.get((activity.pk, product.pk if product else None))
            was = None
            if snap is not None:
                was = (*_status(snap.status, snap.percent, labels), snap.narrative)
            line = Line(activity, product, was, now)
            changed += line.changed
            lines.append(line)
    states = {country.pk: approval.state}
    figures = progress.report_figures(states, year)[country.pk]
    live = progress.live_figures([country.pk], year)[country.pk] if figures.submitted else None
    returns = [s for s in history if s.action == ApprovalAction.RETURN]
    returned = returns[-1] if returns and approval.state == ApprovalState.RETURNED else None
    return render(
        request,
        "plans/reporting_detail.html",
        {
            "country": country,
            "year": year,
            "approval": approval,
            "history": history,
            "returned": returned,
            "moves": approval_views.buttons(approvals.allowed_moves(request.user, approval)),
            "plans": plans,
            "has_snapshot": bool(reported),
            "changed": changed,
            "figures": figures,
            "live": live,
            "formula": progress.FORMULA,
            "approval_url": reverse("approval-year", args=[KIND, country.iso2, year]),
        },
    )
