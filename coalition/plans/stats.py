"""Figures of a plan as one user may see them: completion per objective and per country
(the heatmap), counts per status, overdue activities, deadlines coming up, and the rows of
the timeline. Shared by the dashboard, the timeline and the PDF report.

Everything is read in a fixed number of queries (countries, objectives, activities with
their items, progress) and computed in Python, so the cost does not grow in queries with
the size of the plan.

Completion of one activity in one country: a missing Progress row is "not started" (0%),
"done" counts as 100% whatever its percent, "not applicable" is left out of every average.
The activity's status is the one ``plans.progress.compute`` made from its products; each
cell also carries its products' own status and percent (``Cell.products``).

Figures are the current ones (live progress) or the approved ones (the snapshot of each
country's latest approved report): ``plans.figures``.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from coalition.core import access
from coalition.core.models import Country
from coalition.lib.text import localized
from coalition.plans import figures as modes
from coalition.plans.choices import CLOSED_STATUSES, ItemKind, ProgressStatus
from coalition.plans.filters import ActivityFilterSet
from coalition.plans.models import ActivityItem, ProductProgress, Progress
from coalition.plans.progress import FORMULA

DUE_SOON_DAYS = 60
# Completion bands of the heatmap: (lowest percent, band). Colour is never the only signal:
# every cell also shows its percent.
BANDS = ((100, 5), (75, 4), (50, 3), (25, 2), (1, 1), (0, 0))


def band(percent):
    """0 (nothing done) .. 5 (all done); None when nothing applies."""
    if percent is None:
        return None
    return next(b for low, b in BANDS if percent >= low)


@dataclass
class Goal:
    """A dated (or undated) goal of an activity, as plain values."""

    text_es: str
    text_en: str
    starts: datetime.date | None
    ends: datetime.date | None

    @property
    def text(self):
        return localized(self, "text")


@dataclass
class Product:
    """A product (deliverable) of an activity, as plain values."""

    pk: int
    text_es: str
    text_en: str

    @property
    def text(self):
        return localized(self, "text")


@dataclass(slots=True)
class ProductCell:
    """One product of an activity in one country."""

    product: Product
    status: str
    percent: int
    note: str = ""

    @property
    def applies(self):
        return self.status != ProgressStatus.NOT_APPLICABLE

    @property
    def status_label(self):
        return ProgressStatus(self.status).label


@dataclass
class ProgressRow:
    """What the figures need of a Progress row (read as plain values: no model instances).
    ``pk`` is None for an approved snapshot (its evidence is not part of it)."""

    pk: int | None
    narrative: str = ""
    next_steps: str = ""


@dataclass(slots=True)
class Cell:
    """One activity in one country."""

    country: Country
    status: str
    percent: int
    progress: "ProgressRow | None" = None
    products: tuple = ()  # ProductCell per product of the activity, in order
    # Approved figures only: the country has no approved report holding this plan.
    no_report: bool = False

    @property
    def applies(self):
        return self.status != ProgressStatus.NOT_APPLICABLE and not self.no_report

    @property
    def closed(self):
        return self.no_report or self.status in CLOSED_STATUSES

    @property
    def status_label(self):
        return ProgressStatus(self.status).label


@dataclass
class HeatCell:
    country: Country
    percent: int | None
    no_report: bool = False

    @property
    def band(self):
        return band(self.percent)


@dataclass
class ObjectiveRow:
    objective: object
    activities: list
    percent: int | None
    heat: list  # HeatCell per country, in column order

    @property
    def band(self):
        return band(self.percent)


@dataclass
class Due:
    """An activity with a deadline and the countries where it is still open."""

    activity: object
    open_cells: list
    days: int = 0  # days late (overdue) or days left (due soon)

    @property
    def deadline(self):
        return self.activity.deadline


@dataclass
class Segment:
    """A stretch of the timeline, as percents of the span's width."""

    starts: datetime.date
    ends: datetime.date
    left: float
    width: float
    label: str = ""


