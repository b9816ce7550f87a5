"""What needs a signed-in user's attention, gathered from every capability for the home page.

Each capability app may define ``attention(request)`` in its ``metrics.py``: a list of
``Item`` (level, message, link) about what ``request.user`` may act on there (progress
past its deadline, records due for verification, zones awaiting approval...), scoped
through ``core.access`` and narrowed to the country of the scope switcher when one is
chosen. ``core`` imports no capability: ``gather`` finds those functions through the
installed apps, in their order, as ``load_demo`` finds each app's demo.

The helpers below keep the capabilities' items alike: ``countries`` (where the user acts,
scope applied), ``place`` ("Costa Rica", "the regional level", "3 countries"), ``link``
(a list page filtered to the one country concerned) and ``per_country`` (one item that
counts records by country).
"""

from importlib import import_module
from typing import NamedTuple

from django.apps import apps
from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition.core import scopes
from coalition.core.models import Country

# Bootstrap's list-group colours: what the home page shows each item in.
DANGER, WARNING, INFO = "danger", "warning", "info"


class Item(NamedTuple):
    level: str
    message: str
    link: str | None = None


def providers():
    """The ``attention`` functions of the installed capability apps, in their order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("coalition.") or not module_has_submodule(
            config.module, "metrics"
        ):
            continue
        attention = getattr(import_module(f"{config.name}.metrics"), "attention", None)
        if attention is not None:
            found.append(attention)
    return found


def gather(request):
    """Every capability's items for ``request.user``."""
    items = []
    for attention in providers():
        items.extend(attention(request))
    return items


def _in_scope(request):
    """The active countries, regional level first, or only the scope switcher's country
    when one is chosen: read once per request."""
    cached = getattr(request, "_attention_countries", None)
    if cached is None:
        current = scopes.active(request)
        cached = (
            [current]
            if current is not None
            else list(Country.objects.active().order_by("-is_regional", "name_es"))
        )
        request._attention_countries = cached
    return cached


def countries(request, ids):
    """The active countries among ``ids`` (None: all of them; as ``access`` gives them),
    only the scope switcher's country when one is chosen; regional level first."""
    return [c for c in _in_scope(request) if ids is None or c.pk in ids]


def place(countries):
    """Where something is, for "... in %(place)s": a country's name, the regional level,
    or how many countries (and whether the regional level is among them)."""
    members = [c for c in countries if not c.is_regional]
    if len(members) == len(countries) == 1:
        return members[0].name
    if not members:
        return _("the regional level")
    if len(members) == len(countries):
        return ngettext("%(count)d country", "%(count)d countries", len(members)) % {
            "count": len(members)
        }
    return ngettext(
        "%(count)d country and the regional level",
        "%(count)d countries and the regional level",
        len(members),
    ) % {"count": len(members)}


def link(url_name, countries, args=(), query=None):
    """The page ``url_name`` (with ``args``), its list filtered by ``query`` and, when
    ``countries`` is one country, by that country."""
    params = list((query or {}).items())
    if len(countries) == 1:
        params.append(("country", countries[0].iso2))
    url = reverse(url_name, args=args)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def per_country(records, countries, level, message, url_name, query=None, **values):
    """One item counting ``records`` (a queryset of country-scoped rows) in ``countries``,
    or None when there are none. ``message(count)`` gives the sentence in the count's
    plural form (``ngettext``), filled with ``count``, ``place`` (the countries that have
    some) and ``values``; linked to ``url_name`` filtered by ``query`` and, when one
    country has them all, by that country."""
    counts = dict(
        records.filter(country__in=countries)
        .values("country_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("country_id", "n")
    )
    count = sum(counts.values())
    if not count:
        return None
    where = [c for c in countries if counts.get(c.pk)]
    text = message(count) % {"count": count, "place": place(where), **values}
    return Item(level, text, link(url_name, where, query=query))
