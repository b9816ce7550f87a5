"""Fixtures of the mapping app. ``build_mapping`` (also used by ``sweep.py``) loads the
gazetteer and gives zones and routes in Costa Rica, Guatemala and at the regional level:

- Costa Rica: a high-risk point at Peñas Blancas (publishable; publishable zones are
  approved for the public map), a critical polygon on the
  Limón coast (not publishable), a whole-area vulnerable zone (Guanacaste, publishable);
- Guatemala: a risk zone at Tecún Umán (publishable);
- regional: a medium-risk polygon around the Gulf of Fonseca;
- routes: Managua -> Peñas Blancas -> San José (Costa Rica's) and Quetzaltenango ->
  Tecún Umán -> Tapachula (Guatemala's).
"""

import datetime
import json

import pytest

from coalition.core import publication
from coalition.mapping import gazetteer
from coalition.mapping.choices import (
    Confidence,
    ExploitationForm,
    RiskLevel,
    Shape,
    SocialFactor,
    Stage,
    TransportMode,
    ZoneKind,
)
from coalition.mapping.models import AdminArea, Place, Route, RouteStop, Zone

START = datetime.date(2024, 1, 1)


def point(longitude, latitude):
    return json.dumps({"type": "Point", "coordinates": [longitude, latitude]})


def square(longitude, latitude, size=0.1):
    ring = [
        [longitude, latitude],
        [longitude + size, latitude],
        [longitude + size, latitude + size],
        [longitude, latitude + size],
        [longitude, latitude],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def make_zone(country, name, **fields):
    fields.setdefault("kind", ZoneKind.RISK)
    fields.setdefault("risk_level", RiskLevel.HIGH)
    fields.setdefault("shape", Shape.POINT)
    fields.setdefault("period_start", START)
    fields.setdefault("confidence", Confidence.MEDIUM)
    zone = Zone.objects.create(country=country, name=name, **fields)
    if zone.publishable:  # approved for the public map as it is
        publication.take(zone)
        zone.save(update_fields=["published_version"])
    return zone


def make_route(country, name, stops, **fields):
    """``stops``: [(place name, stage), ...] from the gazetteer."""
    fields.setdefault("period_start", START)
    route = Route.objects.create(country=country, name=name, **fields)
    for position, (place_name, stage) in enumerate(stops, start=1):
        RouteStop.objects.create(
            route=route, position=position, place=Place.objects.get(name=place_name), stage=stage
        )
    route.refresh_path()
    return route


def build_mapping(countries):
    gazetteer.load_areas()
    gazetteer.load_places()
    cr, gt, regional = countries["CR"], countries["GT"], countries["regional"]
    S, E = SocialFactor, ExploitationForm
    zones = {
        "cr_border": make_zone(
            cr, "Paso fronterizo de Peñas Blancas", kind=ZoneKind.BORDER,
            geometry=point(-85.613, 11.2136), publishable=True,
            social_factors=[S.BORDER, S.MIGRATION], exploitation_forms=[E.SEXUAL],
        ),
        "cr_coast": make_zone(
            cr, "Litoral de Limón", kind=ZoneKind.EXPLOITATION, shape=Shape.POLYGON,
            risk_level=RiskLevel.CRITICAL, geometry=square(-83.1, 9.9),
            social_factors=[S.PORT, S.TOURISM], exploitation_forms=[E.FORCED_LABOUR],
        ),
        "cr_area": make_zone(
            cr, "Guanacaste turístico", kind=ZoneKind.VULNERABLE, shape=Shape.AREA,
            risk_level=RiskLevel.MEDIUM, publishable=True,
            area=AdminArea.objects.get(country=cr, name="Guanacaste"),
            social_factors=[S.TOURISM], exploitation_forms=[E.SEXUAL],
        ),
        "gt_border": make_zone(
            gt, "Tecún Umán", kind=ZoneKind.TRANSIT, geometry=point(-92.145, 14.677),
            publishable=True, social_factors=[S.BORDER], exploitation_forms=[E.FORCED_BEGGING],
        ),
        "regional_gulf": make_zone(
            regional, "Golfo de Fonseca", kind=ZoneKind.RISK, shape=Shape.POLYGON,
            risk_level=RiskLevel.MEDIUM, geometry=square(-87.7, 13.1, 0.3),
            social_factors=[S.BORDER, S.PORT], exploitation_forms=[E.FORCED_LABOUR],
        ),
    }  # fmt: skip
    routes = {
        "cr": make_route(
            cr,
            "Managua – San José",
            [
                ("Managua", Stage.RECRUITMENT),
                ("Peñas Blancas", Stage.TRANSIT),
                ("San José", Stage.EXPLOITATION),
            ],
            transport_modes=[TransportMode.ROAD],
            exploitation_forms=[E.SEXUAL],
            victims_women=12,
            victims_girls=3,
        ),
        "gt": make_route(
            gt,
            "Quetzaltenango – Tapachula",
            [
                ("Quetzaltenango", Stage.RECRUITMENT),
                ("Tecún Umán", Stage.TRANSIT),
                ("Tapachula", Stage.EXPLOITATION),
            ],
            transport_modes=[TransportMode.ROAD, TransportMode.BOAT],
            exploitation_forms=[E.FORCED_LABOUR],
            victims_men=8,
        ),
    }
    return {"zones": zones, "routes": routes}


@pytest.fixture
def mapping(countries):
    return build_mapping(countries)
