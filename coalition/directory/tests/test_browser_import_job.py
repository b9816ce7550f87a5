"""A large directory file imported through the page, in a real browser: the import goes to
the background, the job's page shows its progress bar (HTMX asks every second) and then
the result. Screenshots go to test-artifacts/.

The task queue is the database one (as in production), and a ``db_worker`` runs in a
thread of the test process, against the live server's database. With the in-memory SQLite
database of the tests, the worker uses the test's own connection, as Django's live server
threads do (another connection would open an empty database); the session is then not
saved on every request, so that the page's polls only read while the worker writes.
"""

import csv
import os
import threading
import time

import pytest
from django.db import connections
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from coalition.core.choices import JobStatus
from coalition.core.models import Job, User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.directory import io as directory_io
from coalition.directory.models import Contact

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser
ROWS = 1000


@pytest.fixture
def start_worker(settings):
    """``start_worker()`` runs a database-queue worker in a thread until the test ends."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SESSION_SAVE_EVERY_REQUEST = False
    connection = connections["default"]
    shared = connection.vendor == "sqlite" and connection.is_in_memory_db()
    worker = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    )

    def run():
        if shared:
            connections["default"] = connection
        try:
            worker.run()
        finally:
            if not shared:
                connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    if shared:
        connection.inc_thread_sharing()
    yield thread.start
    worker.running = False
    thread.join(timeout=30)
    if shared:
        connection.dec_thread_sharing()


def write_file(path):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Nombre", "Tipo", "Cargo", "Institución", "País", "Correos"])
        for n in range(1, ROWS + 1):
            writer.writerow([f"Persona {n:04d}", "persona", "Enlace", "ANAV", "CR", f"p{n}@x.test"])
    return path


def test_a_large_file_imports_in_the_background_while_the_page_shows_its_progress(
    page, live_server, personas, directory, start_worker, tmp_path, monkeypatch
):
    # Each row is checked a little slower than a server would, so that the page (which
    # asks once a second) surely shows a step between the start and the end.
    check = directory_io.DirectoryReader._entry

    def slower(self, number, values):
        time.sleep(0.004)
        return check(self, number, values)

    monkeypatch.setattr(directory_io.DirectoryReader, "_entry", slower)
    before = Contact.objects.count()
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    User.objects.filter(pk=personas["cr_editor"].pk).update(language="en")
    sign_in(page, personas["cr_editor"])

    page.goto("/directory/import/")
    page.set_input_files("#id_file", str(write_file(tmp_path / "contacts.csv")))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url("**/jobs/*/")
    status = page.locator("#job-status")
    expect(status).to_contain_text("Waiting for its turn")
    expect(page.locator(".progress-bar")).to_have_attribute("data-percent", "0")
    assert Contact.objects.count() == before
    shot(page, "import-job-01-waiting")

    start_worker()
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if page.locator("#job-result, #job-failure").count():
            break
        percent = page.locator(".progress-bar").get_attribute("data-percent")
        if percent is not None and (not seen or seen[-1] != int(percent)):
            seen.append(int(percent))
            if 0 < seen[-1] < 100 and len([p for p in seen if 0 < p < 100]) == 1:
                shot(page, "import-job-02-progress")
        page.wait_for_timeout(100)

    expect(page.locator("#job-result")).to_contain_text(
        f"{ROWS} rows imported: {ROWS} contacts created, 0 updated, 0 unchanged."
    )
    assert [p for p in seen if 0 < p < 100], f"no step between start and end: {seen}"
    assert seen == sorted(seen), f"the bar went backwards: {seen}"
    bar = page.locator(".progress-bar")
    assert bar.get_attribute("data-percent") == "100"
    assert bar.evaluate("el => el.style.width") == "100%"
    assert Job.objects.get().status == JobStatus.DONE
    assert Contact.objects.count() == before + ROWS
    shot(page, "import-job-03-done")
    assert serious_violations(page) == []
    assert page.problems == []

    page.get_by_role("link", name="Continue").click()
    page.wait_for_url("**/directory/")


def test_a_large_file_with_a_wrong_row_ends_on_its_problems_and_writes_nothing(
    page, live_server, personas, directory, tmp_path
):
    # The tasks run at once here (the tests' default): the page lands on the ended job.
    before = Contact.objects.count()
    path = write_file(tmp_path / "contacts.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[500] = lines[500].replace(",CR,", ",Atlantis,")
    path.write_text("\n".join(lines), encoding="utf-8")
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    User.objects.filter(pk=personas["cr_editor"].pk).update(language="en")
    sign_in(page, personas["cr_editor"])

    page.goto("/directory/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url("**/jobs/*/")
    expect(page.locator("#job-failure")).to_contain_text(
        "Nothing was recorded: the file has 1 problem to fix."
    )
    row = page.locator("#import-problems tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("501")
    expect(row).to_contain_text("Atlantis")
    assert Contact.objects.count() == before
    shot(page, "import-job-04-problems")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Try again").click()
    page.wait_for_url("**/directory/import/")
