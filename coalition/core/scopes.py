"""The scope switcher: which of their countries a user with several is working on.

It only narrows what pages show by default; what a user *may* see is decided by
``access`` whatever the active scope is.
"""

from coalition.core import access
from coalition.core.models import Country

SESSION_KEY = "coalition_scope"


def choices(user):
    """Countries the user holds a membership in; empty when there is nothing to switch."""
    ids = access.visible_country_ids(user)
    queryset = Country.objects.active()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    countries = list(queryset)
    return countries if len(countries) > 1 else []


def active(request):
    """The active Country, or None for "all my countries"."""
    code = request.session.get(SESSION_KEY)
    if not code:
        return None
    for country in choices(request.user):
        if country.iso2 == code:
            return country
    return None


def set_active(request, code):
    valid = {c.iso2 for c in choices(request.user)}
    if code in valid:
        request.session[SESSION_KEY] = code
        return True
    request.session.pop(SESSION_KEY, None)
    return code in ("", "all")


def visible_countries(user):
    """The active countries whose data ``user`` reads, the regional level first: the
    country choice of the lists' filters."""
    ids = access.visible_country_ids(user)
    countries = Country.objects.active().order_by("-is_regional", "name_es")
    return countries if ids is None else countries.filter(pk__in=ids)


def filter_data(request):
    """A list's filters (a copy of the query string), with the active scope's country
    when the list is asked for none; an empty ``country`` asks for all. Every list page,
    the map's data and the exports opened from a list read their filters through this
    (``FilterSet.for_list``); the API does not."""
    data = request.GET.copy()
    current = active(request)
    if current is not None and "country" not in data:
        data["country"] = current.iso2
    return data
