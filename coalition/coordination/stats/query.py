"""What the referral statistics page asks for (period, country, type), read from the query
string, with a message naming the field when a value is wrong."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.coordination.choices import ReferralKind
from coalition.coordination.metrics import Period
from coalition.core.filters import BadQuery  # noqa: F401 (the pages and the API catch query.BadQuery)
from coalition.core.models import Country
from coalition.lib.text import int_or_none

# A range longer than this is refused: the tables would mean little and cost much.
MAX_DAYS = 366 * 10


@dataclass
class Query:
    period: Period
    year: int | None  # the year asked for, None when a date range was
    country: Country | None  # None: every country (the regional view)
    kind: str  # "" for every type

    def params(self):
        """The query string's values, for the export links and file names."""
        found = (
            {"year": self.year}
            if self.year
            else {"from": self.period.first.isoformat(), "to": self.period.last.isoformat()}
        )
        if self.country:
            found["country"] = self.country.iso2
        if self.kind:
            found["kind"] = self.kind
        return found


def _date(data, name):
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadQuery(
            name, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw[:20]}
        ) from None


def read(data, today=None):
    """The ``Query`` of ``data`` (a QueryDict); ``BadQuery`` when a value is wrong."""
    today = today or timezone.localdate()
    first, last = _date(data, "from"), _date(data, "to")
    year = None
    if first or last:
        first = first or datetime.date(today.year, 1, 1)
        last = last or today
        if last < first:
            raise BadQuery("to", _("The end date comes before the start date."))
        if (last - first).days > MAX_DAYS:
            raise BadQuery("to", _("Ask for ten years at most."))
        period = Period(first, last)
    else:
        raw = (data.get("year") or "").strip()
        year = today.year
        if raw:
            year = int_or_none(raw, 2000, today.year + 1)
            if year is None:
                raise BadQuery("year", _("“%(value)s” is not a year.") % {"value": raw[:20]})
        period = Period.year(year)
    country = None
    iso2 = (data.get("country") or "").strip().upper()
    if iso2:
        country = Country.objects.filter(iso2=iso2, is_regional=False).first()
        if country is None:
            raise BadQuery("country", _("“%(value)s” is not a country.") % {"value": iso2[:20]})
    kind = (data.get("kind") or "").strip()
    if kind and kind not in ReferralKind.values:
        raise BadQuery("kind", _("“%(value)s” is not a type of referral.") % {"value": kind[:30]})
    return Query(period=period, year=year, country=country, kind=kind)
