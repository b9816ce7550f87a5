"""Loading a plan from its JSON description: checks, idempotence, updates that keep
progress, agendas that continue a plan, party links, audit, the load_plan command."""

import copy
import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coalition.core.choices import AuditAction, OrganizationKind
from coalition.core.models import AuditEntry, Country, Organization
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.loader import PlanDataError, import_plan_data, load_plan
from coalition.plans.models import Activity, ActivityItem, Objective, Plan, Progress
from coalition.plans.parties import PartyLinker, ensure_seed_organizations

D = datetime.date
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def messages_in_english():
    """The loader's messages are asserted in English (the msgids); pages that render them
    switch to the user's language themselves."""
    with translation.override("en"):
        yield


def entries(*texts):
    return [{"es": text, "en": f"[en] {text}"} for text in texts]


def plan_data(**changes):
    """A small plan of two objectives and three activities."""
    data = {
        "code": "plan-prueba-2012",
        "kind": "plan",
        "name": {"es": "Plan de prueba 2012", "en": "Test plan 2012"},
        "subtitle": {"es": "Coalición Regional", "en": "Regional Coalition"},
        "period": "2012",
        "status": "active",
        "source_document": "seed",
        "strategic_objective": {"es": "Articular acciones", "en": "Coordinate actions"},
        "continues": None,
        "columns": [
            "objective",
            "activity",
            "products",
            "goals",
            "verification",
            "funding",
            "support",
            "responsible",
        ],
        "notes": "",
        "objectives": [
            {
                "numeral": "I",
                "title": {"es": "FORTALECIMIENTO", "en": "STRENGTHENING"},
                "activities": [
                    {
                        "ref": "I.1",
                        "title": {"es": "Propiciar encuentros", "en": "Hold meetings"},
                        "continues": None,
                        "products": entries("Coalición Regional fortalecida"),
                        "goals": entries("Agosto de 2012"),
                        "verification": entries("Listas de asistencia"),
                        "funding": entries("Interno en cada país"),
                        "support": entries("OIM y Save the Children (marzo 2012)"),
                        "responsible": entries("Belice y Nicaragua", "ST Regional"),
                    },
                    {
                        "ref": "I.2",
                        "title": {"es": "Construir una herramienta\nde indicadores", "en": ""},
                        "continues": None,
                        "products": entries("Herramienta", "Indicadores"),
                        "goals": entries("Agosto de 2012", "Primer semestre de 2013"),
                        "verification": [],
                        "funding": [],
                        "support": [],
                        "responsible": entries("OIM"),
                    },
                ],
            },
            {
                "numeral": "II",
                "title": {"es": "CAPACITACIONES", "en": "TRAINING"},
                "activities": [
                    {
                        "ref": "II.1",
                        "title": {"es": "Capacitar jueces", "en": "Train judges"},
                        "continues": None,
                        "products": entries("Jueces capacitados"),
                        "goals": entries("Cada país definirá el dónde y cómo"),
                        "verification": [],
                        "funding": entries("Interpol"),
                        "support": [],
                        "responsible": entries("Nicaragua "),
                    }
                ],
            },
        ],
    }
    data.update(changes)
    return data


def agenda_data():
    data = plan_data(
        code="agenda-prueba",
        kind="agenda",
        name={"es": "Agenda de prueba", "en": "Test agenda"},
        period="2012-2013",
        continues="plan-prueba-2012",
    )
    data["columns"].remove("verification")
    for objective in data["objectives"]:
        for activity in objective["activities"]:
            activity.pop("verification")
            activity["continues"] = activity["ref"]
    return data


def activity(data, ref):
    return next(a for o in data["objectives"] for a in o["activities"] if a["ref"] == ref)


@pytest.fixture
def loaded(countries, organizations):
    plan, created = load_plan(plan_data())
    assert created
    return plan


# --- parties -------------------------------------------------------------------------------

