"""The tables of the referral statistics, as a given user may see them.

**What is exact for whom.** The counts of referrals are counts of people assisted, so they
follow ``core.access.sees_exact_counts``: a referral involves two countries, the sending
and the receiving one, and is part of the data of both (their editors see it one by one).
So a count is exact for a user when every referral it counts was sent from or to a country
whose exact counts the user sees: the regional administrator sees every figure exactly; a
country's data roles see exactly the row and the column of their own country in the
country-pair table and that country's own tables; partners, other countries' members and
everyone else see the rest protected by ``lib.disclosure``.

**One protection for every filter of a period.** The count tables of a period (the
country-pair table with its totals, the region's tables by type and by urgency) are
protected together, in one ``protect`` call over the finest cells (sending country,
receiving country, type, urgency): the country filter only picks which of these figures the
page shows, so that no two views of the same period can be subtracted to give a hidden
figure back. A country's own tables by type and urgency are shown only to whoever sees that
country's counts exactly (they then add nothing to protect); others see the region's
(protecting every country's tables together would take seconds, and protecting them one
view at a time would let two views be subtracted). The referrals a user sees exactly are known to
them, so they are taken out of the protection (a total shown is the protected rest plus
them; hidden, it is ``x``, since its small part cannot be told apart).

**Answer times.** Medians and shares answered in time are not counts, but computed over a
handful of referrals they tell those referrals' own times. So each is shown only over at
least the disclosure minimum of referrals (``DISCLOSURE_MIN_COUNT``), unless the user sees
that country's exact counts (the "all countries" row: the regional administrator); else
"fewer than N". The type filter narrows these answer times only (the counts show every type
in their own table), so that, filtered by repatriation support, the share of a country and
year is the Palermo indicator CI-07.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from coalition.coordination import metrics
from coalition.coordination.choices import ReferralKind, Urgency
from coalition.core import access
from coalition.core.models import Country
from coalition.lib import disclosure


@dataclass(frozen=True)
class Figure:
    """A median or a percentage as shown: ``value`` None when hidden or missing."""

    value: Decimal | None
    text: str

    def __str__(self):
        return self.text


@dataclass
class Row:
    key: str
    label: str
    cells: list
    is_total: bool = False


@dataclass
class Table:
    id: str
    title: str
    row_title: str
    columns: list
    rows: list = field(default_factory=list)


@dataclass
class Statistics:
    tables: list
    protected: bool  # some figure is protected for this user
    exact_names: list  # the countries whose figures are exact for this user
    regional_tables: bool = False  # a country asked, its type and urgency tables not shown


def _exact_ids(user, countries):
    return {c.pk for c in countries if access.sees_exact_counts(user, c.pk)}


def protect(atoms, figures, known):
    """{figure: disclosure.Shown}: ``figures`` (name -> atoms it sums) of ``atoms`` (atom ->
    count), protected together, except the atoms ``known`` to the user (a set), which are
    exact for them and so taken out of the protection."""
    hidden_atoms = {atom: n for atom, n in atoms.items() if atom not in known}
    rest = {name: [a for a in members if a in hidden_atoms] for name, members in figures.items()}
    shown = disclosure.protect(hidden_atoms, {name: m for name, m in rest.items() if m})
    k = disclosure.min_count()
    out = {}
    for name, members in figures.items():
        known_part = sum(atoms[a] for a in members if a not in hidden_atoms)
        got = shown.get(name)
        if got is None:
            out[name] = disclosure.Shown(known_part, False, k)
        elif not got.suppressed:
            out[name] = disclosure.Shown(got.value + known_part, False, k)
        else:
            out[name] = disclosure.Shown(None, True, k, primary=got.primary and not known_part)
    return out


def _figures(atoms, countries, scope=None):
    """Every count figure a period may show: name -> the atoms it sums. The tables by type
    and by urgency are the region's; with ``scope`` (a country pk) that country's too."""
    pks = [c.pk for c in countries]
    figures = {}

    def add(name, test):
        figures[name] = [atom for atom in atoms if test(*atom)]

    for s in pks:
        for r in pks:
            add(("pair", s, r), lambda a, b, kind, urgency, s=s, r=r: (a, b) == (s, r))
        add(("sent", s), lambda a, b, kind, urgency, s=s: a == s)
        add(("received", s), lambda a, b, kind, urgency, s=s: b == s)
    for where in {None, scope}:

        def involves(a, b, where=where):
            return where is None or where in (a, b)

        add(("total", where), lambda a, b, kind, urgency, i=involves: i(a, b))
        for kind in ReferralKind.values:
            add(
                ("kind", where, kind),
                lambda a, b, k, u, i=involves, kind=kind: i(a, b) and k == kind,
            )
        for urgency in Urgency.values:
            add(
                ("urgency", where, urgency),
                lambda a, b, k, u, i=involves, urgency=urgency: i(a, b) and u == urgency,
            )
    return figures


def countries_of(atoms):
    """The member countries, and any other country a referral of the period involves, in
    name order."""
    involved = {a for atom in atoms for a in atom[:2]}
    found = Country.objects.filter(is_regional=False, active=True) | Country.objects.filter(
        pk__in=involved
    )
    return sorted(found.distinct(), key=lambda c: c.name)


def _count_tables(asked, countries, shown, own):
    """The count tables; ``own``: the type and urgency tables are the asked country's
    (else the region's)."""
    scope = asked.country.pk if asked.country else None
    pair = Table(
        "pairs",
        _("Referrals by country pair"),
        _("Sending country"),
        [c.name for c in countries] + [_("Total sent")],
    )
    rows = [c for c in countries if scope is None or c.pk == scope]
    for c in rows:
        cells = [shown[("pair", c.pk, r.pk)] for r in countries] + [shown[("sent", c.pk)]]
        pair.rows.append(Row(c.iso2, c.name, cells))
    if scope is None:
        totals = [shown[("received", r.pk)] for r in countries] + [shown[("total", None)]]
        pair.rows.append(Row("total", _("Total received"), totals, is_total=True))
    else:
        # The receiving country's column of the country: what it received from each.
        pair.rows.append(
            Row(
                "to-" + asked.country.iso2,
                _("Received by %(country)s") % {"country": asked.country.name},
                [shown[("pair", s.pk, scope)] for s in countries] + [shown[("received", scope)]],
                is_total=True,
            )
        )
    where = scope if own else None
    suffix = f" · {asked.country.name}" if where else ""
    if scope and not own:
        suffix = " · " + _("all countries")
    kinds = Table("kinds", _("Referrals by type") + suffix, _("Type"), [_("Referrals")])
    for value, label in ReferralKind.choices:
        kinds.rows.append(Row(value, str(label), [shown[("kind", where, value)]]))
    kinds.rows.append(Row("total", _("Total"), [shown[("total", where)]], is_total=True))
    urgencies = Table(
        "urgencies", _("Referrals by urgency") + suffix, _("Urgency"), [_("Referrals")]
    )
    for value, label in Urgency.choices:
        urgencies.rows.append(Row(value, str(label), [shown[("urgency", where, value)]]))
    urgencies.rows.append(Row("total", _("Total"), [shown[("total", where)]], is_total=True))
    return [pair, kinds, urgencies]


def _hours(median, exact, k):
    if median.count == 0:
        return Figure(None, "—")
    if median.count < k and not exact:
        return Figure(None, _("fewer than %(k)s") % {"k": k})
    return Figure(median.hours, formats.number_format(median.hours, 1))


def _share(share, exact, k):
    if share.answered == 0:
        return Figure(None, "—")
    if share.answered < k and not exact:
        return Figure(None, _("fewer than %(k)s") % {"k": k})
    return Figure(share.percent, f"{formats.number_format(share.percent, 1)} %")


def _times_table(asked, countries, exact_ids, regional_exact):
    acknowledge = metrics.hours_to_acknowledge(asked.period, kind=asked.kind)
    complete = metrics.hours_to_complete(asked.period, kind=asked.kind)
    in_time = metrics.answered_in_time(asked.period, kind=asked.kind)
    k = disclosure.min_count()
    table = Table(
        "times",
        _("Answer times by receiving country"),
        _("Receiving country"),
        [
            _("Median hours to acknowledge"),
            _("Median hours to complete"),
            _("Answered in time"),
        ],
    )
    none = metrics.Median(None, 0)
    rows = [(c.iso2, c.name, c.pk, c.pk in exact_ids) for c in countries]
    if asked.country:
        rows = [row for row in rows if row[2] == asked.country.pk]
    rows.append(("all", _("All countries"), None, regional_exact))
    for key, label, pk, exact in rows:
        table.rows.append(
            Row(
                key,
                label,
                [
                    _hours(acknowledge.get(pk, none), exact, k),
                    _hours(complete.get(pk, none), exact, k),
                    _share(in_time.get(pk, metrics.Share(0, 0)), exact, k),
                ],
                is_total=pk is None,
            )
        )
    return table


def compute(user, asked):
    """The ``Statistics`` of ``asked`` (a ``query.Query``) as ``user`` may see them."""
    atoms = metrics.counts(asked.period)
    countries = countries_of(atoms)
    exact_ids = _exact_ids(user, countries)
    regional_exact = access.is_regional_admin(user) or exact_ids == {c.pk for c in countries}
    known = {atom for atom in atoms if atom[0] in exact_ids or atom[1] in exact_ids}
    # A country's own tables by type and urgency: only for whoever sees its counts exactly
    # (every referral they count is known to them, so they add nothing to protect).
    own = asked.country is not None and asked.country.pk in exact_ids
    shown = protect(atoms, _figures(atoms, countries, asked.country.pk if own else None), known)
    tables = _count_tables(asked, countries, shown, own)
    tables.append(_times_table(asked, countries, exact_ids, regional_exact))
    return Statistics(
        tables=tables,
        protected=any(s.suppressed for s in shown.values()) or len(known) < len(atoms),
        exact_names=[c.name for c in countries if c.pk in exact_ids],
        regional_tables=asked.country is not None and not own,
    )
