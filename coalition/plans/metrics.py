"""Figures of the plans, read-only, for this app and for others: which activities each
country still has open past or near their deadline (the deadline reminders' e-mails and
the home page's "needs your attention" both read them), and the plans the public site
offers as documents (their structure only).

An activity of an active plan is due for a country (or the regional level) while that
country's progress on it is not closed (done, not applicable); a country without a
progress row has not started. Everything is read in a fixed handful of queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext

from coalition.core import access
from coalition.core import attention as home
from coalition.core.models import Country
from coalition.plans.choices import CLOSED_STATUSES, ItemKind, PlanStatus, ProgressStatus
from coalition.plans.models import (
    Activity,
    ActivityItem,
    Objective,
    Plan,
    Progress,
    ProgressRevision,
)

# An activity is "due soon" this many days ahead of its deadline (the reminders' horizon).
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Due:
    """One activity that one country has overdue or due soon."""

    activity: Activity
    country: Country
    status: str
    overdue: bool

    @property
    def deadline(self):
        return self.activity.deadline

    @property
    def status_label(self):
        return ProgressStatus(self.status).label

    @property
    def url(self):
        return settings.SITE_URL.rstrip("/") + self.activity.get_absolute_url()

    def sort_key(self):
        a = self.activity
        return (not self.overdue, a.deadline, a.plan.code, a.objective.position, a.position, a.ref)


def open_dues(today, countries, days=DEFAULT_DAYS):
    """[Due]: for each activity of an active plan whose deadline has passed or falls
    within ``days`` of ``today``, each of ``countries`` whose progress on it is not closed.
    Two queries, whatever the number of activities and countries."""
    if not countries:
        return []
    activities = list(
        Activity.objects.filter(
            plan__status=PlanStatus.ACTIVE,
            deadline__isnull=False,
            deadline__lte=today + timedelta(days=days),
        ).select_related("plan", "objective")
    )
    if not activities:
        return []
    status_of = {
        (activity_id, country_id): status
        for activity_id, country_id, status in Progress.objects.filter(
            activity_id__in=[a.pk for a in activities],
            country_id__in=[c.pk for c in countries],
        ).values_list("activity_id", "country_id", "status")
    }
    dues = []
    for activity in activities:
        overdue = activity.deadline < today
        for country in countries:
            status = status_of.get((activity.pk, country.pk), ProgressStatus.NOT_STARTED)
            if status not in CLOSED_STATUSES:
                dues.append(Due(activity, country, status, overdue))
    return dues


def with_done_on(progress):
    """``progress`` (Progress rows) annotated with ``done_on``: when each was last marked
    done, i.e. its first "done" revision after the latest revision with another status; the
    row's last change when it has no revision."""
    revisions = ProgressRevision.objects.filter(progress=OuterRef("pk")).order_by()
    reopened = Subquery(
        revisions.exclude(status=ProgressStatus.DONE)
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )
    marked = Subquery(
        revisions.filter(status=ProgressStatus.DONE, changed_at__gt=OuterRef("reopened"))
        .order_by("changed_at")
        .values("changed_at")[:1]
    )
    return progress.annotate(
        reopened=Coalesce(reopened, Value(datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)))
    ).annotate(done_on=Coalesce(marked, F("updated")))


