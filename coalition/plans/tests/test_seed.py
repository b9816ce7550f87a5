"""The seed (../shared/seed/plan-operativo-2012.txt), loaded from the two JSON files in
coalition/plans/data: every activity and product of the seed's two tables is in the
database, with its goals dated and its parties linked.

The seed is the text of a Word document: each line that starts with a tab starts a cell,
lines without one continue it; the plan's table has eight cells a row, the agenda's seven.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry, Organization
from coalition.lib.periods import parse_period
from coalition.lib.text import fold
from coalition.plans.choices import ItemKind
from coalition.plans.loader import load_plan
from coalition.plans.models import Activity, ActivityItem, Plan

REPO = Path(__file__).resolve().parents[3]
SEED = REPO.parent / "shared" / "seed" / "plan-operativo-2012.txt"
DATA = REPO / "coalition" / "plans" / "data"
FILES = [DATA / "plan-operativo-2012.json", DATA / "agenda-2012-2013.json"]
NO_DATE = "Cada país definirá el dónde y cómo"

PLAN_COLUMNS = [
    "objective",
    "activity",
    "products",
    "goals",
    "verification",
    "funding",
    "support",
    "responsible",
]
AGENDA_COLUMNS = [c for c in PLAN_COLUMNS if c != "verification"]


def normalized_lines(text):
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line]


def cells(lines):
    """The cells of a table's lines: a tab starts one, other lines continue it."""
    found = []
    for line in lines:
        if line.startswith("\t"):
            found.append(line[1:])
        elif found:
            found[-1] += "\n" + line
    return found


def tables(text):
    """{"plan": [row, ...], "agenda": [...]}, each row a dict of column -> cell text."""
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.strip() == "Objetivos Operativos"]
    agenda_title = next(i for i, line in enumerate(lines) if line.strip() == "AGENDA")
    assert len(headers) == 2 and headers[0] < agenda_title < headers[1]
    found = {}
    for name, start, end, columns in (
        ("plan", headers[0] + len(PLAN_COLUMNS), agenda_title, PLAN_COLUMNS),
        ("agenda", headers[1] + len(AGENDA_COLUMNS), len(lines), AGENDA_COLUMNS),
    ):
        body = cells(lines[start:end])
        width = len(columns)
        assert len(body) % width == 0, f"the {name} table is not {width} cells a row"
        found[name] = [
            dict(zip(columns, body[i : i + width], strict=True)) for i in range(0, len(body), width)
        ]
    return found


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip(f"the seed is not here: {SEED}")
    return tables(SEED.read_text(encoding="utf-8"))


@pytest.fixture
def loaded(countries):
    plans = {}
    for path in FILES:
        plan, _created = load_plan(json.loads(path.read_text(encoding="utf-8")))
        plans[plan.kind] = plan
    return plans


def test_the_seed_has_two_tables_of_seven_objectives(seed):
    for name in ("plan", "agenda"):
        objectives = [row["objective"] for row in seed[name] if row["objective"].strip()]
        assert len(objectives) == 7, name


def test_both_plans_have_the_seed_s_seven_objectives_and_one_activity_per_row(seed, loaded):
    for kind, plan in loaded.items():
        assert plan.objectives.count() == 7
        # Row V.2 leaves its activity cell empty: its products and goals still make it one.
        assert len(seed[kind]) == 10
        assert plan.activities.count() == len(seed[kind]), kind
        assert plan.activities.filter(title_es="").count() == 1


def test_every_activity_of_the_seed_is_in_the_database(seed, loaded):
    for kind, plan in loaded.items():
        titles = {
            line
            for title in plan.activities.values_list("title_es", flat=True)
            for line in normalized_lines(title)
        }
        for row in seed[kind]:
            for line in normalized_lines(row["activity"]):
                assert line in titles, f"{kind}: activity line {line!r} is not loaded"


