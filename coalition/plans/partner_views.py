"""What a partner organization is responsible for: the activities that name it (as a
responsible party, a source of support or of funding: in any column of the plan's table)
and the approved progress of every country on them, with the evidence files the countries
share.

What a partner reads is decided by ``core.access`` (``partner_scope``, through
``restrict``); a regional administrator passes ``?organization=<id>`` to see the page as
that organization's partner sees it.
"""

from collections import defaultdict

from django.db.models import F, Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.core import access
from coalition.core.models import Country, Organization
from coalition.lib.text import int_or_none
from coalition.plans.models import (
    ACTIVITY_ORDER,
    Activity,
    ActivityItem,
    Evidence,
    Plan,
    ReportedProgress,
)


def report_groups(rows):
    """ReportedProgress ``rows`` (ordered by year, country) as one group per country and
    year: {"country", "year", "activity": the row of the whole activity, "products": [...]}."""
    groups = {}
    for row in rows:
        group = groups.setdefault(
            (row.year, row.country_id),
            {"country": row.country, "year": row.year, "activity": None, "products": []},
        )
        if row.product_id is None:
            group["activity"] = row
        else:
            group["products"].append(row)
    return sorted(groups.values(), key=lambda g: (-g["year"], g["country"].name))


def _organization(request):
    """(organizations whose view is shown, the one chosen by a regional administrator,
    error message)."""
    user = request.user
    raw = request.GET.get("organization") or ""
    if not access.is_regional_admin(user):
        return access.partner_organization_ids(user), None, None
    if not raw:
        return set(), None, None
    pk = int_or_none(raw)
    organization = Organization.objects.filter(pk=pk).first() if pk is not None else None
    if organization is None:
        message = _("Organization: “%(value)s” is not an organization.") % {"value": raw[:50]}
        return set(), None, message
    return {organization.pk}, organization, None


def _visible(queryset, request, organization_ids, chosen):
    """The rows of ``queryset`` the partner reads: the user's own reading when it is a
    partner, or, for a regional administrator, the chosen organization's partner's."""
    if chosen is None:
        return access.restrict(queryset, request.user)
    return queryset.filter(access.partner_scope(queryset.model, organization_ids))


@access.rule(access.NAMED_PARTNER)
@require_GET
def partner_activities(request):
    """The activities naming the partner's organization and their approved progress."""
    organization_ids, chosen, error = _organization(request)
    plan = Plan.objects.filter(code=request.GET.get("plan") or "").first()
    country = Country.objects.filter(iso2=request.GET.get("country") or "").first()
    year = int_or_none(request.GET.get("year"), 1900, 2999)

    activities = (
        Activity.objects.filter(
            pk__in=ActivityItem.objects.filter(organizations__in=organization_ids).values(
                "activity_id"
            )
        )
        .select_related("plan", "objective")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ActivityItem.objects.filter(organizations__in=organization_ids).distinct(),
                to_attr="naming_items",
            )
        )
        # The newest plan first, then in the plan's order.
        .order_by(F("plan__starts").desc(nulls_last=True), *ACTIVITY_ORDER[1:])
    )
    plans = Plan.objects.filter(pk__in=activities.values("plan_id")).order_by("-starts", "code")
    if plan is not None:
        activities = activities.filter(plan=plan)
    activities = list(activities)

    reports = _visible(
        ReportedProgress.objects.filter(activity__in=[a.pk for a in activities]),
        request,
        organization_ids,
        chosen,
    )
    years = sorted(set(reports.values_list("year", flat=True)), reverse=True)
    countries = Country.objects.filter(pk__in=reports.values("country_id")).order_by("name_es")
    if country is not None:
        reports = reports.filter(country=country)
    if year is not None:
        reports = reports.filter(year=year)
    by_activity = defaultdict(list)
    for row in reports.select_related("country", "product").order_by(
        "-year", "country__name_es", "product__position"
    ):
        by_activity[row.activity_id].append(row)

    evidence = _visible(
        Evidence.objects.filter(progress__activity__in=[a.pk for a in activities]),
        request,
        organization_ids,
        chosen,
    )
    if country is not None:
        evidence = evidence.filter(country=country)
    files = defaultdict(list)
    for item in evidence.select_related("country", "product", "progress").order_by(
        "country__name_es", "-created"
    ):
        files[item.progress.activity_id].append(item)

    for activity in activities:
        activity.columns = sorted({item.get_kind_display() for item in activity.naming_items})
        activity.groups = report_groups(by_activity[activity.pk])
        activity.files = files[activity.pk]

    context = {
        "activities": activities,
        "organizations": Organization.objects.filter(pk__in=organization_ids).order_by("name"),
        "chosen": chosen,
        "choices": _organization_choices(request),
        "plans": plans,
        "countries": countries,
        "years": years,
        "plan": plan,
        "country": country,
        "year": year,
        "filtered": bool(plan or country or year),
        "error": error,
    }
    response = render(request, "plans/partner_activities.html", context)
    if error:
        response.status_code = HttpResponseBadRequest.status_code
    return response


def _organization_choices(request):
    """For a regional administrator: the organizations named on some activity."""
    if not access.is_regional_admin(request.user):
        return []
    named = ActivityItem.objects.filter(organizations__isnull=False).values("organizations")
    return list(Organization.objects.filter(pk__in=named).order_by("name"))
