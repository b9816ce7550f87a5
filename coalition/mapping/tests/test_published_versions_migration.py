"""The migration that brought published versions keeps the public map as it was: zones
marked publishable are approved as they are."""

import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from coalition.mapping import gazetteer

BEFORE = [("mapping", "0001_initial")]
AFTER = [("mapping", "0002_published_versions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_the_migration_keeps_publishable_zones_on_the_public_map(client, countries):
    gazetteer.load_areas()
    apps = migrate(BEFORE)
    try:
        Zone = apps.get_model("mapping", "Zone")
        AdminArea = apps.get_model("mapping", "AdminArea")
        area = AdminArea.objects.get(country__iso2="CR", name="Guanacaste")
        common = {
            "country_id": countries["CR"].pk, "kind": "risk", "risk_level": "high",
            "shape": "area", "area": area, "period_start": datetime.date(2024, 1, 1),
        }  # fmt: skip
        public = Zone.objects.create(name="Pública", publishable=True, **common)
        private = Zone.objects.create(name="Reservada", **common)
    finally:
        apps = migrate(AFTER)

    Zone = apps.get_model("mapping", "Zone")
    assert Zone.objects.get(pk=public.pk).published_version["area"] == area.pk
    assert Zone.objects.get(pk=private.pk).published_version is None
    response = client.get(reverse("public:map-areas"), {"country": "CR"})
    features = json.loads(response.content)["features"]
    (guanacaste,) = [f for f in features if f["properties"]["name"] == "Guanacaste"]
    assert guanacaste["properties"]["zones"] == 1
