"""Progress per product (deliverable), the activity's status computed from it, and the
yearly report a country submits for approval.

**Products.** An activity's products ("FODA sistematizado", "acuerdos de cooperación
policial establecidos") are its ``ActivityItem`` rows of kind product. A country reports
each one (``ProductProgress``); the activity's ``Progress.status`` and ``percent`` are then
computed by ``compute`` (the formula every page shows, ``FORMULA``). An activity without
products is reported as a whole, on its ``Progress`` row.

**The yearly report.** A country's editor submits the country's progress of a year
(approval kind ``progress`` in ``core.approvals``); a regional administrator approves it or
returns it with a comment. Submitting takes a snapshot (``ReportedProgress``) of every
activity and product of the plans in force that year; the snapshot of an approved year is
what leaves the country (``approved_reports``). While the report of the current year is
submitted or approved the country's progress is locked (``ensure_unlocked``): changing it
needs the approval withdrawn (``core.approvals`` REOPEN, audited).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import approvals
from coalition.core.choices import ApprovalAction, ApprovalState
from coalition.plans.choices import ItemKind, PlanStatus, ProgressStatus
from coalition.plans.models import (
    Activity,
    ActivityItem,
    Plan,
    ProductProgress,
    Progress,
    ReportedProgress,
)

APPROVAL_KIND = "progress"
# Approval states in which the country's progress may not change.
LOCKED_STATES = frozenset({ApprovalState.SUBMITTED, ApprovalState.APPROVED})

FORMULA = gettext_lazy(
    "The activity's percent is the average of its products' percents (a product not "
    "reported counts 0%, a done one 100%), leaving out the products that do not apply. "
    "It is done when every product that applies is done, blocked when one is blocked, "
    "not started when none has started, not applicable when none applies, and in "
    "progress otherwise."
)


def compute(entries):
    """(status, percent) of an activity from its products' ``entries``: (status, percent)
    pairs, one per product (a product without a row passes (NOT_STARTED, 0))."""
    applying = [(s, p) for s, p in entries if s != ProgressStatus.NOT_APPLICABLE]
    if not applying:
        return ProgressStatus.NOT_APPLICABLE, 0
    percents = [100 if s == ProgressStatus.DONE else p for s, p in applying]
    percent = round(sum(percents) / len(percents))
    statuses = {s for s, _p in applying}
    if statuses == {ProgressStatus.DONE}:
        return ProgressStatus.DONE, 100
    if ProgressStatus.BLOCKED in statuses:
        return ProgressStatus.BLOCKED, min(percent, 99)
    if statuses == {ProgressStatus.NOT_STARTED}:
        return ProgressStatus.NOT_STARTED, 0
    return ProgressStatus.IN_PROGRESS, min(percent, 99)


def products_of(activity):
    """The activity's products in order (from the prefetched ``items`` when there are)."""
    return activity.items_of(ItemKind.PRODUCT)


def refresh(progress, products=None):
    """Recompute ``progress``'s status and percent from its products' rows (the activity's
    products may be given, already read); nothing changes for an activity without
    products. Returns True when the row changed (saved)."""
    if products is None:
        products = list(
            ActivityItem.objects.filter(activity_id=progress.activity_id, kind=ItemKind.PRODUCT)
        )
    if not products:
        return False
    rows = {row.product_id: (row.status, row.percent) for row in progress.products.all()}
    unreported = (ProgressStatus.NOT_STARTED, 0)
    status, percent = compute([rows.get(product.pk, unreported) for product in products])
    if (progress.status, progress.percent) == (status, percent):
        return False
    progress.status, progress.percent = status, percent
    progress.save(update_fields=["status", "percent", "updated"])
    return True


def set_products(progress, rows):
    """Write the product rows ``rows`` [(product, status, percent, note)] of ``progress``
    (created or changed), then compute the activity's status from its products. A done
    product is 100% done."""
    for product, status, percent, note in rows:
        ProductProgress.objects.update_or_create(
            progress=progress,
            product=product,
            defaults={
                "country_id": progress.country_id,
                "status": status,
                "percent": 100 if status == ProgressStatus.DONE else percent,
                "note": note,
            },
        )
    if hasattr(progress, "_prefetched_objects_cache"):
        progress._prefetched_objects_cache.pop("products", None)
    refresh(progress)


# --- the yearly report -------------------------------------------------------------------


def reporting_year(today=None):
    """The year whose report locks the progress being entered now: the current one."""
    return (today or timezone.localdate()).year


