"""Figures of the court sentences, read-only, for other capabilities: persons convicted per
country and year, from the national records' statistics (``aggregates``), approved years
only, for the Palermo indicators; and the published statistics of the public site.
"""

from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition.core import access, approvals
from coalition.core import attention as home
from coalition.core.choices import ApprovalState
from coalition.core.models import Approval, Country
from coalition.sentences.choices import (
    TOTAL_CATEGORY,
    Dimension,
    FigureAge,
    FigureSex,
    Indicator,
    SourceKind,
)
from coalition.sentences.models import APPROVAL_KIND, Figure, Source
from coalition.sentences.statistics import tables, views


def national_total(indicator, country, year, *, approved_only=True):
    """The national records' total of ``indicator`` (an ``Indicator``) for one country and
    year; None when that year has no approved data (or no data at all)."""
    if approved_only and not approvals.is_locked(APPROVAL_KIND, country.pk, year):
        return None
    rows = Figure.objects.filter(
        source=Source.national(),
        country=country,
        year=year,
        indicator=indicator,
        dimension=Dimension.TOTAL,
        category=TOTAL_CATEGORY,
        sex=FigureSex.TOTAL,
        age=FigureAge.TOTAL,
    )
    return rows.aggregate(total=Sum("value"))["total"] if rows.exists() else None


def persons_convicted(country, year, *, approved_only=True):
    """Persons convicted by final sentences in ``country`` in ``year`` (None: no data)."""
    return national_total(Indicator.CONVICTED, country, year, approved_only=approved_only)


def persons_convicted_by_country(countries, year):
    """{country pk: persons convicted in ``year``, or None} for ``countries``, approved years
    only, in two queries whatever their number (a regional figure sums the members with
    data; see ``indicators.sources``)."""
    ids = [country.pk for country in countries]
    approved = set(
        Approval.objects.filter(
            kind=APPROVAL_KIND, country_id__in=ids, year=year, state=ApprovalState.APPROVED
        ).values_list("country_id", flat=True)
    )
    totals = {}
    if approved:
        rows = (
            Figure.objects.filter(
                source=Source.national(),
                country_id__in=approved,
                year=year,
                indicator=Indicator.CONVICTED,
                dimension=Dimension.TOTAL,
                category=TOTAL_CATEGORY,
                sex=FigureSex.TOTAL,
                age=FigureAge.TOTAL,
            )
            .values("country_id")
            .order_by()
            .annotate(total=Sum("value"))
        )
        totals = {row["country_id"]: row["total"] for row in rows}
    return {pk: totals.get(pk) for pk in ids}


def attention(request):
    """Regional administrators: the years of sentences awaiting their decision. Country
    editors: their years returned with a comment. Linked to the approvals, filtered."""
    user = request.user
    ids = access.sentence_country_ids(user)
    if ids == set():
        return []
    years = Approval.objects.filter(kind=APPROVAL_KIND)
    if ids is None:  # the regional administrator decides
        item = home.per_country(
            years.filter(state=ApprovalState.SUBMITTED),
            home.countries(request, None),
            home.WARNING,
            lambda count: ngettext(
                "%(count)d year of sentences awaits approval (%(place)s).",
                "%(count)d years of sentences await approval (%(place)s).",
                count,
            ),
            "approval-list",
            query={"kind": APPROVAL_KIND, "state": ApprovalState.SUBMITTED},
        )
    else:
        item = home.per_country(
            years.filter(state=ApprovalState.RETURNED),
            home.countries(request, ids),
            home.DANGER,
            lambda count: ngettext(
                "%(count)d year of sentences was returned with a comment (%(place)s): "
                "correct it and submit it again.",
                "%(count)d years of sentences were returned with a comment (%(place)s): "
                "correct them and submit them again.",
                count,
            ),
            "approval-list",
            query={"kind": APPROVAL_KIND, "state": ApprovalState.RETURNED},
        )
    return [item] if item else []


# --- the published statistics (the public site) ------------------------------------------


