"""The progress form: who may report a country's progress on an activity, what is refused,
and the history and audit trail each save leaves."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.versions import save
from coalition.plans.forms import check_progress
from coalition.plans.models import Progress, ProgressRevision


def progress_url(activity, iso2):
    return reverse("progress-update", args=[activity.pk, iso2])


def product_values(activity, status, percent, **others):
    """The form's fields for the activity's only product (I.1 is reported per product)."""
    from coalition.plans.choices import ItemKind

    (product,) = activity.items.filter(kind=ItemKind.PRODUCT)
    key = f"product-{product.pk}"
    return {f"{key}-status": status, f"{key}-percent": percent, **others}


# --- saving and refusing ------------------------------------------------------


def test_an_editor_saves_progress_of_their_country_with_history_and_audit(
    client_for, plan_data, personas
):
    activity = plan_data["activities"]["II.1"]
    response = save(
        client_for("cr_editor"),
        progress_url(activity, "CR"),
        {"status": "in_progress", "percent": 25, "narrative": "Un taller", "next_steps": ""},
    )
    assert response.status_code == 302
    progress = Progress.objects.get(activity=activity, country__iso2="CR")
    assert (progress.status, progress.percent, progress.updated_by) == (
        "in_progress", 25, personas["cr_editor"],
    )  # fmt: skip
    assert ProgressRevision.objects.filter(progress=progress).count() == 1
    entry = AuditEntry.objects.filter(object_type="plans.progress").latest("seq")
    assert entry.action == "create" and entry.after["percent"] == 25


def test_a_second_save_is_an_update_with_before_and_after(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    save(
        client_for("cr_editor"), progress_url(activity, "CR"), product_values(activity, "done", 100)
    )
    entry = AuditEntry.objects.filter(object_type="plans.progress").latest("seq")
    assert entry.action == "update"
    assert entry.before["status"] == "in_progress" and entry.after["status"] == "done"


@pytest.mark.parametrize(
    ("status", "percent", "message"),
    [
        ("done", 80, "100%"),
        ("not_started", 20, "0%"),
        ("in_progress", 120, "100"),
    ],
)
def test_inconsistent_progress_is_refused_with_a_message(
    client_for, plan_data, status, percent, message
):
    activity = plan_data["activities"]["II.1"]
    response = save(
        client_for("cr_editor"),
        progress_url(activity, "CR"),
        {"status": status, "percent": percent},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Progress.objects.filter(activity=activity, country__iso2="CR").exists()


def test_an_editor_of_another_country_does_not_find_its_progress_form(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    assert client_for("gt_editor").get(progress_url(activity, "CR")).status_code == 404
    response = save(
        client_for("gt_editor"), progress_url(activity, "CR"), {"status": "done", "percent": 100}
    )
    assert response.status_code == 404
    assert Progress.objects.get(activity=activity, country__iso2="CR").status == "in_progress"


def test_a_partner_sees_the_regional_level_but_may_not_change_it(client_for, plan_data):
    activity = plan_data["activities"]["I.2"]
    assert client_for("partner").get(progress_url(activity, "XR")).status_code == 403
    assert client_for("cr_editor").get(progress_url(activity, "XR")).status_code == 403


def test_the_regional_admin_reports_for_the_regional_level(client_for, plan_data):
    activity = plan_data["activities"]["I.2"]
    response = save(
        client_for("regional_admin"),
        progress_url(activity, "XR"),
        {"status": "in_progress", "percent": 30},
    )
    assert response.status_code == 302


def test_a_contributor_reports_progress_of_their_country(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    response = save(
        client_for("cr_contributor"),
        progress_url(activity, "CR"),
        {"status": "in_progress", "percent": 10},
    )
    assert response.status_code == 302


def test_an_unknown_country_code_is_not_found(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    assert client_for("regional_admin").get(progress_url(activity, "ZZ")).status_code == 404


def test_the_form_opens_empty_for_a_country_that_has_not_reported(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    response = client_for("cr_editor").get(progress_url(activity, "CR"))
    assert response.status_code == 200
    assert 'name="status"' in response.content.decode()
    assert not Progress.objects.filter(activity=activity, country__iso2="CR").exists()


def test_the_form_shows_what_the_country_reported_before(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    page = client_for("cr_editor").get(progress_url(activity, "CR")).content.decode()
    assert "Dos reuniones realizadas." in page
    assert 'value="40"' in page
    assert "lista-asistencia.pdf" in page


def test_a_costa_rica_editor_does_not_find_the_guatemala_form(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    client = client_for("cr_editor")
    assert client.get(progress_url(activity, "GT")).status_code == 404
    response = save(client, progress_url(activity, "GT"), {"status": "blocked", "percent": 0})
    assert response.status_code == 404
    assert Progress.objects.get(activity=activity, country__iso2="GT").status == "done"


def test_a_partner_may_not_save_regional_progress(client_for, plan_data):
    activity = plan_data["activities"]["I.2"]
    response = save(
        client_for("partner"), progress_url(activity, "XR"), {"status": "done", "percent": 100}
    )
    assert response.status_code == 403
    assert Progress.objects.get(activity=activity, country__iso2="XR").status == "blocked"
    assert AuditEntry.objects.filter(action="permission_denied").exists()


def test_the_partner_does_not_find_a_member_countrys_form(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    assert client_for("partner").get(progress_url(activity, "CR")).status_code == 404


def test_the_auditor_may_not_open_a_progress_form(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    assert client_for("auditor").get(progress_url(activity, "XR")).status_code in (403, 404)


def test_an_unknown_activity_is_not_found(client_for, plan_data):
    url = reverse("progress-update", args=[999999, "CR"])
    assert client_for("cr_editor").get(url).status_code == 404


def test_the_form_answers_only_get_and_post(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    assert client_for("cr_editor").put(progress_url(activity, "CR")).status_code == 405


def test_each_save_adds_to_the_history_newest_first(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    client = client_for("cr_editor")
    progress = plan_data["progress"]["CR"]
    assert progress.revisions.count() == 1
    save(client, progress_url(activity, "CR"), product_values(activity, "in_progress", 60))
    save(
        client,
        progress_url(activity, "CR"),
        product_values(activity, "done", 100, narrative="Tercera reunión"),
    )
    revisions = list(ProgressRevision.objects.filter(progress=progress))
    assert [(r.status, r.percent) for r in revisions] == [
        ("done", 100), ("in_progress", 60), ("in_progress", 40),
    ]  # fmt: skip
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Historial (3 cambios)" in page
    assert page.index("Tercera reunión") < page.index(
        "Dos reuniones realizadas.", page.index("<details")
    )


def test_the_saved_progress_keeps_its_narrative_and_next_steps(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    save(
        client_for("cr_editor"),
        progress_url(activity, "CR"),
        {
            "status": "blocked",
            "percent": 15,
            "narrative": "Sin fondos",
            "next_steps": "Buscar apoyo de OIM",
        },
    )
    progress = Progress.objects.get(activity=activity, country__iso2="CR")
    assert (progress.narrative, progress.next_steps) == ("Sin fondos", "Buscar apoyo de OIM")
    page = client_for("regional_admin").get(activity.get_absolute_url()).content.decode()
    assert "Buscar apoyo de OIM" in page


def test_a_refused_save_leaves_neither_history_nor_audit(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    save(client_for("cr_editor"), progress_url(activity, "CR"), {"status": "done", "percent": 50})
    assert plan_data["progress"]["CR"].revisions.count() == 1
    assert not AuditEntry.objects.filter(object_type="plans.progress").exists()


@pytest.mark.parametrize(
    ("status", "percent", "refused"),
    [
        ("not_started", 0, False),
        ("not_started", 5, True),
        ("in_progress", 0, False),
        ("in_progress", 100, False),
        ("blocked", 30, False),
        ("done", 100, False),
        ("done", 99, True),
        ("not_applicable", 0, False),
    ],
)
def test_check_progress_names_the_percent_field_when_status_and_percent_disagree(
    status, percent, refused
):
    if not refused:
        check_progress(status, percent)
        return
    with pytest.raises(ValidationError) as error:
        check_progress(status, percent)
    assert set(error.value.message_dict) == {"percent"}


def test_the_activity_page_links_each_editable_country_to_its_form(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    page = client_for("regional_admin").get(activity.get_absolute_url()).content.decode()
    for iso2 in ("CR", "GT", "XR"):
        assert progress_url(activity, iso2) in page


# --- demo progress -----------------------------------------------------------------------


def test_load_demo_reports_fictitious_progress_once_with_evidence_and_audit(db):
    from django.core.management import call_command

    from coalition.plans.models import Evidence

    call_command("load_demo", stdout=io.StringIO())
    rows = Progress.objects.filter(activity__plan__code="demo-plan-2026-2027")
    assert {"CR", "GT", "HN", "PA", "XR"} <= set(rows.values_list("country__iso2", flat=True))
    assert len(set(rows.values_list("status", flat=True))) >= 4
    assert all(p.narrative.startswith("[Demo]") for p in rows if p.narrative)
    types = set(Evidence.objects.values_list("content_type", flat=True))
    assert types == {"application/pdf", "text/csv"}
    pdf = Evidence.objects.get(content_type="application/pdf")
    assert pdf.file.read(5) == b"%PDF-"
    entries = AuditEntry.objects.filter(object_type="plans.progress", action="create")
    assert entries.count() == rows.count()
    assert set(entries.values_list("actor_repr", flat=True)) == {"system:load_demo"}
    counts = (Progress.objects.count(), Evidence.objects.count(), AuditEntry.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Progress.objects.count(), Evidence.objects.count()) == counts[:2]
