"""The statistics pages (regional, or one country), their CSV and XLSX exports: the same
tables (``tables``), so that an export is exactly what the page shows."""

from operator import itemgetter

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.core import access
from coalition.core.choices import Role
from coalition.core.files import download_response
from coalition.core.models import Country
from coalition.lib import exports
from coalition.lib.disclosure import min_count
from coalition.sentences.choices import Indicator
from coalition.sentences.statistics import query, tables
from coalition.sentences.statistics.tables import INDICATORS


def _statistics(request, who):
    """(query, statistics) of the request; 404 for a country out of reach."""
    try:
        asked = query.read(request.GET, who)
    except Country.DoesNotExist:
        raise Http404 from None
    stats = tables.compute(
        request.user, asked.source, [c.pk for c in asked.countries], asked.years, who
    )
    tables.build_tables(stats, asked.countries)
    return asked, stats


def _bad(error):
    return HttpResponseBadRequest(f"{error.field}: {error.message}", content_type="text/plain")


def chart_data(stats):
    """The trend chart's data: exactly the per-year table's exact figures (gaps elsewhere)."""
    trend = stats.tables[0]
    labels = dict(Indicator.choices)
    return {
        "labels": [row.label for row in trend.rows if not row.is_total],
        "datasets": [
            {
                "label": str(labels[indicator]),
                "data": [row.cells[n].value for row in trend.rows if not row.is_total],
            }
            for n, indicator in enumerate(INDICATORS)
        ],
    }


@access.rule(access.READER)
@require_GET
def statistics_page(request):
    """Persons prosecuted and convicted, victims, per year and per country, by sex and age,
    citizenship and form of exploitation: exact for the viewer's own countries, approved and
    disclosure-controlled for every other country."""
    who = tables.viewer(request.user)
    if not who.sees_anything:
        return render(
            request,
            "sentences/statistics/page.html",
            {"nothing": True, "is_partner": access.standing(request.user).has(Role.PARTNER)},
        )
    try:
        asked, stats = _statistics(request, who)
    except query.BadQuery as error:
        return _bad(error)
    params = request.GET.urlencode()
    return render(
        request,
        "sentences/statistics/page.html",
        {
            "query": asked,
            "stats": stats,
            "chart": chart_data(stats),
            "all_countries": list(Country.objects.filter(pk__in=who.country_ids)),
            "exact_names": [c.name for c in asked.countries if c.pk in who.exact_ids],
            "min_count": min_count(),
            "params": params,
            "not_approved": sorted(
                (c.name, y)
                for c in asked.countries
                for y in asked.years
                if (c.pk, y) in stats.not_approved
            ),
        },
    )


def table_rows(stats):
    """The rows every export writes: table, row, column, the figure as shown, its number
    when exact, and the row's note."""
    for table in stats.tables:
        for row in table.rows:
            for column, count in zip(table.columns, row.cells, strict=True):
                yield [
                    str(table.title),
                    str(row.label),
                    str(column),
                    str(count),
                    count.value,
                    str(row.note),
                ]


def export_header():
    return [_("Table"), _("Row"), _("Column"), _("Shown"), _("Number"), _("Note")]


def _stem(asked):
    place = asked.country.iso2 if asked.country else "regional"
    return f"sentence-statistics-{place}-{asked.year_from}-{asked.year_to}"


@access.rule(access.READER)
@require_GET
def statistics_export(request, fmt):
    """The page's tables as CSV or XLSX: the same figures, shown the same way."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    who = tables.viewer(request.user)
    if not who.sees_anything:
        raise Http404
    try:
        asked, stats = _statistics(request, who)
    except query.BadQuery as error:
        return _bad(error)
    columns = [exports.Column(text, itemgetter(i)) for i, text in enumerate(export_header())]
    content = exports.table(fmt, _("Statistics"), columns, table_rows(stats))
    return download_response(content, exports.CONTENT_TYPES[fmt], f"{_stem(asked)}.{fmt}")