PARTIES = [
    # text, countries, organizations (acronym or name), every country, regional
    ("Belice y Nicaragua", ["BZ", "NI"], [], False, False),
    ("Nicaragua ", ["NI"], [], False, False),
    ("Belize and Nicaragua", ["BZ", "NI"], [], False, False),
    ("República Dominicana y Panamá", ["DO", "PA"], [], False, False),
    ("Secretaría Técnica y El Salvador", ["SV"], [], False, True),
    ("ST de cada país.", [], [], True, False),
    ("ST de Cada país.", [], [], True, False),
    ("Technical Secretariat of each country", [], [], True, False),
    ("Interno en cada país", [], [], True, False),
    ("Coaliciones Nacionales", [], [], True, False),
    ("Secretaría Regional y Secretarías Locales", [], [], True, True),
    ("Cada Coalición y comité nacional", [], [], True, False),
    ("Coalición Nacional de cada país y Secretaría Técnica", [], [], True, True),
    ("Coaliciones Nacionales y Regional", [], [], True, True),
    ("Coalición Regional", [], [], False, True),
    ("ST Regional", [], ["ST Regional"], False, True),
    ("OIM", [], ["OIM"], False, False),
    ("OIM (Nacional)", [], ["OIM"], False, False),
    ("OIM y Save the Children (marzo 2012)", [], ["OIM", "Save the Children"], False, False),
    ("Save the Children (asesoría técnica)", [], ["Save the Children"], False, False),
    ("Interpol", [], ["Interpol"], False, False),
    ("OIM y Naciones Unidas", [], ["OIM", "ONU"], False, False),
    (
        "Coaliciones Nacionales, Oficinas Nacionales de Save the Children y otras",
        [],
        ["Save the Children"],
        True,
        False,
    ),
    ("Presupuesto a nivel institucional", [], [], False, False),
    ("ONGs", [], [], False, False),
    ("Campañas radiales regionales", [], [], False, False),
]


@pytest.mark.parametrize(("text", "iso", "orgs", "every", "regional"), PARTIES)
def test_an_entry_is_linked_to_the_countries_and_organizations_it_names(
    countries, organizations, text, iso, orgs, every, regional
):
    ensure_seed_organizations(actor_repr="test")
    links = PartyLinker().link(text)
    assert sorted(c.iso2 for c in links.countries) == sorted(iso)
    assert sorted(o.acronym or o.name for o in links.organizations) == sorted(orgs)
    assert (links.every_country, links.regional) == (every, regional)


def test_an_acronym_shared_by_several_countries_links_only_the_one_of_a_named_country(
    countries, organizations
):
    for iso in ("CR", "GT"):
        Organization.objects.create(
            name=f"Secretaría Técnica ({iso})",
            acronym="ST",
            kind=OrganizationKind.GOVERNMENT,
            country=countries[iso],
        )
    linker = PartyLinker()
    assert linker.link("ST de cada país").organizations == []
    linked = linker.link("ST de Costa Rica").organizations
    assert [o.country.iso2 for o in linked] == ["CR"]


def test_an_all_capital_acronym_is_not_found_inside_ordinary_words(countries):
    Organization.objects.create(
        name="Unión Nacional de Abogados",
        acronym="UNA",
        kind=OrganizationKind.NGO,
        country=countries["CR"],
    )
    linker = PartyLinker()
    assert linker.link("una reunión anual").organizations == []
    assert [o.acronym for o in linker.link("UNA y OIM").organizations] == ["UNA"]


# --- loading -------------------------------------------------------------------------------


def test_loading_a_plan_creates_its_objectives_activities_and_entries(loaded):
    plan = Plan.objects.get(code="plan-prueba-2012")
    assert (plan.name_es, plan.name_en, plan.kind, plan.period) == (
        "Plan de prueba 2012",
        "Test plan 2012",
        "plan",
        "2012",
    )
    assert plan.has_verification
    assert [(o.numeral, o.position, o.title_es) for o in plan.objectives.all()] == [
        ("I", 1, "FORTALECIMIENTO"),
        ("II", 2, "CAPACITACIONES"),
    ]
    tool = plan.activities.get(ref="I.2")
    assert tool.title_es == "Construir una herramienta\nde indicadores"
    assert tool.position == 2
    products = tool.items.filter(kind=ItemKind.PRODUCT).order_by("position")
    assert [(p.position, p.text_es, p.text_en) for p in products] == [
        (1, "Herramienta", "[en] Herramienta"),
        (2, "Indicadores", "[en] Indicadores"),
    ]
    assert ActivityItem.objects.filter(activity__plan=plan).count() == 16