def public_viewer():
    """The public: every active member country, none of them exactly, so that every figure
    is of an approved year and passes the disclosure control (``tables``)."""
    members = Country.objects.members().active().values_list("pk", flat=True)
    return tables.Viewer(frozenset(members), frozenset())


def published_sources():
    """The sources the public may choose: the national records, then each GLOTIP release
    as imported (newest first)."""
    national = Source.objects.filter(kind=SourceKind.NATIONAL)[:1]
    return [*national, *Source.objects.filter(kind=SourceKind.GLOTIP)]


def published_years(source=None, who=None, country_ids=None):
    """The years ``source`` (the national records by default) has published figures of
    (for ``country_ids``, by default every member), ascending: for the national records,
    the years approved for some of them; for a GLOTIP release, the years it has figures of."""
    source = source or Source.objects.filter(kind=SourceKind.NATIONAL).first()
    if source is None:
        return []
    who = who or public_viewer()
    ids = who.country_ids if country_ids is None else set(country_ids) & who.country_ids
    rows = _published_figures(source, ids)
    return sorted(set(rows.values_list("year", flat=True).order_by().distinct()))


def _published_figures(source, country_ids):
    """The ``Figure`` rows of ``source`` the public may see: of approved years for the
    national records, all of a GLOTIP release (published by UNODC)."""
    rows = Figure.objects.filter(
        source=source, country_id__in=country_ids, indicator__in=tables.INDICATORS
    )
    if source.kind == SourceKind.NATIONAL:
        approved = Approval.objects.filter(
            kind=APPROVAL_KIND,
            state=ApprovalState.APPROVED,
            country_id=OuterRef("country_id"),
            year=OuterRef("year"),
        )
        rows = rows.filter(Exists(approved))
    return rows


def published_statistics(country_ids, years, source=None, who=None):
    """The ``tables.Statistics`` of ``country_ids`` over ``years`` as the public sees them
    (the same tables as the members' page, for a viewer who sees no country exactly), with
    each regional year noting how many countries it adds up; None when none of ``years`` is
    published for them. A country with nothing published over ``years`` has no row in
    the per-country table (its zeros would not be true): it is listed in ``unpublished``."""
    source = source or Source.objects.filter(kind=SourceKind.NATIONAL).first()
    who = who or public_viewer()
    ids = set(country_ids) & who.country_ids
    published = set(published_years(source, who, ids)) if source else set()
    years = sorted(set(years) & published)
    if not years:
        return None
    countries = sorted(Country.objects.filter(pk__in=ids), key=lambda c: c.name_es)
    stats = tables.compute(None, source, ids, years, who)
    tables.build_tables(stats, countries)
    stats.tables.sort(key=lambda table: table.id == "penalties")  # the widest, last
    stats.unpublished = [c for c in countries if c.pk not in stats.with_data]
    if len(countries) > 1:
        per_country = next(t for t in stats.tables if t.id == "countries")
        per_country.rows = [row for row in per_country.rows if not row.empty]
        covered = _countries_per_year(source, ids, years)
        for row in stats.tables[0].rows:
            if row.key and len(covered.get(int(row.key), ())) < len(countries):
                row.note = _("%(n)s of %(total)s countries") % {
                    "n": len(covered.get(int(row.key), ())),
                    "total": len(countries),
                }
    return stats


def _countries_per_year(source, country_ids, years):
    """{year: {country id}} of the countries whose figures a year of the page adds up."""
    rows = _published_figures(source, country_ids).filter(year__in=years)
    found = {}
    for country_id, year in rows.values_list("country_id", "year").order_by().distinct():
        found.setdefault(year, set()).add(country_id)
    return found


def chart_data(stats):
    """The trend chart of ``stats``: exactly the per-year table's exact figures."""
    return views.chart_data(stats)


def export_rows(stats):
    """The rows a download of ``stats`` writes: table, row, column, the figure as shown, its
    number when exact, and the row's note (what the members' exports write)."""
    return views.table_rows(stats)


def export_header():
    return views.export_header()