@dataclass
class TimelineRow:
    activity: object
    status: str
    overdue: bool
    bar: Segment
    goals: list  # Segment per dated goal
    products: list = field(default_factory=list)  # (Product, status) over the countries

    @property
    def status_label(self):
        return ProgressStatus(self.status).label


@dataclass
class Timeline:
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    ticks: list = field(default_factory=list)  # Segment per month or quarter
    unit: str = "month"
    today: float | None = None  # percent from the left, None when outside the span
    groups: list = field(default_factory=list)  # (objective, [TimelineRow])
    # Activities without dates, each with its ``timeline_products`` (see product_rows).
    undated: list = field(default_factory=list)

    @cached_property
    def grid(self):
        """The vertical lines of the ticks, drawn once for every row."""
        return format_html_join(
            "",
            '<line class="gantt-tick" x1="{0}%" x2="{0}%" y1="0" y2="100%"/>',
            ((_number(t.left),) for t in self.ticks),
        )

    @cached_property
    def today_line(self):
        """Today's line, drawn over the bars; empty when today is outside the span."""
        if self.today is None:
            return ""
        return format_html(
            '<line class="gantt-today" x1="{0}%" x2="{0}%" y1="0" y2="100%"/>',
            _number(self.today),
        )


def _number(value):
    """A number as SVG wants it, whatever the language: "12.5", never "12,5"."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


@dataclass
class PlanStats:
    plan: object
    today: datetime.date
    filterset: ActivityFilterSet
    countries: list
    objectives: list
    activities: list
    rows: dict  # activity_id -> [Cell per country, in column order]
    overall: int | None = None
    by_objective: list = field(default_factory=list)
    by_country: list = field(default_factory=list)  # HeatCell per country
    status_counts: list = field(default_factory=list)  # (value, label, n)
    product_counts: list = field(default_factory=list)  # (value, label, n) over products
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    figures: str = modes.CURRENT  # plans.figures.CURRENT or APPROVED
    reports: dict = field(default_factory=dict)  # country id -> figures.CountryReport

    @property
    def approved(self):
        return self.figures == modes.APPROVED

    @property
    def columns(self):
        """(country, its CountryReport, the year of the approved report shown or None) in
        column order."""
        return [(c, self.reports.get(c.pk), self.snapshot_years.get(c.pk)) for c in self.countries]

    # Approved figures: country id -> the year of the approved report shown.
    snapshot_years: dict = field(default_factory=dict)

    def without_report(self):
        """Approved figures: the countries with no approved report holding this plan."""
        if not self.approved:
            return []
        return [c for c in self.countries if c.pk not in self.snapshot_years]

    @property
    def formula(self):
        return FORMULA

    @cached_property
    def timeline(self):
        """Computed when asked for: the dashboard does not show it."""
        return _timeline(self)

    @property
    def selected_country(self):
        return self.filterset.selected_country

    def count(self, status):
        return next((n for value, _label, n in self.status_counts if value == status), 0)

    @property
    def blocked(self):
        return self.count(ProgressStatus.BLOCKED)

    @property
    def overdue_pairs(self):
        return sum(len(d.open_cells) for d in self.overdue)

    def cells_of(self, activity):
        return self.rows[activity.pk]

    def all_cells(self):
        for cells in self.rows.values():
            yield from cells


def visible_countries(user):
    """Active member countries and the regional level whose progress ``user`` may read."""
    countries = Country.objects.active()
    ids = access.visible_country_ids(user)
    if ids is not None:
        countries = countries.filter(pk__in=ids)
    return list(countries)


def plan_stats(
    plan,
    user,
    *,
    data=None,
    request=None,
    today=None,
    details=False,
    figures=modes.CURRENT,
    report_states=False,
):
    """The figures of ``plan`` for ``user``, narrowed by the filters in ``data`` (a QueryDict
    or dict of ActivityFilterSet fields). ``details`` also reads each progress row's
    narrative and next steps (the report shows them). ``figures`` is ``plans.figures``'s
    CURRENT (live progress of the countries the user reads) or APPROVED (each country's
    latest approved report); the caller has checked the user may read current ones.
    ``report_states`` reads where each country's report of the year stands (one query)."""
    today = today or timezone.localdate()
    if request is None:
        request = SimpleNamespace(user=user)
    filterset = ActivityFilterSet(
        data or None,
        queryset=plan.activities.all(),
        plan=plan,
        request=request,
        figures=figures,
    )
    countries = modes.countries_for(user, figures)
    selected = filterset.selected_country
    if selected is not None:
        countries = [c for c in countries if c.pk == selected.pk]
    activities = list(filterset.qs.select_related(None).defer("created", "updated"))
    goals, products = defaultdict(list), defaultdict(list)
    for item in (
        ActivityItem.objects.filter(activity__plan=plan, kind__in=[ItemKind.GOAL, ItemKind.PRODUCT])
        .order_by("position", "pk")
        .values_list("activity_id", "kind", "pk", "text_es", "text_en", "starts", "ends")
    ):
        if item[1] == ItemKind.GOAL:
            goals[item[0]].append(Goal(*item[3:]))
        else:
            products[item[0]].append(Product(*item[2:5]))
    for activity in activities:
        activity.goal_items = goals.get(activity.pk, [])
        activity.product_items = products.get(activity.pk, [])
    objectives = list(plan.objectives.all())
    country_ids = [c.pk for c in countries]
    reports = modes.reports_of(countries, today.year) if report_states else {}
    if figures == modes.APPROVED:
        progress, product_rows, snapshot_years = _approved(plan, user, country_ids)
    else:
        progress, product_rows = _current(plan, user, country_ids, details)
        snapshot_years = {}
    rows = {}
    not_started = ProgressStatus.NOT_STARTED.value
    done = ProgressStatus.DONE.value
    unreported = {}  # one shared ProductCell per product never reported
    for activity in activities:
        reported = progress.get(activity.pk, {})
        cells = rows[activity.pk] = []
        for country in countries:
            own = product_rows.get((activity.pk, country.pk), {})
            parts = []
            for product in activity.product_items:
                found = own.get(product.pk)
                if found is None:
                    if product.pk not in unreported:
                        unreported[product.pk] = ProductCell(product, not_started, 0)
                    parts.append(unreported[product.pk])
                else:
                    percent = 100 if found[0] == done else found[1]
                    parts.append(ProductCell(product, found[0], percent, found[2]))
            row = reported.get(country.pk)
            if figures == modes.APPROVED and country.pk not in snapshot_years:
                cells.append(Cell(country, not_started, 0, None, tuple(parts), no_report=True))
            elif row is None:
                cells.append(Cell(country, not_started, 0, None, tuple(parts)))
            else:
                status, percent, progress_row = row
                percent = 100 if status == done else percent
                cells.append(Cell(country, status, percent, progress_row, tuple(parts)))
    if figures == modes.APPROVED and filterset.is_bound and filterset.form.is_valid():
        # The filter by status looks at the figures shown, here the approved ones.
        wanted = filterset.form.cleaned_data.get("status")
        if wanted:
            activities = [a for a in activities if _has_status(rows[a.pk], wanted)]
    stats = PlanStats(plan, today, filterset, countries, objectives, activities, rows)
    stats.figures, stats.reports, stats.snapshot_years = figures, reports, snapshot_years
    _completion(stats)
    _deadlines(stats)
    return stats


