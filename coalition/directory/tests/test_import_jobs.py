"""A large file of contacts is imported in the background (``core.jobs``): the import page
sends the user to the job's page, which shows the progress and then the result, or the
problems row by row with nothing written."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from coalition.core import jobs
from coalition.core.choices import JobStatus
from coalition.core.models import Job
from coalition.directory import io as directory_io
from coalition.directory.models import Contact

pytestmark = pytest.mark.usefixtures("in_english")

HEADERS = ["Nombre", "Tipo", "Institución", "País", "Correos"]
ROWS = jobs.BACKGROUND_ROWS + 50


def big_file(rows=ROWS, bad_row=None):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for n in range(1, rows + 1):
        country = "Atlantis" if n == bad_row else "CR"
        writer.writerow([f"Persona {n:04d}", "persona", "ANAV", country, f"p{n}@x.test"])
    return out.getvalue().encode("utf-8")


def upload(client, content):
    return client.post(
        reverse("directory-import"), {"file": SimpleUploadedFile("contacts.csv", content)}
    )


def test_a_large_file_is_imported_in_the_background_and_its_page_tells_the_result(
    directory, client_for
):
    before = Contact.objects.count()
    response = upload(client_for("cr_editor"), big_file())
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job-detail", kwargs={"pk": job.pk})
    assert Contact.objects.count() == before + ROWS
    page = client_for("cr_editor").get(response["Location"])
    assert f"{ROWS} rows imported: {ROWS} contacts created" in page.content.decode()
    assert not job.upload, "the uploaded file is deleted once the job is over"


def test_a_small_file_is_still_imported_at_once(directory, client_for):
    response = upload(client_for("cr_editor"), big_file(rows=3))
    assert response.status_code == 302
    assert response["Location"] == reverse("directory")
    assert not Job.objects.exists()


def test_a_large_file_with_a_wrong_row_names_it_and_writes_nothing(directory, client_for):
    before = Contact.objects.count()
    response = upload(client_for("cr_editor"), big_file(bad_row=123))
    page = client_for("cr_editor").get(response["Location"])
    text = page.content.decode()
    assert Contact.objects.count() == before
    assert Job.objects.get().status == JobStatus.FAILED
    assert "Nothing was recorded: the file has 1 problem to fix." in text
    assert "<td>124</td><td>País</td>" in text, "row 123 of contacts is the file's row 124"
    assert "Atlantis" in text


def test_an_unexpected_error_halfway_says_the_work_stopped_and_writes_nothing(
    directory, client_for, monkeypatch
):
    before = Contact.objects.count()
    calls = []

    def fail_at_the_tenth(user, contact):
        calls.append(contact)
        if len(calls) == 10:
            raise RuntimeError("disk full")

    monkeypatch.setattr(directory_io.access, "recheck_editable", fail_at_the_tenth)
    response = upload(client_for("cr_editor"), big_file())
    page = client_for("cr_editor").get(response["Location"])
    assert len(calls) == 10
    assert Contact.objects.count() == before
    assert "An unexpected error stopped the work; nothing was recorded." in page.content.decode()


def test_the_job_page_is_for_its_starter_and_the_regional_administrator(directory, client_for):
    location = upload(client_for("cr_editor"), big_file())["Location"]
    assert client_for("cr_editor").get(location).status_code == 200
    assert client_for("regional_admin").get(location).status_code == 200
    assert client_for("gt_editor").get(location).status_code == 404
    assert client_for("partner").get(location).status_code == 404
    anonymous = client_for("anonymous").get(location)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_import_waits_for_a_worker_then_completes(
    directory, client_for, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = Contact.objects.count()
    client = client_for("cr_editor")
    location = upload(client, big_file())["Location"]
    waiting = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert Contact.objects.count() == before
    assert 'hx-trigger="every 1s"' in waiting
    assert "progress-bar" in waiting

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    done = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert Contact.objects.count() == before + ROWS
    assert Job.objects.get().status == JobStatus.DONE
    assert "every 1s" not in done
    assert f"{ROWS} rows imported" in done
