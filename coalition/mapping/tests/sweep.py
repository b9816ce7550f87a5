"""Sample URL arguments of the mapping app's URLs, for the URL sweep (core's test_url_sweep).

Zones and routes of Costa Rica, Guatemala and the regional level (``build_mapping``), a
place and an administrative area of the gazetteer, and ids that do not exist.
"""

from coalition.mapping.models import AdminArea, Place
from coalition.mapping.tests.conftest import build_mapping


def samples(fixtures):
    data = build_mapping(fixtures["countries"])
    zones = [{"pk": z.pk} for z in data["zones"].values()] + [{"pk": 999999}]
    routes = [{"pk": r.pk} for r in data["routes"].values()] + [{"pk": 999999}]
    places = [{"pk": Place.objects.get(name="Peñas Blancas").pk}, {"pk": 999999}]
    areas = [{"pk": AdminArea.objects.get(name="Guanacaste").pk}, {"pk": 999999}]
    return {
        "zone-detail": zones,
        "zone-update": zones,
        "zone-delete": zones,
        "zone-publish": zones,
        "route-detail": routes,
        "route-update": routes,
        "route-delete": routes,
        "place-update": places,
        "place-delete": places,
        "area-update": areas,
        "api:zone-detail": zones,
        "api:route-detail": routes,
        "api:place-detail": places,
    }