def _has_status(cells, status):
    shown = [c for c in cells if not c.no_report]
    if status == ProgressStatus.NOT_STARTED:
        return all(c.status == status for c in shown)
    return any(c.status == status for c in shown)


def _current(plan, user, country_ids, details):
    """Live progress: ({activity id: {country id: (status, percent, ProgressRow)}},
    {(activity id, country id): {product id: (status, percent, note)}}), in two queries."""
    fields = ["pk", "activity_id", "country_id", "status", "percent"]
    if details:
        fields += ["narrative", "next_steps"]
    found = access.restrict(
        Progress.objects.filter(activity__plan=plan, country_id__in=country_ids), user
    ).values_list(*fields)
    progress = defaultdict(dict)
    for row in found:
        progress[row[1]][row[2]] = (row[3], row[4], ProgressRow(row[0], *row[5:]))
    products = defaultdict(dict)
    found = access.restrict(
        ProductProgress.objects.filter(progress__activity__plan=plan, country_id__in=country_ids),
        user,
    ).values_list("progress__activity_id", "country_id", "product_id", "status", "percent", "note")
    for activity_id, country_id, product_id, status, percent, note in found:
        products[(activity_id, country_id)][product_id] = (status, percent, note)
    return progress, products


def _approved(plan, user, country_ids):
    """The same from the approved snapshots, and {country id: year of the snapshot}."""
    found, years = modes.approved_rows(plan, user, country_ids)
    progress = defaultdict(dict)
    products = defaultdict(dict)
    for activity_id, country_id, product_id, status, percent, narrative, _year in found:
        if product_id is None:
            progress[activity_id][country_id] = (status, percent, ProgressRow(None, narrative))
        else:
            products[(activity_id, country_id)][product_id] = (status, percent, narrative)
    return progress, products, years


