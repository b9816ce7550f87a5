"""Figures of the geographic and social mapping, read-only, for this app and for others:
which zones wait for approval before the public map counts them as they are (the zone
list's "awaiting approval" filter and the home page's "needs your attention" read them),
and what the public map shows (the public site's map page and its data read them).
"""

from django.http import QueryDict
from django.utils.translation import ngettext

from coalition.core import access
from coalition.core import attention as home
from coalition.mapping.choices import ExploitationForm, RiskLevel, ZoneKind
from coalition.mapping.filters import ZoneFilterSet, published_zones
from coalition.mapping.models import AdminArea, Zone, awaiting_approval


def attention(request):
    """For those who approve zones (country editors, regional administrators): the zones
    of their countries awaiting approval for the public map. For those who only edit them
    (contributors): their own zones awaiting it. Linked to the zone list, filtered."""
    user = request.user
    approving = home.countries(request, access.approvable_country_ids(user))
    if approving:
        item = home.per_country(
            awaiting_approval(access.restrict(Zone.objects.all(), user, "approve")),
            approving,
            home.WARNING,
            lambda count: ngettext(
                "%(count)d zone awaits approval for the public map in %(place)s.",
                "%(count)d zones await approval for the public map in %(place)s.",
                count,
            ),
            "zone-list",
            query={"awaiting": "true"},
        )
        return [item] if item else []
    editing = home.countries(request, access.editable_country_ids(user))
    if not editing:
        return []
    zones = access.restrict(Zone.objects.filter(country__in=editing, created_by=user), user)
    count = awaiting_approval(zones).count()
    if not count:
        return []
    message = ngettext(
        "%(count)d zone of yours awaits approval for the public map.",
        "%(count)d zones of yours await approval for the public map.",
        count,
    ) % {"count": count}
    return [home.Item(home.INFO, message, home.link("zone-list", [], query={"awaiting": "true"}))]


# --- the public map ----------------------------------------------------------------------
# What anyone may see: per first-level area, how many publishable zones were approved for
# the public map (as they were approved: their published version) and their highest risk.
# No zone's name, shape or route, and only filters that cannot single a zone out.

PUBLIC_FILTERS = ("country", "exploitation", "year", "kind")


def public_filters(query):
    """The public map's filters of the query ``query`` (a QueryDict): ``(cleaned data,
    None)``, or ``(None, {field: [message, ...]})`` when a value is not valid."""
    params = QueryDict(mutable=True)
    for name in PUBLIC_FILTERS:
        values = query.getlist(name)
        if values:
            params.setlist(name, values)
    filterset = ZoneFilterSet(params, queryset=Zone.objects.none())
    if not filterset.is_valid():
        return None, filterset.errors
    return filterset.form.cleaned_data, None


def public_filter_choices():
    """The choices of the public map's filters that are not countries."""
    return {"exploitation": ExploitationForm.choices, "kind": ZoneKind.choices}


def public_area_layer(data):
    """The GeoJSON text of the administrative areas with a boundary, each with the number
    of published zones matching ``data`` (``public_filters``) and their highest risk."""
    from coalition.mapping import features

    counts = features.published_area_counts(published_zones(data))
    areas = features.areas_of(data.get("country") or "")
    return features.collection(features.area_features(areas, counts))


def public_area_rows(data):
    """The areas that hold a published zone matching ``data``, for the page's table:
    ``[{"area", "country", "zones", "risk", "risk_label"}]`` by country and area name, in
    two queries whatever the number of zones."""
    from coalition.mapping import features

    counts = features.published_area_counts(published_zones(data))
    areas = AdminArea.objects.filter(pk__in=counts).select_related("country")
    labels = dict(RiskLevel.choices)
    rows = [
        {
            "area": area.name,
            "country": area.country.name,
            "zones": counts[area.pk][0],
            "risk": counts[area.pk][1],
            "risk_label": labels.get(counts[area.pk][1], ""),
        }
        for area in areas
    ]
    return sorted(rows, key=lambda row: (row["country"], row["area"]))
