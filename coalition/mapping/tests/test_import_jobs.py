"""A large GeoJSON file is imported in the background (``core.jobs``): the import page sends
the user to the job's page, which shows the progress and then the result, or the problems
feature by feature with nothing written."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from coalition.core import jobs
from coalition.core.choices import JobStatus
from coalition.core.models import Job
from coalition.mapping.exchange.importing import import_geojson
from coalition.mapping.io_views import EXAMPLE
from coalition.mapping.models import Zone

pytestmark = pytest.mark.usefixtures("in_english")

FEATURES = jobs.BACKGROUND_ROWS + 20


def big_file(features=FEATURES, bad_feature=None):
    """``features`` zones of Costa Rica, each a small square; ``bad_feature`` (from 1) has
    a risk level that does not exist."""
    zone = json.loads(EXAMPLE.read_bytes())["features"][0]
    collection = []
    for n in range(1, features + 1):
        feature = copy.deepcopy(zone)
        feature["properties"]["name"] = f"Zona de prueba {n:04d}"
        if n == bad_feature:
            feature["properties"]["risk_level"] = "extreme"
        collection.append(feature)
    return json.dumps({"type": "FeatureCollection", "features": collection}).encode()


def upload(client, content, **data):
    return client.post(
        reverse("map-import"), {"file": SimpleUploadedFile("map.geojson", content), **data}
    )


def test_a_large_file_is_imported_in_the_background_and_its_page_tells_the_result(
    mapping, client_for
):
    before = Zone.objects.count()
    response = upload(client_for("cr_editor"), big_file())
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job-detail", kwargs={"pk": job.pk})
    assert Zone.objects.count() == before + FEATURES
    page = client_for("cr_editor").get(response["Location"]).content.decode()
    assert f"Map data imported: {FEATURES} features: {FEATURES} zones created" in page
    assert job.status == JobStatus.DONE
    assert not job.upload, "the uploaded file is deleted once the job is over"


def test_a_large_file_only_checked_in_the_background_records_nothing(mapping, client_for):
    before = Zone.objects.count()
    response = upload(client_for("cr_editor"), big_file(), dry_run="on")
    page = client_for("cr_editor").get(response["Location"]).content.decode()
    assert Zone.objects.count() == before
    assert "The file is right; nothing was recorded." in page
    assert f"{FEATURES} zones created" in page


def test_a_large_file_with_a_wrong_feature_names_it_and_writes_nothing(mapping, client_for):
    before = Zone.objects.count()
    response = upload(client_for("cr_editor"), big_file(bad_feature=123))
    page = client_for("cr_editor").get(response["Location"]).content.decode()
    assert Zone.objects.count() == before
    assert Job.objects.get().status == JobStatus.FAILED
    assert "Nothing was recorded: the file has 1 problem to fix." in page
    assert '<th scope="col">Feature</th><th scope="col">Where</th>' in page
    assert "<td>123</td><td>property &quot;risk_level&quot;</td>" in page
    assert "«extreme» is not a risk level" in page


def test_a_small_file_is_still_imported_at_once(mapping, client_for):
    response = upload(client_for("cr_editor"), big_file(features=3))
    assert response.status_code == 302
    assert response["Location"] == reverse("map")
    assert Zone.objects.filter(name__startswith="Zona de prueba").count() == 3
    assert not Job.objects.exists()


def test_the_job_page_is_for_its_starter_and_the_regional_administrator(mapping, client_for):
    location = upload(client_for("cr_editor"), big_file())["Location"]
    assert client_for("cr_editor").get(location).status_code == 200
    assert client_for("regional_admin").get(location).status_code == 200
    assert client_for("gt_editor").get(location).status_code == 404
    assert client_for("partner").get(location).status_code == 404


def test_the_import_tells_its_progress_checked_then_written(mapping):
    heard = []
    import_geojson(big_file(features=4), "map.geojson", progress=lambda *p: heard.append(p))
    assert heard == [(n, 8) for n in range(1, 9)]


def test_a_file_of_too_many_features_is_refused_at_once(mapping, client_for, monkeypatch):
    monkeypatch.setattr("coalition.mapping.exchange.common.MAX_FEATURES", FEATURES - 1)
    response = upload(client_for("cr_editor"), big_file())
    assert response.status_code == 400
    assert f"The file has {FEATURES} features; at most" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_import_waits_for_a_worker_then_completes(
    mapping, client_for, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = Zone.objects.count()
    client = client_for("cr_editor")
    location = upload(client, big_file())["Location"]
    waiting = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert Zone.objects.count() == before
    assert 'hx-trigger="every 1s"' in waiting

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    done = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert Zone.objects.count() == before + FEATURES
    assert Job.objects.get().status == JobStatus.DONE
    assert f"Map data imported: {FEATURES} features" in done
