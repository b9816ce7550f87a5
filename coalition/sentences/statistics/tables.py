"""The statistics tables of one page: who sees which figures exactly, which are protected,
and the tables themselves (the page, its exports and the API show the same ``Count``\\s).

**Who sees what.** A viewer sees exactly the national figures of the countries whose records
they hold (``access.sentence_country_ids``: their country editors, the regional
administrator for all), every year, marked when the year is not yet approved. The figures of
every other country in the view (another country's editor, contributors, partners through
their agreements) are of approved years only and pass ``disclosure.protect``.

**Protected once per country and year** (``protected_figures``): every figure of a country's
approved year (the total, sex × age with margins, citizenship, form of exploitation, for
each indicator) is protected over one set of atoms, and every page, export, API answer and
share package outside the country shows those same protected figures (or their censored
sums), so that no hidden cell can be worked out from totals, nor by differencing two tables,
two pages, or a page and a package. The finest cells ``Figure`` holds are, per country,
year and indicator, the (sex, age) cells; citizenship and form of exploitation are *other
partitions of the same total*, and no joint cell (sex × citizenship...) is stored. The atoms
are therefore built by walking the partitions together (the "north-west corner" rule): each
atom lies in one cell of each partition, and the cells' values are exact. Any atoms that
agree with the published cells give the same answer to the span test as the true (unknown)
joint cells would, or a more cautious one: the walk is the true joint table with some cells
set to zero, which can only add linear relations, never remove one, so it may hide a figure
more but never less. Persons prosecuted and convicted are protected together, with the
acquitted (their difference, never published) as a layer of atoms of their own; victims
apart.

A viewer who sees some countries exactly (a country editor on the regional page) knows their
part of each regional figure: the protected part is the other countries' share, and a
regional figure is shown as the exact part plus the protected part (a range when that part
is ``<5``, ``x`` when it is hidden), never as a number that would give the others' share
away.

GLOTIP releases are UNODC's published figures, already censored by their publisher (``<5``):
they are shown as published, with censored arithmetic for the totals of the page.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import models
from django.db.models import Case, F, IntegerField, Max, Sum, Value, When
from django.utils.translation import gettext as _

from coalition.core import access, approvals
from coalition.core.choices import ApprovalState, Role
from coalition.core.models import Approval, Country
from coalition.lib import disclosure, iso3166
from coalition.sentences.choices import (
    PENALTY_INDICATORS,
    Dimension,
    Exploitation,
    FigureAge,
    FigureSex,
    Indicator,
    SourceKind,
)
from coalition.sentences.choices import TOTAL_CATEGORY as TOTAL
from coalition.sentences.models import APPROVAL_KIND, Figure
from coalition.sentences.sharing_access import covered_country_ids
from coalition.sentences.statistics.counts import ZERO, Count, total

INDICATORS = [Indicator.PROSECUTED, Indicator.CONVICTED, Indicator.VICTIMS]
SEXES = [code for code in FigureSex.values if code != TOTAL]
AGES = [code for code in FigureAge.values if code != TOTAL]
# The defendants of sentences that record no form of exploitation.
UNRECORDED = "unrecorded"
# How long a protection is kept (its key changes whenever an approval moves).
CACHE_SECONDS = 24 * 3600


# --- who sees which countries -------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """The countries a user's statistics may cover, and those they see exactly."""

    country_ids: frozenset
    exact_ids: frozenset

    @property
    def sees_anything(self):
        return bool(self.country_ids)


def viewer(user):
    """What ``user`` may see: every member country for the data roles (exactly their own),
    the countries of their valid sharing agreements for a partner, nothing otherwise."""
    members = set(Country.objects.members().active().values_list("pk", flat=True))
    exact = access.sentence_country_ids(user)
    exact = members if exact is None else exact & members
    countries = set(exact)
    if access.standing(user).country_ids(access.DATA_ROLES):
        countries = members
    if access.standing(user).has(Role.PARTNER):
        countries |= covered_country_ids(user) & members
    return Viewer(frozenset(countries), frozenset(exact))


