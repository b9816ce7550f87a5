"""Benchmark of the key international contacts' cards: the demo's directory (its
organizations, institutions and key contacts, as ``load_demo`` writes them), then the median
time of ``/directory/cards.pdf`` (the page's button: the regional level's cards, in the
user's language) as a regional administrator and as the editor of a country.

Every timed request is a cold one: the QR codes, which the server keeps once encoded, are
forgotten before each, so the figure is what the first print of the day costs.

Run from the repository root: ``.venv/bin/python bench/cards.py`` (or ``make bench``). It
uses a throwaway SQLite database under /tmp and never touches var/ (``--postgres``: the
database of ``DATABASE_URL``, a throwaway PostgreSQL one). Exits with 1 when a figure misses
its target.
"""

import io
import statistics
import time

import harness

SUFFIX = harness.start(postgres_allowed=True)

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from coalition.core.management.commands.load_demo import ACTOR  # noqa: E402
from coalition.core.management.commands.load_demo import Command as LoadDemo  # noqa: E402
from coalition.core.models import AuditEntry  # noqa: E402
from coalition.directory import vcards  # noqa: E402
from coalition.directory.demo import load_demo_directory  # noqa: E402
from coalition.directory.models import Contact  # noqa: E402

REQUESTS = 7
WARM_UP = 1
TARGET_S = 2.0


def timed(client, url):
    """Median seconds of ``url`` (cold QR codes each time), on the clock and of the
    processor's time (the server's own work, whatever else the machine runs), and the
    cards and pages printed."""
    times, cpu = [], []
    for n in range(WARM_UP + REQUESTS):
        vcards.forget_qr_codes()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if n >= WARM_UP:
            times.append(elapsed)
            cpu.append(elapsed_cpu)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    cards = AuditEntry.objects.order_by("-seq").first().after["count"]
    return statistics.median(times), statistics.median(cpu), cards, pages, len(queries)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_countries", stdout=io.StringIO())
    with transaction.atomic():
        LoadDemo()._organizations()
        rows = load_demo_directory(ACTOR)
    key = Contact.objects.filter(international=True)
    print(
        f"bench: the demo directory: {rows} institutions and contacts, "
        f"{key.count()} key international contacts "
        f"({key.filter(country__is_regional=True).count()} at the regional level) ({harness.WORK})"
    )
    url = reverse("directory-cards")
    for name, user in (
        ("regional_admin", harness.regional_admin()),
        ("country_editor", harness.country_editor("CR")),
    ):
        median, cpu, cards, pages, queries = timed(harness.signed_in_client(user), url)
        print(
            f"bench: {name} prints {cards} cards on {pages} pages in {queries} queries; "
            f"processor time {cpu:.2f} s (the rest of the time waits for the processor)"
        )
        harness.figure(f"cards_pdf_median_{name}{SUFFIX}", median, "s", "<", TARGET_S, digits=2)


if __name__ == "__main__":
    harness.run(main)