def activities_completed_by_country(countries, year):
    """{country pk: activities of any plan that country marked done during ``year`` and
    that are still done, or None} in three queries.

    None: the country recorded no progress at all during ``year`` (no report to count
    from); zero: it reported progress that year but completed nothing.
    """
    ids = [country.pk for country in countries]
    reported = set(
        ProgressRevision.objects.filter(country_id__in=ids, changed_at__year=year)
        .values_list("country_id", flat=True)
        .distinct()
    ) | set(
        Progress.objects.filter(country_id__in=ids, updated__year=year)
        .values_list("country_id", flat=True)
        .distinct()
    )
    rows = (
        with_done_on(Progress.objects.filter(country_id__in=reported, status=ProgressStatus.DONE))
        .filter(done_on__year=year)
        .values("country_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    found = {row["country_id"]: row["n"] for row in rows} if reported else {}
    return {pk: found.get(pk, 0) if pk in reported else None for pk in ids}


def responsible_organizations(activity_ids):
    """{activity id: {organization id}}: the institutions each activity names among its
    responsible parties (one query)."""
    named = ActivityItem.organizations.through.objects.filter(
        activityitem__activity_id__in=list(activity_ids), activityitem__kind=ItemKind.RESPONSIBLE
    ).values_list("activityitem__activity_id", "organization_id")
    organizations_of = defaultdict(set)
    for activity_id, organization_id in named:
        organizations_of[activity_id].add(organization_id)
    return organizations_of


# --- the home page -----------------------------------------------------------------------


def attention(request, today=None):
    """Per plan, the activities past their deadline and those due soon that the user
    answers for: every activity of the countries they approve for (country editors,
    regional administrators); for a contributor, those that name its institution among
    the responsible parties, in its country. Each linked to the plan's dashboard."""
    user = request.user
    today = today or timezone.localdate()
    where = home.countries(request, access.approvable_country_ids(user))
    organizations = access.contributor_organization_ids(user)
    if where:
        dues = open_dues(today, where)
    elif organizations:
        where = home.countries(request, access.editable_country_ids(user))
        dues = open_dues(today, where)
        named = responsible_organizations({d.activity.pk for d in dues})
        dues = [d for d in dues if named[d.activity.pk] & organizations]
    else:
        return []
    groups = defaultdict(lambda: (set(), set()))  # (plan, overdue) -> (activities, countries)
    for due in dues:
        activities, countries = groups[due.activity.plan, due.overdue]
        activities.add(due.activity.pk)
        countries.add(due.country.pk)
    items = []
    # Overdue first; the latest plan first.
    for (plan, overdue), (activities, country_ids) in sorted(
        groups.items(),
        key=lambda g: (not g[0][1], -(g[0][0].starts or today).toordinal(), g[0][0].code),
    ):
        countries = [c for c in where if c.pk in country_ids]
        values = {"count": len(activities), "plan": plan.name, "place": home.place(countries)}
        if overdue:
            level = home.DANGER
            message = ngettext(
                "%(count)d activity of %(plan)s is past its deadline and still open in %(place)s.",
                "%(count)d activities of %(plan)s are past their deadline and still open in "
                "%(place)s.",
                len(activities),
            )
        else:
            level = home.WARNING
            values["days"] = DEFAULT_DAYS
            message = ngettext(
                "%(count)d activity of %(plan)s is due within %(days)d days in %(place)s.",
                "%(count)d activities of %(plan)s are due within %(days)d days in %(place)s.",
                len(activities),
            )
        url = home.link("plan-dashboard", countries, args=[plan.code])
        items.append(home.Item(level, message % values, url))
    return items


# --- the public site ---------------------------------------------------------------------
# The coalition's own plans, loaded from its documents (``data/``): the public documents page
# offers each as a PDF of its structure. Never anyone's progress, narrative or evidence.

PUBLIC_PLANS = ("plan-operativo-2012", "agenda-2012-2013")
# The columns of a plan the public sees (not its funding and support sources).
PUBLIC_ITEM_KINDS = (ItemKind.PRODUCT, ItemKind.GOAL, ItemKind.VERIFICATION, ItemKind.RESPONSIBLE)


def public_plans():
    """The plans of ``PUBLIC_PLANS`` that are loaded, by period (the plan before the agenda
    that continues it), with their number of activities (one query)."""
    return (
        Plan.objects.filter(code__in=PUBLIC_PLANS)
        .annotate(activity_count=Count("activities"))
        .order_by("period", "code")
    )


def public_plan_structure(code):
    """The plan ``code`` of ``PUBLIC_PLANS`` as its public PDF shows it, or None:
    ``(plan, [(objective, [(activity, [(kind label, [item, ...]), ...]), ...]), ...])``,
    in four queries. Items carry their dates (a goal's is its deadline)."""
    plan = Plan.objects.filter(code=code, code__in=PUBLIC_PLANS).first()
    if plan is None:
        return None
    kinds = [kind for kind in PUBLIC_ITEM_KINDS if kind in plan.item_kinds()]
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("objective")
        .prefetch_related("items")
        .order_by("objective__position", "position", "ref")
    )
    by_objective = defaultdict(list)
    for activity in activities:
        columns = [(kind.label, activity.items_of(kind)) for kind in kinds]
        by_objective[activity.objective_id].append((activity, columns))
    objectives = [
        (objective, by_objective.get(objective.pk, []))
        for objective in Objective.objects.filter(plan=plan).order_by("position")
    ]
    return plan, objectives


# --- the regional annual report ----------------------------------------------------------


def annual_progress(year):
    """The approved progress of ``year`` (``progress.approved_reports``), activity rows
    only (one per activity and country; never a draft or a submitted figure), as dicts:
    ``country_id``, ``status``, ``percent``, ``ref``, ``deadline``, ``plan``,
    ``objective_id``, ``numeral``, ``position``, ``title_es``, ``title_en``. One query
    after the approvals' (an empty list when no country has an approved report)."""
    from coalition.plans.progress import approved_reports

    rows = (
        approved_reports(year=year)
        .filter(product__isnull=True)
        .values(
            "country_id",
            "status",
            "percent",
            ref=F("activity__ref"),
            deadline=F("activity__deadline"),
            plan=F("activity__plan__code"),
            objective_id=F("activity__objective_id"),
            numeral=F("activity__objective__numeral"),
            position=F("activity__objective__position"),
            title_es=F("activity__objective__title_es"),
            title_en=F("activity__objective__title_en"),
        )
        .order_by("activity__plan__code", "activity__objective__position", "activity__position")
    )
    return list(rows)


def closed_statuses():
    """The statuses of an activity that is no longer due (done, not applicable)."""
    return set(CLOSED_STATUSES)


def approved_report_country_ids(year):
    """The countries whose progress report of ``year`` is approved (one query)."""
    from coalition.core import approvals
    from coalition.plans.progress import APPROVAL_KIND

    return {c for c, y in approvals.approved_years(APPROVAL_KIND) if y == year}


def status_labels():
    """{status code: label} of an activity's progress."""
    return dict(ProgressStatus.choices)