# --- the tables ---------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    cells: list
    key: str = ""
    note: str = ""
    is_total: bool = False
    empty: bool = False  # no figures shown for it (none recorded, or none approved)


@dataclass
class Table:
    id: str
    title: str
    row_title: str
    columns: list
    rows: list = field(default_factory=list)


@dataclass
class Statistics:
    """The figures of one page: ``values`` by figure key, the tables built from them, the
    (country id, year) shown that are not approved yet, and whether anything is protected."""

    values: dict
    tables: list
    years: list
    not_approved: set
    protected: bool
    with_data: set = field(default_factory=set)  # country ids with figures in the view
    penalties: bool = False  # the source has them (the national records)


def _part(dimension, category, sex, age):
    """The figure of one (country, year, indicator) a ``Figure`` row is, or None."""
    if dimension == Dimension.TOTAL:
        if sex == TOTAL and age == TOTAL:
            return ("total",)
        if age == TOTAL:
            return ("sex", sex)
        if sex == TOTAL:
            return ("age", age)
        return ("cell", sex, age)
    if sex != TOTAL or age != TOTAL:
        return None
    if dimension in (Dimension.CITIZENSHIP, Dimension.EXPLOITATION):
        return (dimension, category)
    return None


def _page_keys(indicator, country_id, year, part):
    """The page's figures a part of one (country, year, indicator) counts in."""
    if part == ("total",):
        return [
            (indicator, "year", year),
            (indicator, "country", country_id),
            (indicator, "total"),
        ]
    return [(indicator, *part)]


def _rows(source, country_ids, years=None, indicators=INDICATORS):
    rows = Figure.objects.filter(
        source=source, country_id__in=country_ids, indicator__in=indicators
    )
    if years is not None:
        rows = rows.filter(year__gte=years[0], year__lte=years[-1])
    return rows.values_list(
        "country_id",
        "year",
        "indicator",
        "dimension",
        "category",
        "sex",
        "age",
        "value",
        "censored",
    )


def _group(rows, keep=None):
    """{(country, year, indicator): {part: Count}} of ``Figure`` rows (those whose
    (country, year) ``keep`` accepts), with the national records' unrecorded forms."""
    groups = defaultdict(lambda: defaultdict(lambda: ZERO))
    for country_id, year, indicator, dimension, category, sex, age, value, censored in rows:
        if keep is not None and not keep(country_id, year):
            continue
        part = _part(dimension, category, sex, age)
        if part is not None:
            groups[(country_id, year, indicator)][part] += Count.of(value, censored)
    return groups


def _add_unrecorded(groups):
    """Defendants of sentences that record no form of exploitation: the national records'
    exploitation figures then sum to less than the total."""
    for parts in groups.values():
        recorded = total(v for k, v in parts.items() if k[0] == Dimension.EXPLOITATION)
        rest = parts[("total",)].low - recorded.low
        if rest > 0:
            parts[(Dimension.EXPLOITATION, UNRECORDED)] = Count.exact(rest)


def _walk(partitions, grand):
    """Atoms for cells of several partitions of one total: [(value, {part})], each atom in
    one cell of each partition (the north-west corner rule)."""
    queues = []
    for cells in partitions:
        queue = [[part, value] for part, value in cells if value > 0]
        rest = grand - sum(value for _part, value in queue)
        if rest > 0:
            queue.append([None, rest])  # what no cell of this partition counts
        queues.append(queue)
    atoms = []
    positions = [0] * len(queues)
    while all(p < len(q) for p, q in zip(positions, queues, strict=True)):
        current = [q[p] for p, q in zip(positions, queues, strict=True)]
        step = min(item[1] for item in current)
        atoms.append((step, {item[0] for item in current if item[0] is not None}))
        for n, item in enumerate(current):
            item[1] -= step
            if item[1] == 0:
                positions[n] += 1
    return atoms


def _with_margins(part):
    if part[0] == "cell":
        return [part, ("sex", part[1]), ("age", part[2])]
    return [part]