def _completion(stats):
    """Sums and counts per objective x country in one pass over the cells."""
    width = len(stats.countries)
    skip = ProgressStatus.NOT_APPLICABLE.value
    per_objective = defaultdict(lambda: ([0] * width, [0] * width, []))
    counts, product_counts = Counter(), Counter()
    for activity in stats.activities:
        sums, seen, listed = per_objective[activity.objective_id]
        listed.append(activity)
        for index, cell in enumerate(stats.rows[activity.pk]):
            if cell.no_report:
                continue
            counts[cell.status] += 1
            for part in cell.products:
                product_counts[part.status] += 1
            if cell.status != skip:
                sums[index] += cell.percent
                seen[index] += 1
    stats.status_counts = [(s.value, s.label, counts.get(s.value, 0)) for s in ProgressStatus]
    stats.product_counts = [
        (s.value, s.label, product_counts.get(s.value, 0)) for s in ProgressStatus
    ]
    missing = {c.pk for c in stats.without_report()}
    country_sums, country_seen = [0] * width, [0] * width
    for objective in stats.objectives:
        if objective.pk not in per_objective:
            continue
        sums, seen, listed = per_objective[objective.pk]
        heat = [
            HeatCell(country, round(sums[i] / seen[i]) if seen[i] else None, country.pk in missing)
            for i, country in enumerate(stats.countries)
        ]
        total = sum(seen)
        stats.by_objective.append(
            ObjectiveRow(objective, listed, round(sum(sums) / total) if total else None, heat)
        )
        for i in range(width):
            country_sums[i] += sums[i]
            country_seen[i] += seen[i]
    stats.by_country = [
        HeatCell(
            country,
            round(country_sums[i] / country_seen[i]) if country_seen[i] else None,
            country.pk in missing,
        )
        for i, country in enumerate(stats.countries)
    ]
    total = sum(country_seen)
    stats.overall = round(sum(country_sums) / total) if total else None


def _deadlines(stats):
    soon = stats.today + datetime.timedelta(days=DUE_SOON_DAYS)
    for activity in sorted(
        (a for a in stats.activities if a.deadline), key=lambda a: (a.deadline, a.ref)
    ):
        open_cells = [c for c in stats.cells_of(activity) if not c.closed]
        if not open_cells:
            continue
        if activity.deadline < stats.today:
            stats.overdue.append(Due(activity, open_cells, (stats.today - activity.deadline).days))
        elif activity.deadline <= soon:
            stats.due_soon.append(Due(activity, open_cells, (activity.deadline - stats.today).days))


