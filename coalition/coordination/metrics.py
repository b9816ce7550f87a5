"""The coordination's figures, for its own pages and for other capabilities (the Palermo
indicators' repatriations answered in time), and its items for the home page.

The statistics count every referral of the system, whoever asks: they are aggregates, and
the statistics page (``coordination.stats``) protects them with ``lib.disclosure`` before
anyone sees them. Each function takes a ``Period`` (the first and last day, included) and
optionally ``countries`` (country pks: a referral counts when it was sent from or to one of
them) and ``kind`` (a ``ReferralKind``), and runs one query whatever the number of
referrals or countries.

Each figure dates a referral by the event it measures: counts by when it was **sent**, the
time to acknowledge by when it was **acknowledged** (the receiving office's first answer,
a decline included), the time to complete by when it was **completed**, the share answered
in time by when it was **answered** (completed or declined). So the repatriations answered
in time of a year (the Palermo indicator CI-07) are those answered that year, whenever they
were sent.
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import ngettext

from coalition.coordination import deadlines
from coalition.coordination.choices import ANSWERED_STATUSES, ReferralKind, Status
from coalition.coordination.models import Referral
from coalition.core import attention as home

HOUR = datetime.timedelta(hours=1)
PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last`` day, both included."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def bounds(self):
        """(start, end): aware datetimes, the start included and the end excluded."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.first, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            self.last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return start, end


def _referrals(field, period, countries=None, kind=None):
    """The referrals whose ``field`` (a date-time) falls in ``period``, narrowed."""
    start, end = period.bounds()
    found = Referral.objects.filter(**{f"{field}__gte": start, f"{field}__lt": end})
    if countries is not None:
        found = found.filter(Q(country_id__in=countries) | Q(receiving_country_id__in=countries))
    if kind:
        found = found.filter(kind=kind)
    return found.order_by()


def _grouped(queryset, *fields):
    rows = queryset.values(*fields).annotate(n=Count("pk"))
    return {tuple(row[f] for f in fields): row["n"] for row in rows}


def counts(period, countries=None, kind=None):
    """{(sending country pk, receiving country pk, kind, urgency): referrals sent in the
    period}: the finest cells, which the tables below sum (and ``lib.disclosure`` protects
    together)."""
    return _grouped(
        _referrals("sent_at", period, countries, kind),
        "country_id",
        "receiving_country_id",
        "kind",
        "urgency",
    )


def by_country_pair(period, countries=None, kind=None):
    """{(sending country pk, receiving country pk): referrals sent in the period}."""
    return _grouped(
        _referrals("sent_at", period, countries, kind), "country_id", "receiving_country_id"
    )


def by_kind(period, countries=None, kind=None):
    """{kind: referrals sent in the period}."""
    found = _grouped(_referrals("sent_at", period, countries, kind), "kind")
    return {key[0]: n for key, n in found.items()}


def by_urgency(period, countries=None, kind=None):
    """{urgency: referrals sent in the period}."""
    found = _grouped(_referrals("sent_at", period, countries, kind), "urgency")
    return {key[0]: n for key, n in found.items()}


@dataclass(frozen=True)
class Median:
    """The median of some durations, in hours, and how many there were."""

    hours: Decimal | None
    count: int


def _median(durations):
    if not durations:
        return Median(None, 0)
    middle = statistics.median(durations) / HOUR
    return Median(Decimal(str(middle)).quantize(PERCENT, ROUND_HALF_UP), len(durations))


def _medians(queryset, field):
    """{receiving country pk: Median, None: Median of them all} of ``field - sent_at``."""
    groups = {}
    for country, sent, done in queryset.values_list("receiving_country_id", "sent_at", field):
        groups.setdefault(country, []).append(done - sent)
    found = {country: _median(durations) for country, durations in groups.items()}
    found[None] = _median([d for durations in groups.values() for d in durations])
    return found


def hours_to_acknowledge(period, countries=None, kind=None):
    """{receiving country pk: Median, None: all}: hours from sending to the receiving
    office's first answer, of the referrals acknowledged (or declined) in the period."""
    return _medians(_referrals("acknowledged_at", period, countries, kind), "acknowledged_at")