# The populations protected together, and the layers of persons each indicator counts: the
# persons prosecuted are those convicted and those acquitted, so the acquitted (never
# published) are a layer of their own, and a hidden figure of one indicator cannot be
# worked out from the other's by subtraction.
POPULATIONS = [
    {Indicator.PROSECUTED: ("convicted", "acquitted"), Indicator.CONVICTED: ("convicted",)},
    {Indicator.VICTIMS: ("victims",)},
]


def _layers(population, parts_of):
    """{layer: {part: exact count}} of one population: an indicator's own layer is its
    figures; a layer no indicator counts alone (the acquitted) is the difference."""
    exact = {
        indicator: {part: count.low for part, count in parts.items()}
        for indicator, parts in parts_of.items()
    }
    layers = {}
    for indicator, names in population.items():
        if len(names) == 1 and indicator in exact:
            layers[names[0]] = exact[indicator]
    for indicator, names in population.items():
        missing = [name for name in names if name not in layers]
        if missing and indicator in exact:
            (name,) = missing
            others = [layers[other] for other in names if other != name]
            layers[name] = {
                part: max(n - sum(o.get(part, 0) for o in others), 0)
                for part, n in exact[indicator].items()
            }
    return layers


PARTITIONS = ("cell", Dimension.CITIZENSHIP, Dimension.EXPLOITATION)


def _unknown_zeros(exact, layers):
    """Zero atoms of one layer for the parts another layer of its population counts and it
    does not: the acquitted men of a year with none are a true cell, zero, that a reader
    outside does not know to be zero (convicted men shown beside prosecuted men hidden tell
    nothing). Each lies in one part of every partition, as every true cell does; leaving
    them out would only hide more."""
    present = {part for other in layers.values() for part, n in other.items() if n > 0}
    own = {part for part, n in exact.items() if n > 0}
    anchors = {}
    for kind in PARTITIONS:
        choices = sorted(part for part in present if part[0] == kind)
        anchors[kind] = choices[0] if choices else None
    zeros = []
    for part in sorted(present - own):
        if part[0] not in PARTITIONS:
            continue
        parts_in = {part} | {a for kind, a in anchors.items() if kind != part[0] and a}
        zeros.append((0, parts_in))
    return zeros


def _protect(groups):
    """Every figure of ``groups`` as published outside their countries: {("c", country,
    year, indicator, *part): (low, high, hidden)}.

    One ``protect`` call per country, year and population (prosecuted and convicted
    together, victims apart). Each layer's atoms come from walking its partitions (sex x
    age, citizenship, form); a figure sums the atoms of its part in every layer its
    indicator counts. The figures of one country and year share no atom with any other (a
    region or a range of years is shown as the censored sum of these figures, never as a
    figure of its own), so the published space is the direct sum of these calls' and a
    hidden figure is recoverable from all of them exactly when it is from its own. (Regional
    figures of their own would show more exactly, but would tie every country of a year into
    one call, seconds long with today's ``protect``.)"""
    by_pair = defaultdict(dict)
    for (country_id, year, indicator), parts in groups.items():
        by_pair[(country_id, year)][indicator] = parts
    protected = {}
    for (country_id, year), parts_of in by_pair.items():
        for population in POPULATIONS:
            present = {i: p for i, p in parts_of.items() if i in population}
            if not present:
                continue
            atoms, members = {}, defaultdict(list)
            layers = _layers(population, present)
            for layer, exact in layers.items():
                counting = [i for i, names in population.items() if layer in names]
                partitions = [
                    [(part, n) for part, n in exact.items() if part[0] == kind]
                    for kind in PARTITIONS
                ]
                grand = max(
                    [exact.get(("total",), 0)] + [sum(n for _p, n in c) for c in partitions]
                )
                walked = _walk(partitions, grand) + _unknown_zeros(exact, layers)
                for value, parts_in in walked:
                    atom = len(atoms)
                    atoms[atom] = value
                    for part in parts_in | {("total",)}:
                        for each in _with_margins(part):
                            for indicator in counting:
                                members[("c", country_id, year, indicator, *each)].append(atom)
            if atoms:
                for key, each in disclosure.protect(atoms, members).items():
                    count = Count.from_shown(each)
                    high = INFINITE if count.high is None else count.high
                    protected[key] = (count.low, high, count.hidden)
    return protected