def summary_status(cells):
    """One status for an activity across countries: the selected country's own status,
    or, over several, blocked if any is, done if all that apply are, in progress if any
    started."""
    cells = [c for c in cells if not c.no_report]
    applying = [c for c in cells if c.applies]
    if not applying:
        return ProgressStatus.NOT_APPLICABLE if cells else ProgressStatus.NOT_STARTED
    statuses = {c.status for c in applying}
    if ProgressStatus.BLOCKED in statuses:
        return ProgressStatus.BLOCKED
    if statuses == {ProgressStatus.DONE}:
        return ProgressStatus.DONE
    if statuses - {ProgressStatus.NOT_STARTED}:
        return ProgressStatus.IN_PROGRESS
    return ProgressStatus.NOT_STARTED


def product_rows(activity, cells):
    """Each product of ``activity`` with its status over ``cells`` (as ``summary_status``
    says it for the activity) and its percent (the average where it applies; None when it
    applies nowhere): [(Product, status, label, percent)]."""
    shown = [c for c in cells if not c.no_report]
    found = []
    for index, product in enumerate(activity.product_items):
        pairs = [(c.country, c.products[index]) for c in shown if len(c.products) > index]
        parts = [p for _country, p in pairs]
        status = summary_status([Cell(country, p.status, p.percent) for country, p in pairs])
        applying = [p.percent for p in parts if p.applies]
        percent = round(sum(applying) / len(applying)) if applying else None
        found.append((product, status, ProgressStatus(status).label, percent))
    return found


def _month_start(day):
    return day.replace(day=1)


def _next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _timeline(stats):
    plan = stats.plan
    dated = [a for a in stats.activities if a.starts and a.deadline]
    undated = [a for a in stats.activities if not (a.starts and a.deadline)]
    for activity in undated:
        activity.timeline_products = product_rows(activity, stats.cells_of(activity))
    timeline = Timeline(undated=undated)
    bounds_start = [d for d in [plan.starts, *(a.starts for a in dated)] if d]
    bounds_end = [d for d in [plan.ends, *(a.deadline for a in dated)] if d]
    if not dated or not bounds_start or not bounds_end:
        return timeline
    starts = _month_start(min(bounds_start))
    ends = _next_month(max(bounds_end))  # exclusive
    total = (ends - starts).days

    def segment(first, last, label=""):
        left = (first - starts).days / total * 100
        width = max(((last - first).days + 1) / total * 100, 0.6)
        return Segment(first, last, round(left, 3), round(min(width, 100 - left), 3), label)

    months = []
    cursor = starts
    while cursor < ends:
        months.append(cursor)
        cursor = _next_month(cursor)
    unit = "month" if len(months) <= 18 else "quarter"
    if unit == "quarter":
        months = [starts] + [m for m in months[1:] if (m.month - 1) % 3 == 0]
    ticks = []
    for index, month in enumerate(months):
        following = months[index + 1] if index + 1 < len(months) else ends
        if unit == "quarter":
            label = gettext("Q%(number)d %(year)d") % {
                "number": (month.month - 1) // 3 + 1,
                "year": month.year,
            }
        else:
            # "dic 2026", then "ene 2027" when the year changes, the month alone between:
            # short enough for a month's width, and never a day-like "Dec 26".
            label = date_format(month, "YEAR_MONTH_FORMAT")
            if index and month.month != 1:
                label = label.rsplit(" ", 1)[0]
        ticks.append(segment(month, following - datetime.timedelta(days=1), label))
    timeline.starts, timeline.ends, timeline.ticks, timeline.unit = (
        starts,
        ends - datetime.timedelta(days=1),
        ticks,
        unit,
    )
    if starts <= stats.today < ends:
        timeline.today = round((stats.today - starts).days / total * 100, 3)
    groups = defaultdict(list)
    for activity in dated:
        cells = stats.cells_of(activity)
        status = summary_status(cells)
        overdue = activity.deadline < stats.today and any(not c.closed for c in cells)
        goals = [segment(g.starts, g.ends, g.text) for g in activity.goal_items if g.starts]
        groups[activity.objective_id].append(
            TimelineRow(
                activity,
                status,
                overdue,
                segment(activity.starts, activity.deadline),
                goals,
                product_rows(activity, cells),
            )
        )
    timeline.groups = [(o, groups[o.pk]) for o in stats.objectives if groups.get(o.pk)]
    return timeline
