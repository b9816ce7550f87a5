"""The plan's figures: completion, heatmap, overdue, due soon, timeline."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.plans.choices import ProgressStatus
from coalition.plans.models import Activity, ActivityItem, Progress
from coalition.plans.stats import band, plan_stats

pytestmark = pytest.mark.django_db

# After I.1's deadline (August 2026), before I.2's (first half of 2027).
SEPTEMBER = datetime.date(2026, 9, 15)


def heat(stats, numeral):
    row = next(r for r in stats.by_objective if r.objective.numeral == numeral)
    return {cell.country.scope_code: cell.percent for cell in row.heat}


def test_regional_admin_sees_every_active_country_and_the_regional_level(plan_data, personas):
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=SEPTEMBER)
    codes = {c.scope_code for c in stats.countries}
    assert codes == {"regional", "BZ", "CR", "SV", "GT", "HN", "NI", "PA", "DO"}


def test_completion_counts_missing_progress_as_not_started_and_done_as_full(plan_data, personas):
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=SEPTEMBER)
    # Objective I: I.1 (CR 40, GT done) and I.2 (regional 10) over 9 countries.
    assert heat(stats, "I")["CR"] == 20
    assert heat(stats, "I")["GT"] == 50
    assert heat(stats, "I")["regional"] == 5
    assert heat(stats, "I")["PA"] == 0
    assert stats.by_objective[0].percent == round(150 / 18)
    assert stats.overall == round(150 / 27)


def test_not_applicable_is_left_out_of_the_averages(plan_data, personas, countries):
    Progress.objects.create(
        activity=plan_data["activities"]["I.2"],
        country=countries["CR"],
        status=ProgressStatus.NOT_APPLICABLE,
    )
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=SEPTEMBER)
    assert heat(stats, "I")["CR"] == 40
    assert stats.count(ProgressStatus.NOT_APPLICABLE) == 1


def test_a_country_editor_sees_only_its_country_and_the_regional_level(plan_data, personas):
    stats = plan_stats(plan_data["plan"], personas["cr_editor"], today=SEPTEMBER)
    assert [c.scope_code for c in stats.countries] == ["regional", "CR"]
    assert "GT" not in heat(stats, "I")
    assert stats.count(ProgressStatus.DONE) == 0  # Guatemala's "done" stays out of sight


def test_a_partner_sees_only_the_regional_level(plan_data, personas):
    stats = plan_stats(plan_data["plan"], personas["partner"], today=SEPTEMBER)
    assert [c.scope_code for c in stats.countries] == ["regional"]


def test_counts_per_status_cover_every_activity_in_every_country(plan_data, personas):
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=SEPTEMBER)
    assert stats.count(ProgressStatus.IN_PROGRESS) == 1
    assert stats.count(ProgressStatus.DONE) == 1
    assert stats.blocked == 1
    assert stats.count(ProgressStatus.NOT_STARTED) == 27 - 3


def test_an_activity_past_its_deadline_is_overdue_where_it_is_not_done(plan_data, personas):
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=SEPTEMBER)
    assert [d.activity.ref for d in stats.overdue] == ["I.1"]
    open_codes = {c.country.scope_code for c in stats.overdue[0].open_cells}
    assert "GT" not in open_codes  # done there
    assert "CR" in open_codes
    assert len(open_codes) == 8
    assert stats.due_soon == []


def test_deadlines_within_sixty_days_are_due_soon(plan_data, personas):
    today = datetime.date(2027, 5, 15)
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=today)
    assert [d.activity.ref for d in stats.due_soon] == ["I.2"]
    later = plan_stats(
        plan_data["plan"], personas["regional_admin"], today=datetime.date(2027, 4, 1)
    )
    assert later.due_soon == []


def test_an_activity_closed_everywhere_is_never_overdue(plan_data, personas, countries):
    meetings = plan_data["activities"]["I.1"]
    for country in countries.values():
        if country.active:
            Progress.objects.update_or_create(
                activity=meetings, country=country, defaults={"status": ProgressStatus.DONE}
            )
    Progress.objects.filter(activity=meetings, country=countries["PA"]).update(
        status=ProgressStatus.NOT_APPLICABLE
    )
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=SEPTEMBER)
    assert stats.overdue == []


def test_the_country_filter_narrows_the_columns(plan_data, personas):
    stats = plan_stats(
        plan_data["plan"], personas["regional_admin"], data={"country": "CR"}, today=SEPTEMBER
    )
    assert [c.scope_code for c in stats.countries] == ["CR"]
    assert heat(stats, "I") == {"CR": 20}
    assert stats.overdue[0].open_cells[0].percent == 40


def test_the_status_and_objective_filters_narrow_the_activities(plan_data, personas):
    user = personas["regional_admin"]
    blocked = plan_stats(plan_data["plan"], user, data={"status": "blocked"}, today=SEPTEMBER)
    assert [a.ref for a in blocked.activities] == ["I.2"]
    second = plan_data["objectives"][1]
    only = plan_stats(plan_data["plan"], user, data={"objective": second.pk}, today=SEPTEMBER)
    assert [a.ref for a in only.activities] == ["II.1"]


def test_the_timeline_groups_dated_activities_and_lists_undated_ones_apart(plan_data, personas):
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=SEPTEMBER)
    timeline = stats.timeline
    assert [a.ref for a in timeline.undated] == ["II.1"]
    (objective, rows), *_ = timeline.groups
    assert objective.numeral == "I"
    assert [r.activity.ref for r in rows] == ["I.1", "I.2"]
    assert rows[0].overdue and not rows[1].overdue
    assert rows[1].status == ProgressStatus.BLOCKED
    # The span runs from the plan's start to the last deadline (June 2027): 18 months.
    assert timeline.starts == datetime.date(2026, 1, 1)
    assert timeline.ends == datetime.date(2027, 6, 30)
    assert len(timeline.ticks) == 18
    labels = [tick.label for tick in timeline.ticks]
    # The month's name, with the year at the start and when it changes.
    assert labels[:3] == ["ene 2026", "feb", "mar"]
    assert labels[12] == "ene 2027"
    assert 0 < timeline.today < 100
    assert rows[0].bar.left < rows[1].bar.left
    assert rows[0].goals[0].label == "Agosto de 2026"


def test_today_outside_the_span_is_not_marked(plan_data, personas):
    later = datetime.date(2030, 1, 1)
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=later)
    assert stats.timeline.today is None


def test_completion_bands_follow_the_percent():
    assert [band(p) for p in (None, 0, 1, 24, 25, 50, 75, 99, 100)] == [
        None,
        0,
        1,
        1,
        2,
        3,
        4,
        4,
        5,
    ]


def add_activities(plan_data, count):
    objective = plan_data["objectives"][1]
    for n in range(count):
        activity = Activity.objects.create(
            plan=plan_data["plan"],
            objective=objective,
            ref=f"II.{n + 10}",
            position=n + 10,
            title_es=f"Actividad {n}",
            starts=datetime.date(2026, 3, 1),
            deadline=datetime.date(2026, 5, 31),
        )
        ActivityItem.objects.create(
            activity=activity,
            kind="goal",
            position=1,
            text_es="Mayo de 2026",
            starts=datetime.date(2026, 5, 1),
            ends=datetime.date(2026, 5, 31),
        )


def test_the_figures_take_the_same_number_of_queries_whatever_the_plan_size(plan_data, personas):
    user = personas["regional_admin"]

    def queries():
        user.__dict__.pop("_coalition_standing", None)
        with CaptureQueriesContext(connection) as captured:
            plan_stats(plan_data["plan"], user, data={"country": "CR"}, today=SEPTEMBER)
        return len(captured)

    small = queries()
    add_activities(plan_data, 37)
    assert queries() == small
    assert small <= 10
