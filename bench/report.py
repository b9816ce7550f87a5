"""Benchmark of the regional annual report (data, charts and the PDF; and the Word file).

The demo data (``load_demo``: the 2012 plan, the agenda, the plan 2026–2027, events,
the directory, agreements, campaigns...), then for each of the nine countries (the eight
members and the regional level) the progress report of the demo year approved (its snapshot
taken), a held workshop with 60 people trained and an approved indicator assessment where
the demo has one. Then the median of three builds of the whole report, as the background
job makes it (``reports.files.make``), as PDF and as Word.

Run from the repository root: ``.venv/bin/python bench/report.py`` (or
``make bench-report``). It uses a throwaway SQLite database under /tmp and never touches
var/.
"""

import datetime
import io
import statistics
import time

import harness

harness.start()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from coalition.core.choices import ApprovalState  # noqa: E402
from coalition.core.models import Approval, Country  # noqa: E402
from coalition.events.choices import EventKind, EventStatus, Profession, Sex  # noqa: E402
from coalition.events.models import Attendance, Event, Participant  # noqa: E402
from coalition.plans.progress import APPROVAL_KIND, take_snapshot  # noqa: E402

YEAR = 2026
RUNS = 3
TARGET_S = 5
PEOPLE = 60


def prepare():
    call_command("migrate", verbosity=0)
    call_command("load_countries", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    countries = list(Country.objects.active())
    professions, sexes = list(Profession.values), list(Sex.values)
    with transaction.atomic():
        for country in countries:
            take_snapshot(country, YEAR)
            Approval.objects.update_or_create(
                kind=APPROVAL_KIND,
                country=country,
                year=YEAR,
                defaults={"state": ApprovalState.APPROVED},
            )
            day = datetime.date(YEAR, 5, 12)
            event = Event.objects.create(
                country=country,
                title=f"Taller regional {country.iso2}",
                kind=EventKind.WORKSHOP,
                status=EventStatus.HELD,
                starts=day,
                ends=day,
            )
            for n in range(PEOPLE):
                person = Participant.objects.create(
                    country=country,
                    name=f"Participante {country.iso2} {n}",
                    organization_name="Institución",
                    sex=sexes[n % len(sexes)],
                    profession=professions[n % len(professions)],
                )
                Attendance.objects.create(event=event, participant=person, day=day)
    return len(countries)


def median_seconds(fmt, user):
    """(median wall time, median CPU time of this process) of ``RUNS`` builds: the CPU
    time says what the build costs when the machine is shared and the wall time waits."""
    from coalition.reports.files import make

    times, cpu = [], []
    for _run in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        content, _name, _type = make(YEAR, "es", fmt, user)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert content
    return statistics.median(times), statistics.median(cpu)


def main():
    countries = prepare()
    print(f"{countries} countries, demo year {YEAR}", flush=True)
    user = harness.regional_admin()
    for fmt in ("pdf", "docx"):
        wall, cpu = median_seconds(fmt, user)
        print(f"annual report ({fmt}): {cpu:.2f} s of CPU time per build", flush=True)
        harness.figure(f"annual_report_{fmt}", wall, "s", "<", TARGET_S, 2)


if __name__ == "__main__":
    harness.run(main)
