"""Plan list, plan page, activity page, progress form and evidence files, as each persona
meets them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import (
    EVIDENCE_MAX_BYTES,
    Activity,
    ActivityItem,
    Evidence,
    Progress,
    ProgressRevision,
)
from coalition.plans.tests.conftest import PDF_BYTES


def progress_url(activity, iso2):
    return reverse("progress-update", args=[activity.pk, iso2])


def upload_url(activity, iso2):
    return reverse("evidence-upload", args=[activity.pk, iso2])


# --- plan list and plan page -------------------------------------------------------------


def test_the_plan_list_shows_each_plan_with_its_completion(client_for, plan_data):
    response = client_for("regional_admin").get(reverse("plan-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Plan de prueba" in page
    assert "3 actividades" in page


def test_the_plan_list_filters_by_status(client_for, plan_data):
    response = client_for("cr_editor").get(reverse("plan-list"), {"status": "closed"})
    assert "Plan de prueba" not in response.content.decode()
    assert "Ningún plan coincide" in response.content.decode()


def test_the_auditor_does_not_see_plans(client_for, plan_data):
    assert client_for("auditor").get(reverse("plan-list")).status_code == 403
    assert client_for("auditor").get(plan_data["plan"].get_absolute_url()).status_code == 403


def test_the_plan_page_shows_the_table_of_the_plan_with_goal_ranges(client_for, plan_data):
    response = client_for("cr_editor").get(plan_data["plan"].get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "I. FORTALECER" in page
    assert "Propiciar encuentros" in page
    assert "Agosto de 2026" in page and "ago 2026" in page
    assert "Listas de asistencia" in page


def test_the_plan_page_in_english_shows_the_english_texts(client_for, plan_data, personas):
    personas["cr_editor"].language = "en"
    personas["cr_editor"].save()
    page = client_for("cr_editor").get(plan_data["plan"].get_absolute_url()).content.decode()
    assert "Hold meetings" in page
    assert "Aug 2026" in page


def test_filtering_by_country_and_status_shows_only_matching_activities(client_for, plan_data):
    url = plan_data["plan"].get_absolute_url()
    page = (
        client_for("regional_admin")
        .get(url, {"country": "GT", "status": ProgressStatus.DONE})
        .content.decode()
    )
    assert "Propiciar encuentros" in page
    assert "Construir una herramienta" not in page


def test_a_filter_for_a_country_out_of_scope_is_refused_not_applied(client_for, plan_data):
    response = client_for("cr_editor").get(plan_data["plan"].get_absolute_url(), {"country": "GT"})
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()


def test_an_unknown_plan_is_not_found(client_for, plan_data):
    assert client_for("cr_editor").get("/plans/no-such-plan/").status_code == 404


def test_the_htmx_request_gets_only_the_table(client_for, plan_data):
    response = client_for("cr_editor").get(
        plan_data["plan"].get_absolute_url(), {"q": "jueces"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Capacitar jueces" in page and "Propiciar encuentros" not in page


def _grow(plan_data, extra):
    objective = plan_data["objectives"][1]
    for n in range(extra):
        activity = Activity.objects.create(
            plan=plan_data["plan"], objective=objective, ref=f"II.{n + 2}", position=n + 2,
            title_es=f"Actividad {n}",
        )  # fmt: skip
        ActivityItem.objects.create(
            activity=activity, kind=ItemKind.PRODUCT, position=1, text_es="Producto"
        )
        Progress.objects.create(
            activity=activity, country=plan_data["progress"]["CR"].country, percent=10,
            status=ProgressStatus.IN_PROGRESS,
        )  # fmt: skip


@pytest.mark.parametrize("extra", [0, 30])
def test_the_plan_page_needs_the_same_queries_whatever_the_plan_size(
    client_for, plan_data, django_assert_max_num_queries, extra
):
    _grow(plan_data, extra)
    client = client_for("regional_admin")
    with django_assert_max_num_queries(20):
        assert client.get(plan_data["plan"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_the_plan_list_needs_the_same_queries_whatever_the_plan_size(
    client_for, plan_data, django_assert_max_num_queries, extra
):
    _grow(plan_data, extra)
    client = client_for("cr_editor")
    with django_assert_max_num_queries(18):
        assert client.get(reverse("plan-list")).status_code == 200


# --- activity page -----------------------------------------------------------------------


def test_the_activity_page_shows_the_country_matrix_of_the_users_countries(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    page = client_for("cr_editor").get(activity.get_absolute_url()).content.decode()
    assert "Costa Rica" in page and "Dos reuniones realizadas." in page
    assert "lista-asistencia.pdf" in page
    assert "Guatemala" not in page  # not the Costa Rica editor's country
    assert progress_url(activity, "CR") in page
    assert progress_url(activity, "XR") not in page  # sees the regional level, may not edit


def test_the_partner_sees_only_the_regional_level_and_no_update_button(client_for, plan_data):
    activity = plan_data["activities"]["I.2"]
    page = client_for("partner").get(activity.get_absolute_url()).content.decode()
    assert "Regional" in page and "Costa Rica" not in page
    assert "/progress/" not in page


def test_the_activity_page_shows_the_history_of_changes(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    client = client_for("cr_editor")
    client.post(progress_url(activity, "CR"), {"status": "in_progress", "percent": 60})
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Historial (2 cambios)" in page


# --- progress ----------------------------------------------------------------------------


def test_an_editor_saves_progress_of_their_country_with_history_and_audit(
    client_for, plan_data, personas
):
    activity = plan_data["activities"]["II.1"]
    response = client_for("cr_editor").post(
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
    client_for("cr_editor").post(progress_url(activity, "CR"), {"status": "done", "percent": 100})
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
    response = client_for("cr_editor").post(
        progress_url(activity, "CR"), {"status": status, "percent": percent}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Progress.objects.filter(activity=activity, country__iso2="CR").exists()


def test_an_editor_of_another_country_does_not_find_its_progress_form(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    assert client_for("gt_editor").get(progress_url(activity, "CR")).status_code == 404
    response = client_for("gt_editor").post(
        progress_url(activity, "CR"), {"status": "done", "percent": 100}
    )
    assert response.status_code == 404
    assert Progress.objects.get(activity=activity, country__iso2="CR").status == "in_progress"


def test_a_partner_sees_the_regional_level_but_may_not_change_it(client_for, plan_data):
    activity = plan_data["activities"]["I.2"]
    assert client_for("partner").get(progress_url(activity, "XR")).status_code == 403
    assert client_for("cr_editor").get(progress_url(activity, "XR")).status_code == 403


def test_the_regional_admin_reports_for_the_regional_level(client_for, plan_data):
    activity = plan_data["activities"]["I.2"]
    response = client_for("regional_admin").post(
        progress_url(activity, "XR"), {"status": "in_progress", "percent": 30}
    )
    assert response.status_code == 302


def test_a_contributor_reports_progress_of_their_country(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    response = client_for("cr_contributor").post(
        progress_url(activity, "CR"), {"status": "in_progress", "percent": 10}
    )
    assert response.status_code == 302


def test_an_unknown_country_code_is_not_found(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    assert client_for("regional_admin").get(progress_url(activity, "ZZ")).status_code == 404


# --- evidence ----------------------------------------------------------------------------


def test_an_editor_attaches_a_pdf_checked_by_its_content(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    upload = SimpleUploadedFile("acta.pdf", PDF_BYTES, content_type="application/pdf")
    response = client_for("cr_editor").post(
        upload_url(activity, "CR"), {"file": upload, "description": "Acta"}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(original_name="acta.pdf")
    assert evidence.content_type == "application/pdf"
    assert evidence.country.iso2 == "CR"
    assert "acta" not in evidence.file.name  # stored under a random name
    assert AuditEntry.objects.filter(object_type="plans.evidence", action="create").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("acta.pdf", b"<html><script>alert(1)</script></html>"),
        ("informe.docx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        ("datos.csv", b"a,b\n\x00\x01"),
    ],
)
def test_a_file_whose_content_is_not_an_accepted_type_is_refused(
    client_for, plan_data, name, content
):
    activity = plan_data["activities"]["II.1"]
    response = client_for("cr_editor").post(
        upload_url(activity, "CR"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert "no es un tipo de archivo que aceptemos" in response.content.decode()
    assert not Evidence.objects.filter(original_name=name).exists()


def test_a_file_over_20_mb_is_refused(client_for, plan_data):
    activity = plan_data["activities"]["II.1"]
    big = SimpleUploadedFile("grande.pdf", PDF_BYTES + b"0" * (EVIDENCE_MAX_BYTES + 1))
    response = client_for("cr_editor").post(upload_url(activity, "CR"), {"file": big})
    assert response.status_code == 400
    assert "20" in response.content.decode()
    assert not Evidence.objects.filter(original_name="grande.pdf").exists()


def test_office_documents_images_and_csv_are_accepted(client_for, plan_data):
    import openpyxl

    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    png = bytes.fromhex("89504E470D0A1A0A0000000D4948445200000001000000010806000000")
    activity = plan_data["activities"]["II.1"]
    client = client_for("cr_editor")
    for name, content in (
        ("libro.xlsx", buffer.getvalue()),
        ("foto.png", png + b"\x00" * 32),
        ("datos.csv", "país,talleres\nCosta Rica,3\n".encode()),
    ):
        response = client.post(
            upload_url(activity, "CR"), {"file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 302, name
    types = set(Evidence.objects.values_list("content_type", flat=True))
    assert {"image/png", "text/csv"} <= types
    assert any("spreadsheetml" in t for t in types)


def test_evidence_is_downloaded_by_those_who_see_its_country_and_audited(client_for, plan_data):
    evidence = plan_data["evidence"]
    response = client_for("cr_contributor").get(evidence.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.filter(object_type="plans.evidence").latest("seq")
    assert entry.action == "view" and entry.after["file"] == "lista-asistencia.pdf"


@pytest.mark.parametrize("persona", ["gt_editor", "partner"])
def test_evidence_of_another_country_is_not_found(client_for, plan_data, persona):
    assert client_for(persona).get(plan_data["evidence"].get_absolute_url()).status_code == 404


def test_the_evidence_file_is_not_under_the_static_or_public_media_url(plan_data, settings):
    path = plan_data["evidence"].file.path
    assert "/private/" in path and not path.startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValueError):
        plan_data["evidence"].file.url  # noqa: B018


def test_an_editor_removes_evidence_of_their_country_and_it_is_audited(client_for, plan_data):
    evidence = plan_data["evidence"]
    url = reverse("evidence-delete", args=[evidence.pk])
    assert client_for("gt_editor").post(url).status_code == 404
    assert client_for("cr_editor").post(url).status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEntry.objects.filter(object_type="plans.evidence", action="delete").exists()