def test_each_goal_gets_the_dates_its_phrase_means_and_the_activity_spans_them(loaded):
    tool = Activity.objects.get(ref="I.2")
    goals = tool.items.filter(kind=ItemKind.GOAL).order_by("position")
    assert [(g.starts, g.ends) for g in goals] == [
        (D(2012, 8, 1), D(2012, 8, 31)),
        (D(2013, 1, 1), D(2013, 6, 30)),
    ]
    assert (tool.starts, tool.deadline) == (D(2012, 8, 1), D(2013, 6, 30))
    judges = Activity.objects.get(ref="II.1")
    goal = judges.items.get(kind=ItemKind.GOAL)
    assert (goal.text_es, goal.starts, goal.ends) == (
        "Cada país definirá el dónde y cómo",
        None,
        None,
    )
    assert (judges.starts, judges.deadline) == (None, None)


def test_the_plan_spans_its_period_or_else_its_activities(countries):
    plan, _ = load_plan(plan_data())
    assert (plan.starts, plan.ends) == (D(2012, 1, 1), D(2012, 12, 31))
    undated, _ = load_plan(plan_data(code="sin-fecha", period="Cada país definirá"))
    assert (undated.starts, undated.ends) == (D(2012, 8, 1), D(2013, 6, 30))


def test_responsible_support_and_funding_entries_are_linked_and_kept_as_written(loaded):
    item = ActivityItem.objects.get(text_es="Belice y Nicaragua")
    assert sorted(item.countries.values_list("iso2", flat=True)) == ["BZ", "NI"]
    nicaragua = ActivityItem.objects.get(text_es="Nicaragua")
    assert list(nicaragua.countries.values_list("iso2", flat=True)) == ["NI"]
    support = ActivityItem.objects.get(text_es="OIM y Save the Children (marzo 2012)")
    assert sorted(support.organizations.values_list("name", flat=True)) == [
        "Organización Internacional para las Migraciones",
        "Save the Children",
    ]
    assert ActivityItem.objects.get(text_es="Interno en cada país").every_country
    assert ActivityItem.objects.get(text_es="ST Regional").regional
    # Products and goals name no parties, even when they mention a region.
    product = ActivityItem.objects.get(text_es="Coalición Regional fortalecida")
    assert not product.regional


def test_the_loader_creates_the_organizations_the_seed_names_on_a_fresh_database(countries):
    assert not Organization.objects.exists()
    load_plan(plan_data())
    regional = countries["regional"]
    found = {o.name: (o.acronym, o.kind, o.country) for o in Organization.objects.all()}
    assert found == {
        "Secretaría Técnica Regional de la Coalición": ("ST Regional", "government", regional),
        "Organización Internacional para las Migraciones": ("OIM", "international", regional),
        "Save the Children": ("", "ngo", regional),
        "Organización Internacional de Policía Criminal": ("Interpol", "law_enforcement", regional),
        "Naciones Unidas": ("ONU", "international", regional),
    }
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="core.organization")
    assert created.count() == 5
    assert ActivityItem.objects.get(text_es="Interpol").organizations.get().acronym == "Interpol"


def test_without_the_regional_level_the_load_is_refused_and_nothing_written(db):
    with pytest.raises(PlanDataError, match="load_countries"):
        load_plan(plan_data())
    assert not Plan.objects.exists()


def test_a_load_writes_one_import_entry_for_the_plan_with_a_summary(countries, organizations):
    before = AuditEntry.objects.count()
    plan, _ = load_plan(plan_data(), actor_repr="system:test")
    entries = AuditEntry.objects.filter(object_type="plans.plan")
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.action, entry.actor_repr, entry.object_id) == (
        AuditAction.IMPORT,
        "system:test",
        str(plan.pk),
    )
    assert entry.before is None
    assert {k: entry.after[k] for k in ("objectives", "activities", "entries")} == {
        "objectives": 2,
        "activities": 3,
        "entries": 16,
    }
    # Only the seed's missing organizations besides (OIM is there already).
    assert AuditEntry.objects.count() - before == 1 + 3


def test_loading_the_same_data_twice_changes_nothing_and_writes_nothing(loaded):
    audit_count = AuditEntry.objects.count()
    item_ids = set(ActivityItem.objects.values_list("pk", flat=True))
    result = import_plan_data(plan_data())
    assert (result.created, result.updated) == (False, False)
    assert AuditEntry.objects.count() == audit_count
    assert set(ActivityItem.objects.values_list("pk", flat=True)) == item_ids


