"""What a statistics page or API call asks for (country, years, source), read from the query
string the same way for both, with a message naming the field when a value is wrong."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils.translation import gettext as _

from coalition.core.filters import BadQuery, year_param  # noqa: F401 (the pages and the API catch query.BadQuery)
from coalition.core.models import Country
from coalition.sentences.choices import SourceKind
from coalition.sentences.models import Figure, Source

# A range longer than this is refused: nobody reads a century of yearly rows.
MAX_YEARS = 50


@dataclass
class Query:
    source: Source
    sources: list
    countries: list  # Country objects in view, in name order
    country: Country | None  # the one country asked for, None for the regional view
    years: list  # every year of the range, ascending

    @property
    def year_from(self):
        return self.years[0] if self.years else None

    @property
    def year_to(self):
        return self.years[-1] if self.years else None


def read(data, who):
    """The ``Query`` of ``data`` (a QueryDict) for a ``tables.Viewer``; ``BadQuery`` when a
    value is wrong, ``Country.DoesNotExist`` when the country is out of the viewer's reach."""
    sources = [Source.national(), *Source.objects.filter(kind=SourceKind.GLOTIP)]
    raw_source = (data.get("source") or "national").strip()
    if raw_source == "national":
        source = sources[0]
    else:
        source = next((s for s in sources[1:] if str(s.pk) == raw_source), None)
        if source is None:
            raise BadQuery(
                "source",
                _("There is no statistics source “%(value)s”.") % {"value": raw_source[:20]},
            )
    countries = list(Country.objects.filter(pk__in=who.country_ids).order_by("name_es"))
    country = None
    code = (data.get("country") or "").strip().upper()
    if code:
        country = next((c for c in countries if c.iso2 == code), None)
        if country is None:
            raise Country.DoesNotExist(code)
        countries = [country]
    year = year_param(data, "year")
    year_from = year_param(data, "year_from") or year
    year_to = year_param(data, "year_to") or year
    if year_from is None or year_to is None:
        known = Figure.objects.filter(source=source, country__in=countries).aggregate(
            first=Min("year"), last=Max("year")
        )
        first, last = known["first"], known["last"]
        if last is None:
            first = last = datetime.date.today().year
        year_from = year_from or max(first, (year_to or last) - MAX_YEARS + 1)
        year_to = year_to or max(last, year_from)
    if year_from > year_to:
        raise BadQuery("year_to", _("The last year must not come before the first year."))
    if year_to - year_from >= MAX_YEARS:
        raise BadQuery("year_from", _("Ask for at most %(n)s years at a time.") % {"n": MAX_YEARS})
    return Query(source, sources, countries, country, list(range(year_from, year_to + 1)))
