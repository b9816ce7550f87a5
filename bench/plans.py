"""Benchmark of the plan pages: a plan of 300 activities x 9 countries (the active member
countries and the regional level), with goals and progress everywhere, then the dashboard's
median server time and query count, as a regional administrator and as the editor of a
country (the scoped path), each signed in with two-factor; the plan page and the timeline
as the regional administrator. Exits with 1 when a figure misses its target.

Run from the repository root: ``.venv/bin/python bench/plans.py`` (or ``make bench``). It
uses a throwaway SQLite database under /tmp and never touches var/.
"""

import datetime
import os
import statistics
import time

import harness

harness.start()
WORK = harness.WORK

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from coalition.core.models import Country  # noqa: E402
from coalition.plans.choices import ItemKind, PlanKind, ProgressStatus  # noqa: E402
from coalition.plans.models import (  # noqa: E402
    Activity,
    ActivityItem,
    Objective,
    Plan,
    Progress,
)

ACTIVITIES = 300
OBJECTIVES = 6
REQUESTS = 30
WARM_UP = 3
MEDIAN_TARGET_MS = 150
QUERY_TARGET = 25
STATUSES = [
    ProgressStatus.NOT_STARTED,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.DONE,
    ProgressStatus.BLOCKED,
    ProgressStatus.NOT_APPLICABLE,
]


def build_plan():
    plan = Plan.objects.create(
        code="bench",
        kind=PlanKind.PLAN,
        name_es="Plan de referencia",
        name_en="Benchmark plan",
        period="2026-2027",
        starts=datetime.date(2026, 1, 1),
        ends=datetime.date(2027, 12, 31),
    )
    objectives = Objective.objects.bulk_create(
        Objective(plan=plan, numeral=str(n), position=n, title_es=f"OBJETIVO {n}")
        for n in range(1, OBJECTIVES + 1)
    )
    per = ACTIVITIES // OBJECTIVES
    activities = []
    for n in range(ACTIVITIES):
        objective = objectives[n // per]
        month = n % 24
        starts = datetime.date(2026 + month // 12, month % 12 + 1, 1)
        ends = (starts + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)
        activities.append(
            Activity(
                plan=plan,
                objective=objective,
                ref=f"{objective.numeral}.{n % per + 1}",
                position=n % per + 1,
                title_es=f"Actividad número {n + 1} del plan de referencia",
                title_en=f"Activity number {n + 1} of the benchmark plan",
                starts=starts,
                deadline=ends,
            )
        )
    activities = Activity.objects.bulk_create(activities)
    items = []
    for activity in activities:
        items.append(
            ActivityItem(
                activity=activity,
                kind=ItemKind.GOAL,
                position=1,
                text_es="Un trimestre",
                starts=activity.starts,
                ends=activity.deadline,
            )
        )
        for kind, text in (
            (ItemKind.PRODUCT, "Producto"),
            (ItemKind.VERIFICATION, "Listas de asistencia"),
            (ItemKind.FUNDING, "OIM"),
            (ItemKind.RESPONSIBLE, f"ST de cada país {activity.pk % 7}"),
        ):
            items.append(ActivityItem(activity=activity, kind=kind, position=1, text_es=text))
    ActivityItem.objects.bulk_create(items)
    countries = list(Country.objects.active())
    progress = []
    for a_index, activity in enumerate(activities):
        for c_index, country in enumerate(countries):
            status = STATUSES[(a_index + c_index) % len(STATUSES)]
            percent = {ProgressStatus.DONE: 100, ProgressStatus.IN_PROGRESS: 50}.get(status, 0)
            progress.append(
                Progress(
                    activity=activity,
                    country=country,
                    status=status,
                    percent=percent,
                    narrative="Avance reportado.",
                )
            )
    Progress.objects.bulk_create(progress)
    return plan, len(countries)


def measure(client, url):
    """(median ms, queries of one request)."""
    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times), len(captured)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_countries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    plan, countries = build_plan()
    print(
        f"bench: built a plan of {ACTIVITIES} activities x {countries} countries "
        f"in {time.perf_counter() - started:.1f} s ({WORK})"
    )
    url = reverse("plan-dashboard", args=[plan.code])
    admin = harness.signed_in_client(harness.regional_admin())
    editor = harness.signed_in_client(harness.country_editor("CR"))
    for name, client in (("regional_admin", admin), ("country_editor", editor)):
        median, queries = measure(client, url)
        harness.figure(f"dashboard_median_{name}", median, "ms", "<", MEDIAN_TARGET_MS)
        harness.figure(f"dashboard_queries_{name}", queries, "queries", "<=", QUERY_TARGET, 0)
    try:
        detail = reverse("plan-detail", args=[plan.code])
    except NoReverseMatch:
        detail = None
    if detail:
        median, queries = measure(admin, detail)
        print(f"bench: plan_page_median {median:.1f} ms, {queries} queries")
    timeline_median, timeline_queries = measure(admin, reverse("plan-timeline", args=[plan.code]))
    print(f"bench: timeline_median {timeline_median:.1f} ms, {timeline_queries} queries")


if __name__ == "__main__":
    harness.run(main)