def test_an_update_keeps_the_progress_of_activities_whose_reference_remains(loaded, countries):
    kept = Progress.objects.create(
        activity=Activity.objects.get(ref="I.1"),
        country=countries["CR"],
        status=ProgressStatus.IN_PROGRESS,
        percent=40,
    )
    data = plan_data()
    first = activity(data, "I.1")
    first["title"]["es"] = "Propiciar encuentros regionales"
    first["goals"] = entries("Junio de 2012")
    data["objectives"][1]["activities"] = [
        {"ref": "II.2", "title": {"es": "Nueva actividad", "en": "New activity"}}
    ]
    result = import_plan_data(data)
    assert (result.created, result.updated) == (False, True)
    kept.refresh_from_db()
    assert (kept.activity.title_es, kept.percent) == ("Propiciar encuentros regionales", 40)
    assert (kept.activity.starts, kept.activity.deadline) == (D(2012, 6, 1), D(2012, 6, 30))
    assert sorted(Activity.objects.values_list("ref", flat=True)) == ["I.1", "I.2", "II.2"]
    assert Progress.objects.count() == 1
    entry = AuditEntry.objects.filter(object_type="plans.plan").first()
    assert entry.action == AuditAction.IMPORT
    assert entry.after["removed_activities"] == ["II.1"]
    assert entry.after["removed_progress"] == 0
    assert entry.before["activities"] == 3


def test_an_update_that_drops_an_activity_with_reported_progress_is_refused(loaded, countries):
    reported = Progress.objects.create(
        activity=Activity.objects.get(ref="II.1"), country=countries["GT"], percent=10
    )
    data = plan_data()
    data["objectives"][1]["activities"] = [
        {"ref": "II.2", "title": {"es": "Nueva actividad", "en": "New activity"}}
    ]
    with pytest.raises(PlanDataError, match="activity II.1: .* countries have reported"):
        import_plan_data(data)
    assert Progress.objects.filter(pk=reported.pk).exists()
    assert sorted(Activity.objects.values_list("ref", flat=True)) == ["I.1", "I.2", "II.1"]


def test_an_update_moves_activities_between_objectives_and_drops_emptied_objectives(loaded):
    data = plan_data()
    moved = data["objectives"][1]["activities"][0]
    data["objectives"][0]["activities"].append(moved)
    data["objectives"].pop()
    judges_pk = Activity.objects.get(ref="II.1").pk
    load_plan(data)
    assert list(Objective.objects.values_list("numeral", flat=True)) == ["I"]
    judges = Activity.objects.get(ref="II.1")
    assert (judges.pk, judges.objective.numeral, judges.position) == (judges_pk, "I", 3)


def test_every_problem_is_listed_with_its_objective_activity_column_and_entry(
    countries, organizations
):
    data = plan_data(colour="blue")
    del data["name"]["es"]
    activity(data, "I.1")["goals"] = entries("Agosto de 2012", "Agostro 2012")
    activity(data, "I.2")["products"] = [{"en": "Tool"}]
    activity(data, "II.1")["owner"] = "x"
    activity(data, "II.1")["ref"] = "I.1"
    with pytest.raises(PlanDataError) as caught:
        load_plan(data)
    assert [str(p) for p in caught.value.problems] == [
        "unknown key “colour”",
        "name: the Spanish text is missing",
        "objective I, activity I.1, goals, entry 2: cannot read “Agostro 2012” as a period",
        "objective I, activity I.2, products, entry 1: the Spanish text is missing",
        "objective II, activity I.1: unknown key “owner”",
        "objective II, activity I.1: this reference is used twice",
    ]
    assert not Plan.objects.exists()
    assert not AuditEntry.objects.filter(object_type="plans.plan").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "Plan 2012!"}, "code: “Plan 2012!” is not a code"),
        ({"kind": "programme"}, "kind: “programme” is not one of: plan, agenda"),
        ({"status": "open"}, "status: “open” is not one of: draft, active, closed"),
        ({"period": "Agostro 2012"}, "period: cannot read “Agostro 2012” as a period"),
        ({"objectives": []}, "objectives: expected a list of objectives"),
        ({"columns": ["objective", "budget"]}, "columns: unknown column “budget”"),
        ({"name": "Plan"}, None),  # a plain string is Spanish without English
    ],
)
def test_a_wrong_plan_field_is_named(countries, change, message):
    data = plan_data(**change)
    if message is None:
        plan, _ = load_plan(data)
        assert (plan.name_es, plan.name_en) == ("Plan", "")
        return
    with pytest.raises(PlanDataError) as caught:
        load_plan(data)
    assert any(str(p).startswith(message) for p in caught.value.problems), caught.value.problems


