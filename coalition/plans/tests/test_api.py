"""The plans API: plans, objectives and activities for every reader; progress through the
access layer (read where visible, written by those who may edit that country)."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.plans.choices import ItemKind, PlanKind, ProgressStatus
from coalition.plans.models import (
    Activity,
    ActivityItem,
    Objective,
    Plan,
    Progress,
    ProgressRevision,
)
from coalition.plans.progress import FORMULA

PLANS = "/api/plans/"
OBJECTIVES = "/api/objectives/"
ACTIVITIES = "/api/activities/"
PROGRESS = "/api/progress/"
READERS = ["regional_admin", "cr_editor", "gt_editor", "cr_contributor", "partner"]


def patch_json(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def put_json(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def progress_url(row):
    return f"{PROGRESS}{row.pk}/"


def listed(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def scopes(response):
    return {(row["ref"], row["country"]) for row in listed(response)}


def audit_of(row, action):
    return AuditEntry.objects.filter(
        action=action, object_type="plans.progress", object_id=str(row.pk)
    )


# --- plans, objectives, activities ---------------------------------------------------------


@pytest.mark.parametrize("name", READERS)
def test_every_reader_lists_plans_objectives_and_activities(client_for, plan_data, name):
    client = client_for(name)
    assert [row["code"] for row in listed(client.get(PLANS))] == ["plan-prueba"]
    assert [row["numeral"] for row in listed(client.get(OBJECTIVES))] == ["I", "II"]
    assert [row["ref"] for row in listed(client.get(ACTIVITIES))] == ["I.1", "I.2", "II.1"]


def test_a_plan_is_found_by_its_code(client_for, plan_data):
    response = client_for("partner").get(f"{PLANS}plan-prueba/")
    assert response.status_code == 200
    body = response.json()
    assert body["name_es"] == "Plan de prueba"
    assert body["name_en"] == "Test plan"
    assert body["kind"] == PlanKind.PLAN
    assert body["status"] == "active"
    assert body["starts"] == "2026-01-01"
    assert client_for("partner").get(f"{PLANS}no-such-plan/").status_code == 404


def test_the_auditor_sees_no_plan_data(client_for, plan_data):
    client = client_for("auditor")
    for url in (PLANS, f"{PLANS}plan-prueba/", OBJECTIVES, ACTIVITIES, PROGRESS):
        assert client.get(url).status_code == 403, url
    row = plan_data["progress"]["regional"]
    assert client.get(progress_url(row)).status_code == 403


def test_anonymous_visitors_must_sign_in(plan_data):
    client = Client()
    for url in (PLANS, OBJECTIVES, ACTIVITIES, PROGRESS):
        assert client.get(url).status_code in (401, 403), url
    row = plan_data["progress"]["CR"]
    assert patch_json(client, progress_url(row), {"percent": 90}).status_code in (401, 403)
    row.refresh_from_db()
    assert row.percent == 40


def test_plans_objectives_and_activities_cannot_be_written(client_for, plan_data):
    client = client_for("regional_admin")
    activity = plan_data["activities"]["I.1"]
    assert post_json(client, PLANS, {"code": "otro"}).status_code == 405
    assert patch_json(client, f"{PLANS}plan-prueba/", {"period": "2030"}).status_code == 405
    assert client.delete(f"{OBJECTIVES}{plan_data['objectives'][0].pk}/").status_code == 405
    assert patch_json(client, f"{ACTIVITIES}{activity.pk}/", {"ref": "X"}).status_code == 405
    assert Plan.objects.get().period == "2026"


def test_objectives_are_filtered_by_plan_code(client_for, plan_data):
    other = Plan.objects.create(code="otro-plan", kind=PlanKind.AGENDA, name_es="Otro", period="x")
    Objective.objects.create(plan=other, numeral="I", position=1, title_es="OTRO")
    client = client_for("cr_editor")
    assert len(listed(client.get(OBJECTIVES))) == 3
    rows = listed(client.get(OBJECTIVES, {"plan": "plan-prueba"}))
    assert [(row["plan"], row["title_es"]) for row in rows] == [
        ("plan-prueba", "FORTALECER"),
        ("plan-prueba", "CAPACITAR"),
    ]
    assert [row["title_es"] for row in listed(client.get(OBJECTIVES, {"plan": "otro-plan"}))] == [
        "OTRO"
    ]


def test_an_activity_lists_its_cells_column_by_column(
    client_for, plan_data, countries, organizations
):
    activity = plan_data["activities"]["I.2"]
    responsible = activity.items.get(kind=ItemKind.RESPONSIBLE)
    responsible.organizations.add(organizations["oim"])
    responsible.countries.add(countries["BZ"], countries["NI"])
    earlier = Plan.objects.create(code="plan-2025", kind=PlanKind.PLAN, name_es="2025", period="x")
    objective = Objective.objects.create(plan=earlier, numeral="I", position=1, title_es="I")
    previous = Activity.objects.create(
        plan=earlier, objective=objective, ref="I.7", position=7, title_es="Herramienta"
    )
    activity.continues = previous
    activity.save()

    body = client_for("gt_editor").get(f"{ACTIVITIES}{activity.pk}/").json()
    assert body["ref"] == "I.2"
    assert body["plan"] == "plan-prueba"
    assert body["objective"] == plan_data["objectives"][0].pk
    assert body["title_es"] == "Construir una herramienta"
    assert body["title_en"] == "Build a tool"
    assert body["starts"] == "2027-01-01"
    assert body["deadline"] == "2027-06-30"
    assert body["continues"] == {"id": previous.pk, "plan": "plan-2025", "ref": "I.7"}
    assert set(body["items"]) == set(ItemKind.values)
    assert body["items"]["goal"] == [
        {
            "text_es": "Primer semestre de 2027",
            "text_en": "[en] Primer semestre de 2027",
            "starts": "2027-01-01",
            "ends": "2027-06-30",
            "countries": [],
            "every_country": False,
            "regional": False,
            "organizations": [],
        }
    ]
    [party] = body["items"]["responsible"]
    assert party["text_es"] == "OIM"
    assert sorted(party["countries"]) == ["BZ", "NI"]
    assert party["organizations"] == [organizations["oim"].pk]
    assert body["items"]["product"] == []


def test_the_activity_list_gives_no_cells_but_names_what_each_row_continues(client_for, plan_data):
    row = listed(client_for("cr_editor").get(ACTIVITIES))[0]
    assert "items" not in row
    assert row["continues"] is None
    assert row["deadline"] == "2026-08-31"


def test_activities_are_filtered_by_plan_objective_search_and_responsible(client_for, plan_data):
    client = client_for("cr_editor")
    second = plan_data["objectives"][1]

    def refs(**params):
        return [row["ref"] for row in listed(client.get(ACTIVITIES, params))]

    assert refs(plan="plan-prueba") == ["I.1", "I.2", "II.1"]
    assert refs(objective=second.pk) == ["II.1"]
    assert refs(q="herramienta") == ["I.2"]
    assert refs(responsible="OIM") == ["I.2"]
    assert client.get(ACTIVITIES, {"plan": "no-such-plan"}).status_code == 400


def test_activities_are_filtered_by_the_progress_status_of_a_country(client_for, plan_data):
    client = client_for("regional_admin")

    def refs(**params):
        return [row["ref"] for row in listed(client.get(ACTIVITIES, params))]

    assert refs(status=ProgressStatus.DONE, country="GT") == ["I.1"]
    assert refs(status=ProgressStatus.DONE, country="CR") == []
    assert refs(status=ProgressStatus.BLOCKED) == ["I.2"]


def test_the_costa_rica_editor_cannot_learn_guatemalas_progress_through_a_filter(
    client_for, plan_data
):
    response = client_for("cr_editor").get(ACTIVITIES, {"status": "done", "country": "GT"})
    assert response.status_code == 400  # not a choice it has
    assert [
        row["ref"] for row in listed(client_for("cr_editor").get(ACTIVITIES, {"status": "done"}))
    ] == []


# --- progress: reading ---------------------------------------------------------------------


def test_a_partner_sees_only_the_regional_levels_progress(client_for, plan_data):
    client = client_for("partner")
    assert scopes(client.get(PROGRESS)) == {("I.2", "XR")}
    assert client.get(progress_url(plan_data["progress"]["regional"])).status_code == 200
    assert client.get(progress_url(plan_data["progress"]["CR"])).status_code == 404


def test_the_guatemala_editor_does_not_find_costa_ricas_progress(client_for, plan_data):
    client = client_for("gt_editor")
    assert scopes(client.get(PROGRESS)) == {("I.1", "GT"), ("I.2", "XR")}
    assert client.get(progress_url(plan_data["progress"]["CR"])).status_code == 404
    assert scopes(client.get(PROGRESS, {"country": "CR"})) == set()


def test_the_regional_administrator_sees_every_countrys_progress(client_for, plan_data):
    rows = scopes(client_for("regional_admin").get(PROGRESS))
    assert rows == {("I.1", "CR"), ("I.1", "GT"), ("I.2", "XR")}


def test_a_progress_row_names_its_activity_country_and_state(client_for, plan_data, personas):
    row = plan_data["progress"]["CR"]
    row.updated_by = personas["cr_editor"]
    row.save()
    body = client_for("cr_contributor").get(progress_url(row)).json()
    assert body == {
        "id": row.pk,
        "activity": plan_data["activities"]["I.1"].pk,
        "plan": "plan-prueba",
        "ref": "I.1",
        "country": "CR",
        "status": "in_progress",
        "percent": 40,
        "narrative": "Dos reuniones realizadas.",
        "next_steps": "",
        "products": [],  # none reported on its product yet
        "formula": str(FORMULA),
        "updated_by": "cr_editor",
        "created": body["created"],
        "updated": body["updated"],
    }


def test_progress_is_filtered_by_plan_activity_country_and_status(client_for, plan_data):
    client = client_for("regional_admin")
    meetings = plan_data["activities"]["I.1"]
    assert scopes(client.get(PROGRESS, {"activity": meetings.pk})) == {
        ("I.1", "CR"),
        ("I.1", "GT"),
    }
    assert scopes(client.get(PROGRESS, {"country": "XR"})) == {("I.2", "XR")}
    assert scopes(client.get(PROGRESS, {"status": "done"})) == {("I.1", "GT")}
    assert len(listed(client.get(PROGRESS, {"plan": "plan-prueba"}))) == 3
    assert client.get(PROGRESS, {"plan": "no-such-plan"}).status_code == 400


def test_evidence_files_are_not_served_by_the_api(client_for, plan_data):
    body = client_for("cr_editor").get(progress_url(plan_data["progress"]["CR"])).json()
    assert not any("evidence" in key for key in body)
    schema = json.loads(Client().get("/api/schema/", {"format": "json"}).content)
    assert not any("evidence" in path for path in schema["paths"])
    assert "Evidence files are not available through the API" in json.dumps(schema)


# --- progress: writing ---------------------------------------------------------------------


def test_the_costa_rica_editor_updates_costa_ricas_progress(client_for, plan_data, personas):
    row = plan_data["progress"]["CR"]
    response = patch_json(
        client_for("cr_editor"),
        progress_url(row),
        {"percent": 70, "next_steps": "Tercera reunión en septiembre."},
    )
    assert response.status_code == 200, response.content
    assert response.json()["percent"] == 70
    assert response.json()["updated_by"] == "cr_editor"
    row.refresh_from_db()
    assert (row.status, row.percent) == (ProgressStatus.IN_PROGRESS, 70)
    assert row.updated_by == personas["cr_editor"]
    revision = row.revisions.first()
    assert (revision.percent, revision.next_steps) == (70, "Tercera reunión en septiembre.")
    assert revision.changed_by == personas["cr_editor"]
    assert row.revisions.count() == 2
    entry = audit_of(row, AuditAction.UPDATE).get()
    assert entry.actor == personas["cr_editor"]
    assert (entry.before["percent"], entry.after["percent"]) == (40, 70)
    assert entry.country_id == row.country_id
    assert audit.verify() is None


def test_a_contributor_may_mark_its_countrys_activity_done_with_put(client_for, plan_data):
    row = plan_data["progress"]["CR"]
    response = put_json(
        client_for("cr_contributor"),
        progress_url(row),
        {"status": "done", "percent": 100, "narrative": "Cuatro reuniones.", "next_steps": ""},
    )
    assert response.status_code == 200, response.content
    row.refresh_from_db()
    assert (row.status, row.percent, row.narrative) == ("done", 100, "Cuatro reuniones.")


def test_the_costa_rica_editor_may_not_change_the_regional_levels_progress(client_for, plan_data):
    row = plan_data["progress"]["regional"]
    response = patch_json(client_for("cr_editor"), progress_url(row), {"percent": 90})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.percent == 10
    assert row.revisions.count() == 1
    assert not audit_of(row, AuditAction.UPDATE).exists()
    assert AuditEntry.objects.filter(action=AuditAction.PERMISSION_DENIED).exists()


def test_the_guatemala_editor_does_not_find_costa_rican_progress_to_change(client_for, plan_data):
    row = plan_data["progress"]["CR"]
    assert patch_json(client_for("gt_editor"), progress_url(row), {"percent": 0}).status_code == 404
    row.refresh_from_db()
    assert row.percent == 40


def test_a_partner_may_not_change_the_progress_it_sees(client_for, plan_data):
    row = plan_data["progress"]["regional"]
    assert patch_json(client_for("partner"), progress_url(row), {"percent": 90}).status_code == 403
    row.refresh_from_db()
    assert row.percent == 10


def test_changing_the_country_or_activity_of_a_row_is_ignored(client_for, plan_data):
    row = plan_data["progress"]["CR"]
    response = patch_json(
        client_for("cr_editor"),
        progress_url(row),
        {"country": "GT", "activity": plan_data["activities"]["II.1"].pk, "percent": 50},
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.country.iso2, row.activity.ref, row.percent) == ("CR", "I.1", 50)


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"percent": 101}, "percent", "100"),
        ({"percent": -1}, "percent", "0"),
        ({"percent": "mucho"}, "percent", ""),
        ({"status": "not_started"}, "percent", "0%"),
        ({"status": "done"}, "percent", "100%"),
        ({"status": "casi"}, "status", "casi"),
    ],
)
def test_a_wrong_status_or_percent_is_refused_with_a_message_on_the_field(
    client_for, plan_data, change, field, says
):
    row = plan_data["progress"]["CR"]
    response = patch_json(client_for("cr_editor"), progress_url(row), change)
    assert response.status_code == 400
    [message] = response.json()[field]
    assert says in message
    row.refresh_from_db()
    assert (row.status, row.percent) == (ProgressStatus.IN_PROGRESS, 40)
    assert row.revisions.count() == 1


def test_a_not_started_activity_may_be_saved_at_zero_and_a_done_one_at_a_hundred(
    client_for, plan_data
):
    row = plan_data["progress"]["CR"]
    client = client_for("cr_editor")
    response = patch_json(client, progress_url(row), {"status": "not_started", "percent": 0})
    assert response.status_code == 200
    assert (
        patch_json(client, progress_url(row), {"status": "done", "percent": 100}).status_code == 200
    )


def test_an_editor_records_progress_for_its_country(client_for, plan_data, personas):
    activity = plan_data["activities"]["II.1"]
    response = post_json(
        client_for("cr_editor"),
        PROGRESS,
        {"activity": activity.pk, "country": "CR", "status": "in_progress", "percent": 20},
    )
    assert response.status_code == 201, response.content
    row = Progress.objects.get(pk=response.json()["id"])
    assert (row.activity, row.country.iso2, row.percent) == (activity, "CR", 20)
    assert row.updated_by == personas["cr_editor"]
    assert ProgressRevision.objects.filter(progress=row, percent=20).count() == 1
    entry = audit_of(row, AuditAction.CREATE).get()
    assert entry.after["status"] == "in_progress"
    assert entry.before is None


@pytest.mark.parametrize("country", ["GT", "XR", "PA"])
def test_an_editor_may_not_record_progress_for_a_country_it_does_not_edit(
    client_for, plan_data, country
):
    activity = plan_data["activities"]["II.1"]
    response = post_json(
        client_for("cr_editor"),
        PROGRESS,
        {"activity": activity.pk, "country": country, "status": "in_progress", "percent": 20},
    )
    # The same answer whether or not the country is one the editor may see.
    assert response.status_code == 403
    assert not Progress.objects.filter(activity=activity).exists()


@pytest.mark.parametrize("name", ["partner", "auditor"])
def test_those_who_edit_nothing_may_not_record_progress(client_for, plan_data, name):
    activity = plan_data["activities"]["II.1"]
    response = post_json(
        client_for(name), PROGRESS, {"activity": activity.pk, "country": "XR", "percent": 0}
    )
    assert response.status_code == 403
    assert not Progress.objects.filter(activity=activity).exists()


def test_a_second_row_for_the_same_activity_and_country_is_refused(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    response = post_json(
        client_for("cr_editor"), PROGRESS, {"activity": activity.pk, "country": "CR"}
    )
    assert response.status_code == 400
    assert Progress.objects.filter(activity=activity, country__iso2="CR").count() == 1


def test_progress_for_an_unknown_activity_is_a_clear_error(client_for, plan_data):
    response = post_json(client_for("cr_editor"), PROGRESS, {"activity": 999999, "country": "CR"})
    assert response.status_code == 400
    assert "activity" in response.json()


def test_progress_cannot_be_deleted_through_the_api(client_for, plan_data):
    row = plan_data["progress"]["CR"]
    assert client_for("regional_admin").delete(progress_url(row)).status_code == 405
    assert Progress.objects.filter(pk=row.pk).exists()


# --- schema --------------------------------------------------------------------------------


def test_the_schema_describes_the_plans_api(db):
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in (
        "/api/plans/",
        "/api/plans/{code}/",
        "/api/objectives/",
        "/api/objectives/{id}/",
        "/api/activities/",
        "/api/activities/{id}/",
        "/api/progress/",
        "/api/progress/{id}/",
    ):
        assert path in paths
    assert set(paths["/api/plans/"]) == {"get"}
    assert set(paths["/api/progress/"]) == {"get", "post"}
    assert set(paths["/api/progress/{id}/"]) == {"get", "put", "patch"}


# --- query counts --------------------------------------------------------------------------


def grow(plan_data, countries, count):
    """``count`` more activities, each with cells and progress in Costa Rica."""
    plan, objective = plan_data["plan"], plan_data["objectives"][1]
    previous = plan_data["activities"]["I.1"]
    start = Activity.objects.filter(plan=plan).count()
    activities = Activity.objects.bulk_create(
        Activity(
            plan=plan,
            objective=objective,
            ref=f"II.{n + 10}",
            position=n + 10,
            title_es=f"Actividad {n}",
            deadline=datetime.date(2026, 10, 1),
            continues=previous,
        )
        for n in range(start, start + count)
    )
    ActivityItem.objects.bulk_create(
        ActivityItem(activity=a, kind=ItemKind.RESPONSIBLE, position=1, text_es="OIM")
        for a in activities
    )
    Progress.objects.bulk_create(
        Progress(activity=a, country=countries["CR"], percent=5, status="in_progress")
        for a in activities
    )
    Objective.objects.bulk_create(
        Objective(plan=plan, numeral=f"X{n}", position=n + 10, title_es="X")
        for n in range(start, start + count)
    )
    Plan.objects.bulk_create(
        Plan(code=f"plan-{n}", kind=PlanKind.AGENDA, name_es="P", period="x", continues=plan)
        for n in range(start, start + count)
    )


@pytest.mark.parametrize("url", [PLANS, OBJECTIVES, ACTIVITIES, PROGRESS])
def test_each_list_needs_the_same_queries_for_three_rows_or_thirty(
    client_for, plan_data, countries, django_assert_max_num_queries, url
):
    client = client_for("cr_editor")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(plan_data, countries, 30)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(listed(response)) > 30


def test_an_activitys_cells_take_the_same_queries_however_many_there_are(
    client_for, plan_data, countries, organizations, django_assert_max_num_queries
):
    activity = plan_data["activities"]["I.1"]
    url = f"{ACTIVITIES}{activity.pk}/"
    client = client_for("cr_editor")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        item = ActivityItem.objects.create(
            activity=activity, kind=ItemKind.SUPPORT, position=n + 2, text_es=f"Apoyo {n}"
        )
        item.countries.add(countries["CR"], countries["GT"])
        item.organizations.add(organizations["oim"])
    with django_assert_max_num_queries(len(few)):
        body = client.get(url).json()
    assert len(body["items"]["support"]) == 20


def test_the_responsible_filter_still_works_after_the_api_schema_was_built(client_for, plan_data):
    client = client_for("cr_editor")
    assert client.get("/api/schema/").status_code == 200
    response = client.get(ACTIVITIES, {"responsible": "OIM"})
    assert response.status_code == 200, response.content
    assert [row["ref"] for row in listed(response)] == ["I.2"]
