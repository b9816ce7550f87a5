"""Figures of the directory, read-only, for this app and for others: how current each
country's institutions and contacts are (the freshness dashboard and the home page's
"needs your attention" both read them).

A record not confirmed for ``STALE_AFTER_DAYS`` is stale (``directory.verification``).
"""

import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import ngettext

from coalition.core import access
from coalition.core import attention as home
from coalition.core.choices import Axis
from coalition.core.models import STALE_AFTER_DAYS, Organization
from coalition.directory import verification
from coalition.directory.choices import ContactKind
from coalition.directory.models import Contact


def freshness_counts(model, country_ids, today):
    """One query: ``{country id: {total, stale, never, recent}}`` for ``model``
    (institutions or contacts) in ``country_ids``."""
    recent_since = today - datetime.timedelta(days=verification.RECENT_DAYS)
    rows = (
        model.objects.filter(country_id__in=country_ids)
        .values("country_id")
        .order_by()
        .annotate(
            total=Count("pk"),
            stale=Count("pk", filter=verification.stale_q(today)),
            never=Count("pk", filter=Q(last_verified__isnull=True)),
            recent=Count("pk", filter=Q(last_verified__gte=recent_since)),
        )
    )
    return {row.pop("country_id"): row for row in rows}


def victim_protection_q():
    """A Q of the institutions that protect victims: those working in the victim attention
    and protection axis, or offering victims at least one service (shelter, legal aid...)."""
    return Q(axes__icontains=f'"{Axis.ATTENTION}"') | ~Q(services=[])


def institutions_verified_by_country(countries, on):
    """{country pk: victim-protection institutions of that country registered in the
    directory and confirmed correct within the ``STALE_AFTER_DAYS`` (180) days up to ``on``,
    or None} in one query.

    The directory keeps each institution's latest confirmation only: for a past ``on``, an
    institution confirmed again since is not counted. None: the country has no
    victim-protection institution registered at all (zero: it has some, none confirmed).
    """
    ids = [country.pk for country in countries]
    since = on - datetime.timedelta(days=STALE_AFTER_DAYS)
    rows = (
        Organization.objects.filter(victim_protection_q(), country_id__in=ids)
        .values("country_id")
        .order_by()
        .annotate(verified=Count("pk", filter=Q(last_verified__gte=since, last_verified__lte=on)))
    )
    found = {row["country_id"]: row["verified"] for row in rows}
    return {pk: found.get(pk) for pk in ids}


def attention(request, today=None):
    """The institutions and contacts due for verification in the countries whose records
    the user confirms (country editors, regional administrators: those the monthly
    verification requests go to), linked to the freshness dashboard."""
    today = today or timezone.localdate()
    countries = home.countries(request, access.approvable_country_ids(request.user))
    if not countries:
        return []
    ids = [c.pk for c in countries]
    stale = {}
    for model in (Organization, Contact):
        for country_id, row in freshness_counts(model, ids, today).items():
            stale[country_id] = stale.get(country_id, 0) + row["stale"]
    where = [c for c in countries if stale.get(c.pk)]
    count = sum(stale.values())
    if not count:
        return []
    message = ngettext(
        "%(count)d institution or contact is due for verification in %(place)s.",
        "%(count)d institutions and contacts are due for verification in %(place)s.",
        count,
    ) % {"count": count, "place": home.place(where)}
    return [home.Item(home.WARNING, message, home.link("directory-freshness", where))]


def public_help(country):
    """What the public help page of ``country`` shows, in three queries: ``lines`` (its
    institutional lines flagged public), ``institutions`` (its institutions flagged public:
    victim-assistance offices, shelters...) and ``regional_lines`` (the public lines of the
    regional level). Lines only, never a person; the page shows no address."""
    lines = Contact.objects.filter(public=True, kind=ContactKind.LINE).select_related(
        "organization__country"
    )
    return {
        "lines": list(lines.filter(country=country).order_by("name")),
        "institutions": list(
            Organization.objects.filter(country=country, public=True)
            .select_related("country")
            .order_by("name")
        ),
        "regional_lines": list(lines.filter(country__is_regional=True).order_by("name")),
    }


# --- the regional annual report ----------------------------------------------------------


def annual_freshness(on, days=365):
    """How current the directory is on ``on``, per country: {country id: {"entries",
    "recent" (confirmed or updated within ``days``), "never" (never confirmed), "oldest"
    (the oldest confirmation date, or None)}}, institutions and contacts together, in two
    queries."""
    since = on - datetime.timedelta(days=days)
    found = {}
    for model in (Organization, Contact):
        rows = (
            model.objects.filter(country_id__isnull=False)
            .values("country_id")
            .order_by()
            .annotate(
                entries=Count("pk"),
                recent=Count(
                    "pk", filter=Q(last_verified__gte=since) | Q(updated__date__gte=since)
                ),
                never=Count("pk", filter=Q(last_verified__isnull=True)),
                oldest=Min("last_verified"),
            )
        )
        for row in rows:
            entry = found.setdefault(
                row["country_id"], {"entries": 0, "recent": 0, "never": 0, "oldest": None}
            )
            for key in ("entries", "recent", "never"):
                entry[key] += row[key]
            if row["oldest"] and (entry["oldest"] is None or row["oldest"] < entry["oldest"]):
                entry["oldest"] = row["oldest"]
    return found