def test_an_agenda_links_each_activity_to_the_plan_activity_it_continues(loaded):
    agenda, created = load_plan(agenda_data())
    assert created
    assert agenda.continues == loaded
    assert not agenda.has_verification
    for act in agenda.activities.select_related("continues"):
        assert act.continues.plan == loaded
        assert act.continues.ref == act.ref
    assert not ActivityItem.objects.filter(
        activity__plan=agenda, kind=ItemKind.VERIFICATION
    ).exists()


def test_an_agenda_is_refused_until_the_plan_it_continues_is_loaded(countries):
    with pytest.raises(PlanDataError) as caught:
        load_plan(agenda_data())
    assert str(caught.value) == (
        "continues: continues the plan “plan-prueba-2012”, which is not loaded: "
        "load that plan first"
    )
    assert not Plan.objects.exists()


def test_an_agenda_activity_that_continues_an_unknown_activity_is_refused(loaded):
    data = agenda_data()
    activity(data, "II.1")["continues"] = "IX.9"
    with pytest.raises(PlanDataError) as caught:
        load_plan(data)
    assert str(caught.value) == (
        "objective II, activity II.1: continues activity IX.9, which the plan "
        "“plan-prueba-2012” does not have"
    )
    assert Plan.objects.count() == 1


def test_a_plan_without_a_verification_column_refuses_verification_entries(loaded):
    data = agenda_data()
    activity(data, "I.1")["verification"] = entries("Listas")
    with pytest.raises(PlanDataError, match="this plan has no verification column"):
        load_plan(data)


def test_an_activity_without_text_but_with_entries_is_loaded(countries):
    # Row V.2 of the 2012 plan leaves its activity cell empty but has products and goals.
    data = plan_data()
    activity(data, "I.2")["title"] = {"es": "", "en": ""}
    load_plan(data)
    assert Activity.objects.get(ref="I.2").title_es == ""


def test_an_activity_without_text_or_entries_is_refused(countries):
    data = plan_data()
    data["objectives"][1]["activities"].append({"ref": "II.2", "title": {"es": " "}})
    with pytest.raises(PlanDataError) as caught:
        load_plan(data)
    assert (
        str(caught.value) == "objective II, activity II.2: the activity has no text and no entries"
    )


def test_texts_are_loaded_with_their_whitespace_normalized(countries):
    data = plan_data()
    activity(data, "I.1")["title"]["es"] = "  Propiciar   encuentros \n\n  para la Coalición  "
    activity(data, "I.1")["products"] = [{"es": "Coalición\nRegional   fortalecida ", "en": ""}]
    load_plan(data)
    first = Activity.objects.get(ref="I.1")
    assert first.title_es == "Propiciar encuentros\npara la Coalición"
    assert first.items.get(kind=ItemKind.PRODUCT).text_es == "Coalición Regional fortalecida"


def _big_plan(objectives, activities):
    data = plan_data(code=f"grande-{objectives}-{activities}")
    template = activity(data, "I.1")
    data["objectives"] = [
        {
            "numeral": str(o + 1),
            "title": {"es": f"OBJETIVO {o + 1}", "en": ""},
            "activities": [
                {**copy.deepcopy(template), "ref": f"{o + 1}.{a + 1}"} for a in range(activities)
            ],
        }
        for o in range(objectives)
    ]
    return data


def queries_to_load(data):
    with CaptureQueriesContext(connection) as context:
        load_plan(data)
    return len(context)


def test_loading_needs_about_as_many_queries_for_120_activities_as_for_one(
    countries, organizations, django_assert_max_num_queries
):
    ensure_seed_organizations(actor_repr="test")  # set the first load's creations aside
    small, big = _big_plan(1, 1), _big_plan(6, 20)
    with django_assert_max_num_queries(30):
        load_plan(small)
    created = queries_to_load(big)
    for data in (small, big):
        for act in (a for o in data["objectives"] for a in o["activities"]):
            act["title"]["es"] += " (revisada)"
    updated = queries_to_load(small), queries_to_load(big)
    unchanged = queries_to_load(small), queries_to_load(big)
    # Rows are written in bulk, in batches of about a hundred on SQLite: 840 entries of
    # 120 activities take a few more statements, never one (or more) per row.
    assert created <= 30 + 25
    assert updated[1] - updated[0] <= 25
    assert unchanged[0] == unchanged[1] <= 12
    assert Activity.objects.filter(plan__code="grande-6-20").count() == 120


