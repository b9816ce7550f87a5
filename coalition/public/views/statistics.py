"""Published statistics: approved, disclosure-controlled figures of the court sentences,
regional or of one country, over a range of years, from the national records or a GLOTIP
release; the same tables as a chart and as a CSV download (``sentences.metrics``)."""

import csv
import io

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from coalition.core.filters import BadQuery, year_param
from coalition.core.models import Country
from coalition.lib.disclosure import min_count
from coalition.public import pages
from coalition.sentences import metrics

NATIONAL = "national"


def _asked(data):
    """What the page's form asks for: {source, sources, country, countries, years, year_from,
    year_to, published}; ``BadQuery`` naming the field of a wrong value, ``Http404`` for a
    country that is not a member."""
    who = metrics.public_viewer()
    sources = metrics.published_sources()
    raw_source = (data.get("source") or NATIONAL).strip()
    if raw_source == NATIONAL:
        source = next((s for s in sources if s.kind == metrics.SourceKind.NATIONAL), None)
    else:
        source = next(
            (s for s in sources if s.kind == metrics.SourceKind.GLOTIP and str(s.pk) == raw_source),
            None,
        )
        if source is None:
            raise BadQuery(
                "source",
                _("There is no statistics source “%(value)s”.") % {"value": raw_source[:20]},
            )
    countries = sorted(
        Country.objects.filter(pk__in=who.country_ids), key=lambda country: country.name
    )
    code = (data.get("country") or "").strip().upper()
    country = None
    if code:
        country = next((c for c in countries if c.iso2 == code), None)
        if country is None:
            raise Http404(_("There is no member country “%(code)s”.") % {"code": code[:10]})
    published = metrics.published_years(source, who) if source else []
    year_from = year_param(data, "year_from")
    year_to = year_param(data, "year_to")
    if year_from and year_to and year_from > year_to:
        raise BadQuery("year_to", _("The last year must not come before the first year."))
    if published:
        year_from = year_from or published[0]
        year_to = year_to or max(published[-1], year_from)
        year_from = min(year_from, year_to)
    return {
        "who": who,
        "source": source,
        "source_value": NATIONAL
        if source is None or source.kind == metrics.SourceKind.NATIONAL
        else source.pk,
        "sources": sources,
        "country": country,
        "countries": countries,
        "published": published,
        "year_from": year_from,
        "year_to": year_to,
    }


def _statistics(asked):
    if not asked["published"]:
        return None
    ids = [asked["country"].pk] if asked["country"] else [c.pk for c in asked["countries"]]
    years = range(asked["year_from"], asked["year_to"] + 1)
    return metrics.published_statistics(ids, years, asked["source"], asked["who"])


def _bad(request, error):
    return HttpResponseBadRequest(f"{error.field}: {error.message}", content_type="text/plain")


@pages.page
def statistics(request):
    """The published figures as tables, a chart and notes on what they mean."""
    try:
        asked = _asked(request.GET)
    except BadQuery as error:
        return _bad(request, error)
    stats = _statistics(asked)
    context = {
        "section": "statistics",
        "asked": asked,
        "stats": stats,
        "national": asked["source"] is None or asked["source"].kind == metrics.SourceKind.NATIONAL,
        "min_count": min_count(),
        "params": request.GET.urlencode(),
        "chart": metrics.chart_data(stats) if stats else None,
    }
    return render(request, "public/statistics.html", context)


@pages.page
def statistics_csv(request):
    """Exactly the tables the page shows, in the page's language."""
    try:
        asked = _asked(request.GET)
    except BadQuery as error:
        return _bad(request, error)
    stats = _statistics(asked)
    if stats is None:
        raise Http404(_("No figures are published for these years."))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(metrics.export_header())
    writer.writerows(metrics.export_rows(stats))
    place = asked["country"].iso2 if asked["country"] else "regional"
    source = "national" if asked["source"].kind == metrics.SourceKind.NATIONAL else "glotip"
    name = f"statistics-{place}-{source}-{asked['year_from']}-{asked['year_to']}-"
    name += f"{pages.language_of(request)}.csv"
    response = HttpResponse(
        out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urls = [
    path("statistics/", statistics, name="statistics"),
    path("statistics.csv", statistics_csv, name="statistics-csv"),
]

SITEMAP = [("statistics", None)]


def latest_figures():
    """What the home page shows of the latest published figures: the latest approved year
    of the national records and its regional persons prosecuted, convicted and victims as
    the statistics page shows them; None when nothing is published."""
    years = metrics.published_years()
    if not years:
        return None
    who = metrics.public_viewer()
    stats = metrics.published_statistics(who.country_ids, [years[-1]], who=who)
    if stats is None:
        return None
    row = stats.tables[0].rows[0]
    return {
        "year": years[-1],
        "figures": [
            {"label": label, "shown": str(count)}
            for label, count in zip(stats.tables[0].columns, row.cells, strict=True)
        ],
        "note": row.note,
    }