def lock_state(country_id, today=None):
    """The approval state of the country's report of the current year."""
    from coalition.core.models import Approval

    found = (
        Approval.objects.filter(
            kind=APPROVAL_KIND, country_id=country_id, year=reporting_year(today)
        )
        .values_list("state", flat=True)
        .first()
    )
    return found or ApprovalState.OPEN


def is_locked(country_id, today=None):
    return lock_state(country_id, today) in LOCKED_STATES


def locked_country_ids(country_ids, today=None):
    """Those of ``country_ids`` whose progress is locked now, in one query."""
    from coalition.core.models import Approval

    return set(
        Approval.objects.filter(
            kind=APPROVAL_KIND,
            country_id__in=country_ids,
            year=reporting_year(today),
            state__in=LOCKED_STATES,
        ).values_list("country_id", flat=True)
    )


def locked_message(country, today=None):
    year = reporting_year(today)
    if lock_state(country.pk, today) == ApprovalState.SUBMITTED:
        return _(
            "The progress report of %(country)s for %(year)s has been submitted: its "
            "progress cannot change until the regional secretariat approves or returns it."
        ) % {"country": country.name, "year": year}
    return _(
        "The progress report of %(country)s for %(year)s is approved: its progress is "
        "locked. A regional administrator must withdraw the approval before it changes."
    ) % {"country": country.name, "year": year}


def ensure_unlocked(country, today=None):
    """Raise ``ValidationError`` (a message for the user) when the country's progress is
    locked. Every writer of progress, product rows and evidence calls it."""
    if is_locked(country.pk, today):
        raise ValidationError(locked_message(country, today))


