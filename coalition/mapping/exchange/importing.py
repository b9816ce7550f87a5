"""Writing checked features to the database, all or nothing, each change audited."""

import json

from django.db import transaction
from django.utils.translation import gettext as _

from coalition.core import access, audit, publication
from coalition.core.choices import AuditAction
from coalition.mapping.choices import (
    Shape,
)
from coalition.mapping.exchange.common import (
    AUDIT_TYPE,
    MAX_FEATURES,
    ROUTE_FIELDS,
    ZONE,
    ZONE_FIELDS,
    Scope,
    new_result,
)
from coalition.mapping.exchange.reader import Reader
from coalition.mapping.models import Route, Zone


def _same_geometry(first, second):
    if not first or not second:
        return first == second
    return json.loads(first) == json.loads(second)


def _same(row, values, name):
    """Does the row hold the value read? Related rows are compared by id (no query)."""
    value = values[name]
    if name in ("country", "area"):
        return getattr(row, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(row, name) == value


def _zone_unchanged(zone, values):
    for name in ZONE_FIELDS:
        if name == "area" and values["shape"] != Shape.AREA:
            continue
        if not _same(zone, values, name):
            return False
    return values["shape"] == Shape.AREA or _same_geometry(zone.geometry, values["geometry"])


def _stop_list(stops):
    return [[place.pk, stage] for place, stage in stops]


def _route_state(route):
    return [
        [stop.place_id, stop.stage] for stop in sorted(route.stops.all(), key=lambda s: s.position)
    ]


def _route_unchanged(route, values, stops):
    same = all(_same(route, values, name) for name in ROUTE_FIELDS)
    return same and _route_state(route) == _stop_list(stops)


def write(
    entries, *, scope, request=None, actor_repr=None, source="", dry_run=False, progress=None
):
    """Write checked entries in one transaction (rolled back when ``dry_run``). One audit
    entry per record created or changed, and one for the import as a whole.
    ``progress(n)``, if given, hears of each entry written."""
    result = new_result(len(entries), dry_run=dry_run)
    user = scope.user
    with transaction.atomic():
        for index, entry in enumerate(entries, start=1):
            if entry.record == ZONE:
                _write_zone(entry, result, user, request, actor_repr)
            else:
                _write_route(entry, result, user, request, actor_repr)
            if progress is not None:
                progress(index)
        audit.record(
            request,
            AuditAction.IMPORT,
            actor=user,
            actor_repr=actor_repr,
            object_type=AUDIT_TYPE,
            object_repr=_("Map import (GeoJSON): %(file)s") % {"file": source},
            after={"source": source, **result.summary()},
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _write_zone(entry, result, user, request, actor_repr):
    zone, values = entry.match, entry.values
    if zone is not None and _zone_unchanged(zone, values):
        result.add("zones_unchanged")
        return
    before = audit.snapshot(zone) if zone is not None else None
    if zone is None:
        zone = Zone(created_by=user if user is not None and user.pk else None)
    for name in ZONE_FIELDS:
        setattr(zone, name, values[name])
    zone.geometry = values["geometry"]
    if values["shape"] != Shape.AREA:
        zone.area = None  # computed again from the geometry by Zone.save
    zone.save()
    if user is not None:
        access.recheck_editable(user, zone)
    publication.record_withdrawal(request, zone, before, actor=user, actor_repr=actor_repr)
    if before is None:
        result.add("zones_created")
    else:
        result.add("zones_updated")
    audit.record(
        request,
        AuditAction.CREATE if before is None else AuditAction.UPDATE,
        zone,
        actor=user,
        actor_repr=actor_repr,
        before=before,
        after=audit.snapshot(zone),
    )


def _write_route(entry, result, user, request, actor_repr):
    route, values = entry.match, entry.values
    if route is not None and _route_unchanged(route, values, entry.stops):
        result.add("routes_unchanged")
        return
    before = None
    if route is not None:
        before = route.audit_snapshot()
    else:
        route = Route(created_by=user if user is not None and user.pk else None)
    for name in ROUTE_FIELDS:
        setattr(route, name, values[name])
    route.save()
    if user is not None:
        access.recheck_editable(user, route)
    route.replace_stops(entry.stops)
    if before is None:
        result.add("routes_created")
    else:
        result.add("routes_updated")
    audit.record(
        request,
        AuditAction.CREATE if before is None else AuditAction.UPDATE,
        route,
        actor=user,
        actor_repr=actor_repr,
        before=before,
        after=route.audit_snapshot(),
    )


def import_geojson(
    content,
    source,
    *,
    user=None,
    request=None,
    actor_repr=None,
    dry_run=False,
    max_features=MAX_FEATURES,
    progress=None,
):
    """Check and import a GeoJSON document; ``GeoJSONError`` lists every problem and
    nothing is written. ``user`` None is a system import (every country may be written).
    ``progress(done, total)``, if given, hears how far it went: each feature counts twice,
    checked then written."""
    scope = Scope(user)
    step = progress or (lambda done, total: None)
    reader = Reader(scope, max_features)
    entries = reader.read(content, lambda n: step(n, 2 * reader.count))
    share = reader.count / max(len(entries), 1)
    return write(
        entries,
        scope=scope,
        request=request,
        actor_repr=actor_repr,
        source=source,
        dry_run=dry_run,
        progress=lambda n: step(reader.count + round(n * share), 2 * reader.count),
    )
