"""The background job mechanism (``core.jobs``): the job's page while it runs, and e-mails
sent from a page through the task queue."""

import datetime
import io
import os

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coalition.core import jobs
from coalition.core.choices import JobStatus
from coalition.core.models import Job
from coalition.core.tasks import send_email

pytestmark = pytest.mark.usefixtures("in_english")
HTMX = {"HX-Request": "true"}


def test_a_running_job_shows_how_far_it_went_and_asks_again_every_second(personas, client_for):
    job = Job.objects.create(
        user=personas["cr_editor"], kind="test", title="Test", status=JobStatus.RUNNING
    )
    jobs.Progress(job.pk)(3, 10)
    part = client_for("cr_editor").get(job.get_absolute_url(), headers=HTMX).content.decode()
    assert "Working: 30 % done." in part
    assert 'data-percent="30"' in part
    assert 'aria-valuenow="30"' in part
    assert 'hx-trigger="every 1s"' in part
    assert "<html" not in part, "HTMX gets only the part that changes"


def test_a_waiting_job_says_so_and_a_finished_one_stops_asking(personas, client_for):
    job = Job.objects.create(user=personas["cr_editor"], kind="test", title="Test")
    client = client_for("cr_editor")
    assert "Waiting for its turn" in client.get(job.get_absolute_url()).content.decode()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, result={"messages": ["42 rows"]})
    page = client.get(job.get_absolute_url()).content.decode()
    assert "42 rows" in page
    assert "every 1s" not in page


def test_a_jobs_file_is_not_offered_before_it_is_made(personas, client_for):
    job = Job.objects.create(user=personas["cr_editor"], kind="test", title="Test")
    assert client_for("cr_editor").get(reverse("job-download", args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_mail_waits_for_the_worker_with_the_database_queue(
    personas, client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.post(reverse("password_reset"), {"email": "cr_editor@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cr_editor@example.org"]


def test_prune_jobs_deletes_the_jobs_ended_long_ago_with_their_files(personas):
    user = personas["cr_editor"]
    old = Job.objects.create(
        user=user,
        kind="test",
        title="Old",
        status=JobStatus.DONE,
        finished=timezone.now() - datetime.timedelta(days=30),
    )
    old.output.save("output", ContentFile(b"%PDF"))
    path = old.output.path
    recent = Job.objects.create(
        user=user, kind="test", title="Recent", status=JobStatus.DONE, finished=timezone.now()
    )
    running = Job.objects.create(user=user, kind="test", title="Running")
    out = io.StringIO()
    call_command("prune_jobs", stdout=out)
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert "Deleted 1 job" in out.getvalue()
    assert not os.path.exists(path)


def test_a_job_whose_task_failed_outside_its_work_is_shown_as_failed(
    personas, client_for, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = Job.objects.create(user=personas["cr_editor"], kind="test", title="Test")
    result = send_email.enqueue("subject", "body", "from@x.test", ["to@x.test"])
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED")
    Job.objects.filter(pk=job.pk).update(task_id=result.id)
    page = client_for("cr_editor").get(job.get_absolute_url()).content.decode()
    assert "An unexpected error stopped the work; nothing was recorded." in page
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