def plans_in_force(year):
    """Plans a report of ``year`` covers: those started by the year's end (or undated)
    that are still active or whose span reaches into the year; never a draft."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    started = Q(starts__isnull=True) | Q(starts__lte=last)
    current = Q(status=PlanStatus.ACTIVE) | Q(ends__isnull=True) | Q(ends__gte=first)
    return Plan.objects.exclude(status=PlanStatus.DRAFT).filter(started & current)


def take_snapshot(country, year):
    """Replace the country's ``ReportedProgress`` of ``year`` with its progress now, on
    every activity and product of the plans in force that year (an activity or product it
    never reported: not started). Returns the number of rows written."""
    activities = list(
        Activity.objects.filter(plan__in=plans_in_force(year))
        .prefetch_related("items")
        .order_by("pk")
    )
    progress = {
        p.activity_id: p for p in Progress.objects.filter(country=country, activity__in=activities)
    }
    products = {
        (row.progress.activity_id, row.product_id): row
        for row in ProductProgress.objects.filter(
            country=country, progress__activity__in=activities
        ).select_related("progress")
    }
    rows = []
    for activity in activities:
        own = progress.get(activity.pk)
        rows.append(
            ReportedProgress(
                country=country,
                year=year,
                activity=activity,
                status=own.status if own else ProgressStatus.NOT_STARTED,
                percent=own.percent if own else 0,
                narrative=own.narrative if own else "",
            )
        )
        for product in products_of(activity):
            row = products.get((activity.pk, product.pk))
            rows.append(
                ReportedProgress(
                    country=country,
                    year=year,
                    activity=activity,
                    product=product,
                    status=row.status if row else ProgressStatus.NOT_STARTED,
                    percent=row.percent if row else 0,
                    narrative=row.note if row else "",
                )
            )
    with transaction.atomic():
        ReportedProgress.objects.filter(country=country, year=year).delete()
        ReportedProgress.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def check_move(request, action, country, year):
    """``core.approvals`` calls it inside a move's transaction: submitting a year takes the
    snapshot the regional secretariat will approve."""
    if action == ApprovalAction.SUBMIT:
        take_snapshot(country, year)


def approved_reports(country_ids=None, year=None):
    """``ReportedProgress`` rows of approved years (of ``country_ids`` and ``year`` if
    given): the figures that may leave a country."""
    approved = approvals.approved_years(APPROVAL_KIND, country_ids)
    if year is not None:
        approved = {(c, y) for c, y in approved if y == year}
    if not approved:
        return ReportedProgress.objects.none()
    match = Q()
    for country_id, approved_year in approved:
        match |= Q(country_id=country_id, year=approved_year)
    return ReportedProgress.objects.filter(match)


# --- what a report holds: its figures ----------------------------------------------------


@dataclass
class Figures:
    """The figures of one country's report of a year: activities of the plans in force
    (how many reported something, how many in each status), products done of their total,
    the average percent of the activities that apply. ``submitted``: read from the
    snapshot (the report as submitted), else from the live progress."""

    activities: int = 0
    reported: int = 0
    statuses: dict = field(default_factory=dict)
    products: int = 0
    products_done: int = 0
    percent_total: int = 0
    applying: int = 0
    submitted: bool = False

    @property
    def percent(self):
        return round(self.percent_total / self.applying) if self.applying else 0

    def count(self, status):
        return self.statuses.get(status, 0)

    def add_activity(self, status, percent, narrative):
        self.activities += 1
        if (status, percent, narrative) != (ProgressStatus.NOT_STARTED, 0, ""):
            self.reported += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status != ProgressStatus.NOT_APPLICABLE:
            self.applying += 1
            self.percent_total += percent

    def add_product(self, status):
        self.products += 1
        if status == ProgressStatus.DONE:
            self.products_done += 1

    def rows(self):
        """[(label, value)] as the approval page shows them."""
        return [
            (_("Figures of"), _("the report as submitted") if self.submitted else _("now")),
            (_("Activities reported"), f"{self.reported} / {self.activities}"),
            (ProgressStatus.DONE.label, self.count(ProgressStatus.DONE)),
            (ProgressStatus.IN_PROGRESS.label, self.count(ProgressStatus.IN_PROGRESS)),
            (ProgressStatus.BLOCKED.label, self.count(ProgressStatus.BLOCKED)),
            (ProgressStatus.NOT_STARTED.label, self.count(ProgressStatus.NOT_STARTED)),
            (_("Products done"), f"{self.products_done} / {self.products}"),
            (_("Average percent"), f"{self.percent}%"),
        ]


def activities_in_force(year):
    """[(activity id, [product ids])] of the plans in force in ``year``, in two queries."""
    activity_ids = list(
        Activity.objects.filter(plan__in=plans_in_force(year))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    products = {pk: [] for pk in activity_ids}
    for pk, activity_id in (
        ActivityItem.objects.filter(activity_id__in=activity_ids, kind=ItemKind.PRODUCT)
        .order_by("activity_id", "position", "pk")
        .values_list("pk", "activity_id")
    ):
        products[activity_id].append(pk)
    return list(products.items())


def live_figures(country_ids, year, structure=None):
    """{country id: Figures} of the progress of ``country_ids`` now, in a few queries."""
    structure = activities_in_force(year) if structure is None else structure
    activity_ids = [pk for pk, _products in structure]
    own = {}
    for row in Progress.objects.filter(
        country_id__in=country_ids, activity_id__in=activity_ids
    ).values_list("country_id", "activity_id", "status", "percent", "narrative"):
        own[row[:2]] = row[2:]
    done = set(
        ProductProgress.objects.filter(
            country_id__in=country_ids,
            progress__activity_id__in=activity_ids,
            status=ProgressStatus.DONE,
        ).values_list("country_id", "product_id")
    )
    result = {}
    for country_id in country_ids:
        figures = result[country_id] = Figures()
        for activity_id, products in structure:
            status, percent, narrative = own.get(
                (country_id, activity_id), (ProgressStatus.NOT_STARTED, 0, "")
            )
            figures.add_activity(status, percent, narrative)
            for product_id in products:
                done_now = (country_id, product_id) in done
                figures.add_product(ProgressStatus.DONE if done_now else ProgressStatus.NOT_STARTED)
    return result


def snapshot_figures(country_ids, year):
    """{country id: Figures} of the reports of ``year`` as submitted (their snapshot), in
    one query; a country without a snapshot is left out."""
    result = {}
    for country_id, product_id, status, percent, narrative in ReportedProgress.objects.filter(
        country_id__in=country_ids, year=year
    ).values_list("country_id", "product_id", "status", "percent", "narrative"):
        figures = result.setdefault(country_id, Figures(submitted=True))
        if product_id is None:
            figures.add_activity(status, percent, narrative)
        else:
            figures.add_product(status)
    return result


def report_figures(states, year):
    """{country id: Figures} of each country of ``states`` ({country id: approval state}):
    its report as submitted while it is submitted or approved, its progress now otherwise
    (open, or returned for correction)."""
    frozen = [pk for pk, state in states.items() if state in LOCKED_STATES]
    result = snapshot_figures(frozen, year) if frozen else {}
    live = [pk for pk in states if pk not in result]
    if live:
        result.update(live_figures(live, year))
    return result


def summary(country, year):
    """What the approval page shows of the country's report of ``year``."""
    state = approvals.state_of(APPROVAL_KIND, country, year)
    return report_figures({country.pk: state}, year)[country.pk].rows()
