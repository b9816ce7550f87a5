"""The public map counts zones as they were approved: editing a publishable zone (moving
it, changing its risk or kind) changes the public map only once a country editor or the
regional secretariat approves it again; taking a zone off the public map needs no review."""

import json

import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.versions import versioned
from coalition.mapping.exchange.geojson_export import export_geojson
from coalition.mapping.exchange.importing import import_geojson
from coalition.mapping.models import Route, Zone
from coalition.mapping.tests.conftest import point
from coalition.mapping.tests.test_views import zone_data
from coalition.public import cache

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture(autouse=True)
def public_cache_drops_at_once(monkeypatch):
    """Nothing commits inside a test's transaction: the public pages' cache is dropped on
    every change right away instead of once it is committed, as the server does."""
    monkeypatch.setattr(cache, "clear_on_commit", cache.clear)


def public_areas(client, **params):
    response = client.get(reverse("public:map-areas"), params)
    assert response.status_code == 200, response.content[:300]
    return {
        f["properties"]["name"]: (f["properties"]["zones"], f["properties"]["max_risk"])
        for f in json.loads(response.content)["features"]
    }


def edit(client, zone, countries, **changes):
    data = zone_data(
        countries, name=zone.name, kind=zone.kind, risk_level=zone.risk_level,
        geometry=zone.geometry, exploitation_forms=zone.exploitation_forms,
        period_start=zone.period_start.isoformat(), publishable="on",
    )  # fmt: skip
    data.update(changes)
    return client.post(reverse("zone-update", args=[zone.pk]), versioned(zone, data), follow=True)


def approve(client, zone, action="publish"):
    return client.post(reverse("zone-publish", args=[zone.pk]), {"action": action})


def test_moving_a_published_zone_changes_the_public_map_only_once_approved(
    client_for, countries, mapping
):
    zone = mapping["zones"]["cr_border"]  # Peñas Blancas, Guanacaste; high risk; publishable
    anonymous = client_for("anonymous")
    before = public_areas(anonymous)
    assert before["Guanacaste"] == (2, "high") and before["San José"] == (0, None)

    contributor = client_for("cr_contributor")
    response = edit(
        contributor, zone, countries, geometry=point(-84.09, 9.93), risk_level="critical",
        kind="exploitation",
    )  # fmt: skip
    assert "until a country editor approves it" in response.content.decode()
    zone.refresh_from_db()
    assert zone.area.name == "San José" and zone.risk_level == "critical"
    assert public_areas(anonymous) == before
    assert all(count == 0 for count, _ in public_areas(anonymous, kind="exploitation").values())

    # The zone's page says what the public map still counts; the contributor cannot approve.
    page = contributor.get(zone.get_absolute_url()).content.decode()
    assert "this edit awaits review" in page and "Guanacaste" in page
    assert "Approve for the public map" not in page
    assert approve(contributor, zone).status_code == 403
    assert public_areas(anonymous) == before

    editor = client_for("cr_editor")
    assert "Approve for the public map" in editor.get(zone.get_absolute_url()).content.decode()
    assert approve(editor, zone).status_code == 302
    after = public_areas(anonymous)
    assert after["Guanacaste"] == (1, "medium") and after["San José"] == (1, "critical")
    assert public_areas(anonymous, kind="exploitation")["San José"] == (1, "critical")
    entry = AuditEntry.objects.get(action="publish", object_type="mapping.zone")
    assert entry.before["published_version"]["risk_level"] == "high"
    assert entry.after["published_version"]["risk_level"] == "critical"


def test_a_new_publishable_zone_is_counted_once_approved(client_for, countries, mapping):
    anonymous = client_for("anonymous")
    before = public_areas(anonymous)
    editor = client_for("cr_editor")
    data = zone_data(countries, publishable="on")
    assert editor.post(reverse("zone-create"), data).status_code == 302
    zone = Zone.objects.get(name=data["name"])
    assert zone.publishable and not zone.is_public
    assert public_areas(anonymous) == before
    assert "Awaiting approval" in editor.get(zone.get_absolute_url()).content.decode()
    assert approve(editor, zone).status_code == 302
    assert public_areas(anonymous)["San José"] == (1, "high")


def test_a_zone_is_taken_off_the_public_map_at_once_and_audited(client_for, countries, mapping):
    zone = mapping["zones"]["gt_border"]
    anonymous = client_for("anonymous")
    assert public_areas(anonymous, country="GT")["San Marcos"][0] == 1
    data = zone_data(
        countries,
        country=countries["GT"].pk,
        name=zone.name,
        kind=zone.kind,
        risk_level=zone.risk_level,
        geometry=zone.geometry,
        exploitation_forms=zone.exploitation_forms,
        period_start=zone.period_start.isoformat(),
    )  # fmt: skip  (publishable left out: unticked)
    client = client_for("gt_editor")
    assert (
        client.post(reverse("zone-update", args=[zone.pk]), versioned(zone, data)).status_code
        == 302
    )
    assert public_areas(anonymous, country="GT")["San Marcos"][0] == 0
    entry = AuditEntry.objects.get(action="unpublish", object_type="mapping.zone")
    assert entry.before["published_version"]["kind"] == zone.kind


def test_the_withdraw_button_takes_a_zone_off_the_public_map(client_for, mapping):
    zone = mapping["zones"]["cr_area"]
    anonymous = client_for("anonymous")
    assert public_areas(anonymous)["Guanacaste"][0] == 2
    assert approve(client_for("gt_editor"), zone, "unpublish").status_code == 404
    assert approve(client_for("cr_editor"), zone, "unpublish").status_code == 302
    zone.refresh_from_db()
    assert not zone.publishable and not zone.is_public
    assert public_areas(anonymous)["Guanacaste"][0] == 1
    assert AuditEntry.objects.filter(action="unpublish", object_id=str(zone.pk)).exists()


def test_approving_a_zone_not_marked_publishable_is_refused(client_for, mapping):
    zone = mapping["zones"]["cr_coast"]
    client = client_for("cr_editor")
    response = approve(client, zone)
    assert response.status_code == 400
    assert "Mark the zone as publishable" in response.content.decode()
    assert approve(client, zone, "nonsense").status_code == 400
    zone.refresh_from_db()
    assert not zone.is_public
    assert client.get(reverse("zone-publish", args=[zone.pk])).status_code == 405


def test_an_import_that_unticks_publishable_withdraws_the_zone_and_audits_it(
    client_for, mapping, personas
):
    zone = mapping["zones"]["gt_border"]
    exported = json.loads(export_geojson(Zone.objects.filter(pk=zone.pk), Route.objects.none()))
    exported["features"][0]["properties"]["publishable"] = False
    import_geojson(json.dumps(exported), "zonas.geojson", user=personas["gt_editor"])
    zone.refresh_from_db()
    assert not zone.publishable and not zone.is_public
    assert public_areas(client_for("anonymous"), country="GT")["San Marcos"][0] == 0
    entry = AuditEntry.objects.get(action="unpublish", object_id=str(zone.pk))
    assert entry.actor.username == "gt_editor"


def test_the_zone_list_marks_the_zones_awaiting_approval(client_for, mapping):
    zone = mapping["zones"]["cr_area"]
    client = client_for("cr_editor")
    assert "Awaiting approval" not in client.get(reverse("zone-list")).content.decode()
    zone.risk_level = "critical"
    zone.save()
    page = client.get(reverse("zone-list")).content.decode()
    assert page.count("Awaiting approval") == 1