def _penalties(source, pairs):
    """The penalty figures of (country, year) ``pairs`` as shown outside their countries:
    sums of amounts are not counts of people, but a year of fewer than k sentences would
    tell one judgment's penalties, so all of that year's penalty figures are hidden."""
    k = disclosure.min_count()
    found = defaultdict(dict)
    rows = _rows(
        source,
        {c for c, _y in pairs},
        sorted({y for _c, y in pairs}),
        indicators=PENALTY_INDICATORS,
    ).filter(dimension=Dimension.TOTAL)
    for country_id, year, indicator, *_rest, value, _censored in rows:
        if (country_id, year) in pairs:
            found[(country_id, year)][indicator] = value
    shown = {}
    for (country_id, year), values in found.items():
        hidden = values.get(Indicator.SENTENCES, 0) < k
        for indicator in PENALTY_INDICATORS:
            value = values.get(indicator, 0)
            key = ("c", country_id, year, indicator, "total")
            shown[key] = (0, INFINITE, True) if hidden else (value, value, False)
    return shown


def protected_figures(source, country_ids):
    """The protected figures of ``country_ids``, every approved year: the same answer
    whatever country or years a page asks for, so that two pages cannot be differenced.

    Approved figures are locked, so each country's year is protected once and kept, under a
    key that names its approval's last move: reopening and approving again protects anew."""
    if not country_ids:
        return {}
    k = disclosure.min_count()
    approved = Approval.objects.filter(
        kind=APPROVAL_KIND, state=ApprovalState.APPROVED, country_id__in=country_ids
    ).values_list("country_id", "year", "updated")
    keys = {
        (c, y): f"sentence-statistics:{source.pk}:{k}:{c}:{y}:{updated.timestamp()}"
        for c, y, updated in approved
    }
    found = cache.get_many(keys.values())
    missing = {pair for pair, key in keys.items() if key not in found}
    if missing:
        rows = _rows(source, {c for c, _y in missing}, sorted({y for _c, y in missing}))
        groups = _group(rows, lambda c, y: (c, y) in missing)
        _add_unrecorded(groups)
        fresh = defaultdict(dict)
        for key, count in _protect(groups).items():
            fresh[keys[(key[1], key[2])]][key] = count
        for pair in missing:
            fresh.setdefault(keys[pair], {})
        for key, figure in _penalties(source, missing).items():
            fresh[keys[(key[1], key[2])]][key] = figure
        cache.set_many(fresh, CACHE_SECONDS)
        found.update(fresh)
    return {key: count for figures in found.values() for key, count in figures.items()}


class _Sums:
    r"""Censored sums kept as plain numbers while a page adds thousands of figures: {key:
    [low, high, hidden]}, ``high`` infinite when unbounded; ``Count``\s at the end."""

    def __init__(self):
        self.cells = defaultdict(lambda: [0, 0, False])

    def add(self, key, low, high, hidden=False):
        cell = self.cells[key]
        cell[0] += low
        cell[1] += high
        cell[2] = cell[2] or hidden

    def counts(self):
        values = defaultdict(lambda: ZERO)
        for key, (low, high, hidden) in self.cells.items():
            values[key] = Count(low, None if high == INFINITE else high, hidden)
        return values


INFINITE = float("inf")


