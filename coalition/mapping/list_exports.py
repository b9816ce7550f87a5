"""The columns of the mapping lists as spreadsheets (``core.exports``): zones, routes,
places and administrative areas, as each list shows them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access
from coalition.lib import exports


def _yes_no(value):
    return _("Yes") if value else _("No")


def _where(zone):
    area = zone.area.name if zone.area else ""
    return " · ".join(str(part) for part in (zone.get_shape_display(), area) if part)


ZONE_COLUMNS = [
    exports.Column(gettext_lazy("Name"), "name", 36),
    exports.Column(gettext_lazy("Country"), "country.name"),
    exports.Column(gettext_lazy("Kind"), "get_kind_display"),
    exports.Column(gettext_lazy("Risk level"), "get_risk_level_display"),
    exports.Column(gettext_lazy("Where"), _where, 30),
    exports.Column(gettext_lazy("Period"), "period_label"),
    exports.Column(gettext_lazy("Public"), lambda zone: _yes_no(zone.publishable)),
]


def route_columns(user):
    """The route list's columns; the victims as the user may see them (exact in their own
    countries, disclosure-controlled elsewhere, as on the page)."""

    def victims(route):
        exact = access.sees_exact_counts(user, route.country_id)
        return route.shown_victims(exact).get("victims_total")

    return [
        exports.Column(gettext_lazy("Name"), "name", 36),
        exports.Column(gettext_lazy("Recorded by"), "country.name"),
        exports.Column(
            gettext_lazy("Countries crossed"), lambda r: " → ".join(r.countries_crossed)
        ),
        exports.Column(gettext_lazy("Forms of exploitation"), "exploitation_labels", 30),
        exports.Column(gettext_lazy("Period"), "period_label"),
        exports.Column(gettext_lazy("Victims (aggregate)"), victims),
    ]


def place_columns(names):
    return [
        exports.Column(gettext_lazy("Name"), "name", 30),
        exports.Column(gettext_lazy("Kind"), "get_kind_display"),
        exports.Column(
            gettext_lazy("Country"), lambda p: names.get(p.country_code, p.country_code)
        ),
        exports.Column(gettext_lazy("Administrative area"), "area.name"),
        exports.Column(gettext_lazy("Latitude"), "latitude", 12),
        exports.Column(gettext_lazy("Longitude"), "longitude", 12),
        exports.Column(gettext_lazy("Note"), "note", 40),
    ]


AREA_COLUMNS = [
    exports.Column(gettext_lazy("Country"), "country.name"),
    exports.Column(gettext_lazy("Name"), "name", 30),
    exports.Column(gettext_lazy("Name in the boundary source"), "source_name", 30),
    exports.Column(gettext_lazy("Boundary"), lambda a: _yes_no(a.has_boundary)),
    exports.Column(gettext_lazy("Note"), "note", 40),
]
