"""An export as a whole: the rows it reads, its format, file name and audit entry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.mapping.exchange.common import (
    AUDIT_TYPE,
    GEOJSON_CONTENT_TYPE,
    KML_CONTENT_TYPE,
)
from coalition.mapping.exchange.geojson_export import export_geojson
from coalition.mapping.exchange.kml import export_kml


def export_querysets(zones, routes):
    """The rows an export reads, with what it needs loaded, in a stable order."""
    zones = zones.select_related("country", "area", "area__country").order_by(
        "-country__is_regional", "country__iso2", "name", "pk"
    )
    routes = (
        routes.select_related("country")
        .prefetch_related("stops__place")
        .order_by("-country__is_regional", "country__iso2", "name", "pk")
    )
    return zones, routes


def export_filename(fmt, day=None):
    day = day or timezone.localdate()
    return f"coalition-map-{day:%Y-%m-%d}.{'kml' if fmt == 'kml' else 'geojson'}"


def export_content(fmt, zones, routes, sees_exact=None):
    """(content, content type) of an export in ``fmt`` ("geojson" or "kml").

    ``sees_exact(country id)``: whether the reader sees a route's exact victim counts
    (``access.sees_exact_counts``); None, for the operator's command, means everywhere.
    """
    if fmt == "kml":
        return export_kml(zones, routes, sees_exact=sees_exact), KML_CONTENT_TYPE
    return export_geojson(zones, routes, sees_exact), GEOJSON_CONTENT_TYPE


def record_export(request, fmt, filename, zones, routes, *, actor_repr=None, filters=None):
    """The audit entry of an export: what, how many, with which filters."""
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            actor_repr=actor_repr,
            object_type=AUDIT_TYPE,
            object_repr=_("Map export"),
            after={
                "format": fmt,
                "file": filename,
                "zones": len(zones),
                "routes": len(routes),
                **(filters or {}),
            },
        )