def hours_to_complete(period, countries=None, kind=None):
    """{receiving country pk: Median, None: all}: hours from sending to completion, of the
    referrals completed in the period."""
    found = _referrals("closed_at", period, countries, kind).filter(status=Status.COMPLETED)
    return _medians(found, "closed_at")


@dataclass(frozen=True)
class Share:
    """How many were answered in time of how many answered; ``percent`` None when none."""

    in_time: int
    answered: int

    @property
    def percent(self):
        if not self.answered:
            return None
        return (Decimal(100 * self.in_time) / Decimal(self.answered)).quantize(
            PERCENT, ROUND_HALF_UP
        )


def _shares(queryset, group="receiving_country_id"):
    rows = (
        queryset.filter(status__in=ANSWERED_STATUSES)
        .values(group)
        .annotate(
            answered=Count("pk"),
            in_time=Count("pk", filter=Q(closed_at__lte=F("respond_by"))),
        )
    )
    return {row[group]: Share(row["in_time"], row["answered"]) for row in rows}


def answered_in_time(period, countries=None, kind=None):
    """{receiving country pk: Share, None: all}: referrals answered (completed or declined)
    in the period, and how many of them by their response deadline."""
    found = _shares(_referrals("closed_at", period, countries, kind))
    found[None] = Share(
        sum(share.in_time for share in found.values()),
        sum(share.answered for share in found.values()),
    )
    return found


def _repatriations_answered(countries, year):
    start, end = Period.year(year).bounds()
    return Referral.objects.filter(
        kind=ReferralKind.REPATRIATION,
        receiving_country_id__in=[country.pk for country in countries],
        closed_at__gte=start,
        closed_at__lt=end,
    ).order_by()


def repatriations_in_time_by_country(countries, year):
    """{country pk: percent (Decimal, 0-100) or None} for ``countries``: of the
    repatriation-support referrals that the country's offices received and answered
    (completed or declined) during ``year``, the share answered by their response deadline;
    None when they answered none. One query whatever the number of countries."""
    shares = _shares(_repatriations_answered(countries, year))
    return {
        country.pk: shares[country.pk].percent if country.pk in shares else None
        for country in countries
    }


def repatriations_in_time(countries, year):
    """The same share over ``countries`` together (the regional level: every answer
    counts once, rather than an average of the countries' percentages); None when none."""
    shares = _shares(_repatriations_answered(countries, year), group="kind")
    return shares[ReferralKind.REPATRIATION].percent if shares else None


# --- the home page -----------------------------------------------------------------------


def attention(request, now=None):
    """The overdue referrals that concern the user (``deadlines.home_counts``, one query):
    those its offices or its countries received that wait for an acknowledgement (danger)
    or a response (warning) past their deadline, and those its offices sent that wait for
    a response past its deadline (for information). Linked to the inbox, overdue only."""
    counts = deadlines.home_counts(request.user, now)
    countries = home.countries(request, None)
    items = []
    for key, level, message, direction in (
        (
            "acknowledgement",
            home.DANGER,
            lambda count: ngettext(
                "%(count)d referral received waits for your acknowledgement past its "
                "deadline in %(place)s.",
                "%(count)d referrals received wait for your acknowledgement past their "
                "deadline in %(place)s.",
                count,
            ),
            "received",
        ),
        (
            "response",
            home.WARNING,
            lambda count: ngettext(
                "%(count)d referral received is overdue for a response in %(place)s.",
                "%(count)d referrals received are overdue for a response in %(place)s.",
                count,
            ),
            "received",
        ),
        (
            "waiting",
            home.INFO,
            lambda count: ngettext(
                "%(count)d referral sent from %(place)s waits for a response past its deadline.",
                "%(count)d referrals sent from %(place)s wait for a response past their deadline.",
                count,
            ),
            "sent",
        ),
    ):
        where = [c for c in countries if counts[key].get(c.pk)]
        count = sum(counts[key][c.pk] for c in where)
        if count:
            text = message(count) % {"count": count, "place": home.place(where)}
            query = {"direction": direction, "overdue": 1}
            items.append(home.Item(level, text, home.link("referral-list", where, query=query)))
    return items