def _exact_sums(sums, source, country_ids, years):
    """Add the figures of countries shown exactly, summed by the database: per country and
    year the totals, over the whole range each breakdown. Returns the (country, year) with
    figures."""
    rows = Figure.objects.filter(
        source=source,
        country_id__in=country_ids,
        indicator__in=INDICATORS + PENALTY_INDICATORS,
        year__gte=years[0],
        year__lte=years[-1],
    )
    number = IntegerField()
    low = Sum(Case(When(censored=True, then=Value(0)), default=F("value"), output_field=number))
    high = Sum(
        Case(When(censored=True, then=F("value") - 1), default=F("value"), output_field=number)
    )
    totals = rows.filter(dimension=Dimension.TOTAL, sex=TOTAL, age=TOTAL)
    pairs = set()
    recorded = defaultdict(int)  # national records: defendants counted under a form
    for country_id, year, indicator, lo, hi in (
        totals.values("country_id", "year", "indicator")
        .annotate(low=low, high=high)
        .values_list("country_id", "year", "indicator", "low", "high")
    ):
        pairs.add((country_id, year))
        for key in _page_keys(indicator, country_id, year, ("total",)):
            sums.add(key, lo, hi)
        if indicator in INDICATORS:
            recorded[indicator] += lo
    breakdowns = (
        rows.exclude(dimension=Dimension.TOTAL, sex=TOTAL, age=TOTAL)
        .values("indicator", "dimension", "category", "sex", "age")
        .annotate(low=low, high=high)
        .values_list("indicator", "dimension", "category", "sex", "age", "low", "high")
    )
    for indicator, dimension, category, sex, age, lo, hi in breakdowns:
        part = _part(dimension, category, sex, age)
        if part is not None:
            sums.add((indicator, *part), lo, hi)
            if part[0] == Dimension.EXPLOITATION:
                recorded[indicator] -= lo
    if source.kind == SourceKind.NATIONAL:
        for indicator, rest in recorded.items():
            if rest > 0:
                sums.add((indicator, Dimension.EXPLOITATION, UNRECORDED), rest, rest)
    return pairs


def _cached_exact_sums(sums, source, country_ids, years):
    """``_exact_sums``, kept until the figures change: a write or an import deletes and
    inserts ``Figure`` rows, and ids are never reused, so the count and the last id of the
    table name its state."""
    if not country_ids:
        return set()
    state = Figure.objects.aggregate(n=models.Count("id"), last=Max("id"))
    ids = ",".join(map(str, sorted(country_ids)))
    key = (
        f"sentence-statistics-exact:{source.pk}:{ids}:{years[0]}:{years[-1]}:"
        f"{state['n']}:{state['last']}"
    )
    found = cache.get(key)
    if found is None:
        fresh = _Sums()
        pairs = _exact_sums(fresh, source, country_ids, years)
        found = ({k: list(v) for k, v in fresh.cells.items()}, pairs)
        cache.set(key, found, CACHE_SECONDS)
    cells, pairs = found
    for key_, (low, high, hidden) in cells.items():
        sums.add(key_, low, high, hidden)
    return pairs


def compute(user, source, country_ids, years, who=None):
    """The statistics of ``country_ids`` over ``years`` (a sorted list) from ``source``, as
    ``user`` may see them."""
    who = who or viewer(user)
    country_ids = set(country_ids) & who.country_ids
    national = source.kind == SourceKind.NATIONAL
    exact_ids = who.exact_ids if national else who.country_ids
    sums = _Sums()
    pairs = _cached_exact_sums(sums, source, country_ids & exact_ids, years)
    not_approved = set()
    if national and pairs:
        approved = approvals.approved_years(APPROVAL_KIND, {c for c, _y in pairs})
        not_approved = pairs - approved
    outside = country_ids - exact_ids
    with_data = {c for c, _y in pairs}
    if outside:
        # Everyone of the viewer's other countries, whatever this page shows of them.
        canonical = protected_figures(source, who.country_ids - exact_ids)
        wanted = set(years)
        for (_c, country_id, year, indicator, *part), (lo, hi, hidden) in canonical.items():
            if year in wanted and country_id in outside:
                with_data.add(country_id)
                for key in _page_keys(indicator, country_id, year, tuple(part)):
                    sums.add(key, lo, hi, hidden)
    return Statistics(
        values=sums.counts(),
        tables=[],
        years=years,
        not_approved=not_approved,
        protected=bool(outside),
        with_data=with_data,
        penalties=national,
    )