def test_every_product_of_the_seed_is_in_the_database(seed, loaded):
    for kind, plan in loaded.items():
        products = list(
            ActivityItem.objects.filter(activity__plan=plan, kind=ItemKind.PRODUCT).values_list(
                "text_es", flat=True
            )
        )
        for row in seed[kind]:
            for line in normalized_lines(row["products"]):
                assert any(line == p or line in p for p in products), (
                    f"{kind}: product {line!r} is not loaded"
                )


def test_each_objective_of_the_seed_is_loaded_with_its_title(seed, loaded):
    for kind, plan in loaded.items():
        loaded_titles = [fold(f"{o.numeral} {o.title_es}") for o in plan.objectives.all()]
        for row in seed[kind]:
            text = " ".join(normalized_lines(row["objective"]))
            if text:
                assert fold(text).replace(".", "") in [t.replace(".", "") for t in loaded_titles]


def test_every_goal_of_the_seed_has_a_date_range_or_is_the_phrase_without_a_date(seed, loaded):
    phrases = {
        line
        for kind in ("plan", "agenda")
        for row in seed[kind]
        for line in normalized_lines(row["goals"])
    }
    assert phrases
    for phrase in phrases:
        period = parse_period(phrase)
        assert period is not None or fold(phrase) == fold(NO_DATE), phrase
    for goal in ActivityItem.objects.filter(kind=ItemKind.GOAL):
        if fold(goal.text_es) == fold(NO_DATE):
            assert (goal.starts, goal.ends) == (None, None)
        else:
            assert goal.starts and goal.ends and goal.starts <= goal.ends, goal.text_es


def test_every_agenda_activity_continues_an_activity_of_the_plan(loaded):
    agenda = loaded["agenda"]
    assert agenda.continues == loaded["plan"]
    activities = agenda.activities.select_related("continues")
    assert activities
    for activity in activities:
        assert activity.continues is not None, activity.ref
        assert activity.continues.plan == loaded["plan"]


def test_the_seed_s_parties_are_linked_to_their_countries_and_organizations(loaded):
    belize = ActivityItem.objects.filter(text_es="Belice y Nicaragua")
    assert belize.count() == 2  # once in the plan, once in the agenda
    for item in belize:
        assert sorted(item.countries.values_list("iso2", flat=True)) == ["BZ", "NI"]
    oim = Organization.objects.get(acronym="OIM")
    named = ActivityItem.objects.filter(text_es="OIM")
    assert named.exists()
    for item in named:
        assert list(item.organizations.all()) == [oim]
    assert ActivityItem.objects.filter(organizations__name="Save the Children").exists()
    assert ActivityItem.objects.filter(organizations__acronym="Interpol").exists()
    assert ActivityItem.objects.filter(every_country=True, text_es__icontains="cada").exists()
    assert ActivityItem.objects.filter(regional=True, text_es="ST Regional").exists()


def test_loading_the_seed_again_changes_nothing(loaded):
    items = set(ActivityItem.objects.values_list("pk", flat=True))
    for path in FILES:
        _plan, created = load_plan(json.loads(path.read_text(encoding="utf-8")))
        assert not created
    assert set(ActivityItem.objects.values_list("pk", flat=True)) == items
    assert Plan.objects.count() == 2
    assert Activity.objects.filter(plan__kind="agenda", continues__isnull=True).count() == 0


def test_make_run_a_second_time_leaves_both_plans_as_they_are(countries):
    """`make run` loads the plans, then the demo data (which adds organizations)."""
    for _run in range(2):
        call_command("load_plan", *map(str, FILES), stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    seed_plans = Plan.objects.filter(code__in=["plan-operativo-2012", "agenda-2012-2013"])
    imports = AuditEntry.objects.filter(
        action=AuditAction.IMPORT,
        object_type="plans.plan",
        object_id__in=[str(pk) for pk in seed_plans.values_list("pk", flat=True)],
    )
    assert imports.count() == 2
