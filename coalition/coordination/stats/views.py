"""The referral statistics page and its CSV and XLSX exports: the same tables
(``tables.compute``), so that an export is exactly what the page shows."""

from operator import itemgetter

from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.coordination.choices import ReferralKind
from coalition.coordination.models import Referral
from coalition.coordination.stats import query, tables
from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.core.files import download_response
from coalition.core.models import Country
from coalition.lib import exports
from coalition.lib.disclosure import min_count


def _bad(error):
    return HttpResponseBadRequest(f"{error.field}: {error.message}", content_type="text/plain")


def _value(figure):
    return None if figure.value is None else float(figure.value)


def _charts(stats):
    """The charts' data: exactly the figures of their tables (a hidden one is a gap)."""
    by_id = {table.id: table for table in stats.tables}
    kinds, times = by_id["kinds"], by_id["times"]
    return {
        "kinds": {
            "labels": [row.label for row in kinds.rows if not row.is_total],
            "datasets": [
                {
                    "label": str(kinds.columns[0]),
                    "data": [_value(row.cells[0]) for row in kinds.rows if not row.is_total],
                }
            ],
        },
        "times": {
            "labels": [row.label for row in times.rows],
            "datasets": [
                {
                    "label": _("Answered in time (%)"),
                    "data": [_value(row.cells[2]) for row in times.rows],
                }
            ],
            "max": 100,
        },
    }


@access.rule(access.READER)
@require_GET
def statistics_page(request):
    """Referrals by country pair, type and urgency, and the answer times: regional or of
    one country, exact or protected for each user as ``tables`` says."""
    try:
        asked = query.read(request.GET)
    except query.BadQuery as error:
        return _bad(error)
    stats = tables.compute(request.user, asked)
    return render(
        request,
        "coordination/stats/page.html",
        {
            "query": asked,
            "stats": stats,
            "charts": _charts(stats),
            "all_countries": sorted(
                Country.objects.filter(is_regional=False, active=True), key=lambda c: c.name
            ),
            "kinds": ReferralKind.choices,
            "min_count": min_count(),
            "params": request.GET.urlencode(),
        },
    )


def table_rows(stats):
    """The rows every export writes: table, row, column, the figure as shown, its number
    when shown."""
    for table in stats.tables:
        for row in table.rows:
            for column, figure in zip(table.columns, row.cells, strict=True):
                value = figure.value
                yield [str(table.title), str(row.label), str(column), str(figure), value]


def _header():
    return [_("Table"), _("Row"), _("Column"), _("Shown"), _("Number")]


def _stem(asked):
    place = asked.country.iso2 if asked.country else "regional"
    when = asked.year or f"{asked.period.first}-{asked.period.last}"
    return f"referral-statistics-{place}-{when}"


def _content(stats, fmt):
    columns = [exports.Column(text, itemgetter(i)) for i, text in enumerate(_header())]
    content = exports.table(fmt, _("Statistics"), columns, table_rows(stats))
    return content, exports.CONTENT_TYPES[fmt]


@access.rule(access.READER)
@require_GET
def statistics_export(request, fmt):
    """The page's tables as CSV or XLSX, shown as on the page; audited as an export."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        asked = query.read(request.GET)
    except query.BadQuery as error:
        return _bad(error)
    stats = tables.compute(request.user, asked)
    content, kind = _content(stats, fmt)
    filename = f"{_stem(asked)}.{fmt}"
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            object_type=Referral._meta.label_lower,
            object_repr=_("Referral statistics export"),
            country=asked.country,
            after={
                "format": fmt,
                "file": filename,
                **{key: str(value) for key, value in asked.params().items()},
                "protected": stats.protected,
            },
        )
    return download_response(content, kind, filename)