def build_tables(stats, countries):
    """The page's tables (in order) from the computed values."""
    v = stats.values
    labels = dict(Indicator.choices)
    columns = [labels[i] for i in INDICATORS]
    pending_years = {y for _c, y in stats.not_approved}
    pending_countries = {c for c, _y in stats.not_approved}
    not_approved = _("not yet approved")
    trend = Table("trend", _("Per year"), _("Year"), columns)
    for year in stats.years:
        trend.rows.append(
            Row(
                str(year),
                [v[(i, "year", year)] for i in INDICATORS],
                key=str(year),
                note=not_approved if year in pending_years else "",
            )
        )
    trend.rows.append(Row(_("Total"), [v[(i, "total")] for i in INDICATORS], is_total=True))
    tables = [trend]
    if stats.penalties:
        penalties = Table(
            "penalties", _("Penalties"), _("Year"), [labels[i] for i in PENALTY_INDICATORS]
        )
        for year in stats.years:
            penalties.rows.append(
                Row(
                    str(year),
                    [v[(i, "year", year)] for i in PENALTY_INDICATORS],
                    key=str(year),
                    note=not_approved if year in pending_years else "",
                )
            )
        penalties.rows.append(
            Row(_("Total"), [v[(i, "total")] for i in PENALTY_INDICATORS], is_total=True)
        )
        tables.append(penalties)
    if len(countries) > 1:
        per_country = Table("countries", _("Per country"), _("Country"), columns)
        for country in countries:
            per_country.rows.append(
                Row(
                    country.name,
                    [v[(i, "country", country.pk)] for i in INDICATORS],
                    key=country.iso2,
                    note=not_approved if country.pk in pending_countries else "",
                    empty=country.pk not in stats.with_data,
                )
            )
        per_country.rows.append(
            Row(_("Total"), [v[(i, "total")] for i in INDICATORS], is_total=True)
        )
        tables.append(per_country)
    sex_labels, age_labels = dict(FigureSex.choices), dict(FigureAge.choices)
    titles = {
        Indicator.PROSECUTED: _("Persons prosecuted by sex and age"),
        Indicator.CONVICTED: _("Persons convicted by sex and age"),
        Indicator.VICTIMS: _("Victims by sex and age"),
    }
    for indicator in INDICATORS:
        table = Table(
            f"{indicator}-sex-age",
            titles[indicator],
            _("Sex"),
            [age_labels[a] for a in AGES] + [_("Total")],
        )
        for sex in SEXES:
            table.rows.append(
                Row(
                    sex_labels[sex],
                    [v[(indicator, "cell", sex, a)] for a in AGES] + [v[(indicator, "sex", sex)]],
                    key=sex,
                )
            )
        table.rows.append(
            Row(
                _("Total"),
                [v[(indicator, "age", a)] for a in AGES] + [v[(indicator, "total")]],
                is_total=True,
            )
        )
        tables.append(table)
    tables.append(
        _by_category(
            v,
            Dimension.CITIZENSHIP,
            _("By citizenship"),
            _("Citizenship"),
            columns,
            iso3166.name,
        )
    )
    exploitation_labels = dict(Exploitation.choices) | {UNRECORDED: _("Not recorded")}
    tables.append(
        _by_category(
            v,
            Dimension.EXPLOITATION,
            _("By form of exploitation"),
            _("Form of exploitation"),
            columns,
            lambda code: exploitation_labels.get(code, code),
        )
    )
    stats.tables = tables
    return tables


def _by_category(v, dimension, title, row_title, columns, label):
    table = Table(dimension, title, row_title, columns)
    codes = sorted({key[2] for key in v if key[1] == dimension and v[key]}, key=str)
    rows = [
        Row(label(code), [v[(i, dimension, code)] for i in INDICATORS], key=code) for code in codes
    ]
    table.rows = sorted(rows, key=lambda row: row.label)
    table.rows.append(Row(_("Total"), [v[(i, "total")] for i in INDICATORS], is_total=True))
    return table