# --- the load_plan command -----------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("load_plan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write_json(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_load_plan_loads_files_in_order_and_says_what_it_did(countries, tmp_path):
    plan = write_json(tmp_path, "plan.json", plan_data())
    agenda = write_json(tmp_path, "agenda.json", agenda_data())
    assert run(plan, agenda).splitlines() == [
        "plan-prueba-2012: created (2 objectives, 3 activities, 16 entries).",
        "agenda-prueba: created (2 objectives, 3 activities, 15 entries).",
    ]
    assert run(plan, agenda).splitlines() == [
        "plan-prueba-2012: unchanged (2 objectives, 3 activities, 16 entries).",
        "agenda-prueba: unchanged (2 objectives, 3 activities, 15 entries).",
    ]
    entry = AuditEntry.objects.filter(object_type="plans.plan").first()
    assert (entry.actor_repr, entry.after["source"]) == ("system:load_plan", "agenda.json")


def test_load_plan_names_a_missing_file(countries, tmp_path):
    with pytest.raises(CommandError, match=r"^/nowhere/plan\.json: no such file\.$"):
        run("/nowhere/plan.json")


def test_load_plan_gives_the_line_and_column_of_bad_json(countries, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "code": "x",\n  "kind": plan\n}\n', encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run(str(path))
    assert str(caught.value) == f"{path}: not valid JSON: Expecting value (line 3, column 11)."


def test_load_plan_lists_the_problems_on_one_line_and_loads_nothing(countries, tmp_path):
    data = plan_data()
    activity(data, "I.1")["goals"] = entries("Agostro 2012")
    path = write_json(tmp_path, "plan.json", data)
    with pytest.raises(CommandError) as caught:
        run(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message == (
        f"{path}: nothing loaded: objective I, activity I.1, goals, entry 1: "
        "cannot read “Agostro 2012” as a period"
    )
    assert not Plan.objects.exists()


def test_a_failing_file_keeps_the_files_loaded_before_it(countries, tmp_path):
    plan = write_json(tmp_path, "plan.json", plan_data())
    broken = write_json(tmp_path, "agenda.json", {**agenda_data(), "kind": "list"})
    with pytest.raises(CommandError, match="agenda.json: nothing loaded: kind"):
        run(plan, broken)
    assert list(Plan.objects.values_list("code", flat=True)) == ["plan-prueba-2012"]


def test_make_run_loads_both_seed_files_before_the_demo():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    load = (
        "$(BIN)/coalition load_plan coalition/plans/data/plan-operativo-2012.json "
        "coalition/plans/data/agenda-2012-2013.json"
    )
    assert load in demo
    assert demo.index(load) < demo.index("load_demo")


def test_the_regional_level_row_is_never_linked_as_a_country(countries):
    # The regional level is a Country row named "Regional": it is the ``regional`` flag.
    links = PartyLinker().link("Coalición Regional")
    assert links.countries == []
    assert Country.objects.filter(is_regional=True, name_es="Regional").exists()


def test_an_update_keeps_the_progress_on_products_that_stay_even_reworded(loaded, countries):
    from coalition.plans.models import ProductProgress

    first = Activity.objects.get(ref="I.1")
    progress = Progress.objects.create(activity=first, country=countries["CR"])
    product = first.items.filter(kind=ItemKind.PRODUCT).first()
    row = ProductProgress.objects.create(
        progress=progress, product=product, country=countries["CR"], status="done", percent=100
    )
    data = plan_data()
    products = activity(data, "I.1")["products"]
    products[0]["es"] = products[0]["es"] + " (revisado)"
    import_plan_data(data)
    row.refresh_from_db()
    assert row.product_id == product.pk
    assert row.product.text_es.endswith("(revisado)")
    assert row.status == "done"


def test_an_update_that_drops_a_product_with_reported_progress_is_refused(loaded, countries):
    from coalition.plans.models import ProductProgress

    second = Activity.objects.get(ref="I.2")
    progress = Progress.objects.create(activity=second, country=countries["CR"])
    product = second.items.filter(kind=ItemKind.PRODUCT).order_by("position").last()
    ProductProgress.objects.create(progress=progress, product=product, country=countries["CR"])
    data = plan_data()
    activity(data, "I.2")["products"] = entries("Herramienta")
    with pytest.raises(PlanDataError, match="activity I.2: the product “Indicadores”"):
        import_plan_data(data)
    assert ActivityItem.objects.filter(pk=product.pk).exists()
