"""Plan list, plan page and activity page, as each persona meets them (the progress form
is in test_progress.py, evidence files in test_evidence.py)."""

import pytest
from django.urls import reverse

from coalition.core.tests.versions import save
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import Activity, ActivityItem, Progress, ProgressRevision


def progress_url(activity, iso2):
    return reverse("progress-update", args=[activity.pk, iso2])


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
    with django_assert_max_num_queries(21):
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


def product_values(activity, status, percent, **others):
    """The form's fields for the activity's only product (I.1 is reported per product)."""
    from coalition.plans.choices import ItemKind

    (product,) = activity.items.filter(kind=ItemKind.PRODUCT)
    key = f"product-{product.pk}"
    return {f"{key}-status": status, f"{key}-percent": percent, **others}


def test_the_activity_page_shows_the_history_of_changes(client_for, plan_data):
    activity = plan_data["activities"]["I.1"]
    client = client_for("cr_editor")
    save(client, progress_url(activity, "CR"), product_values(activity, "in_progress", 60))
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Historial (2 cambios)" in page


@pytest.mark.parametrize("revisions", [1, 10])
def test_the_activity_page_needs_the_same_queries_however_long_the_history(
    client_for, plan_data, django_assert_max_num_queries, revisions
):
    activity = plan_data["activities"]["I.1"]
    for row in (plan_data["progress"]["CR"], plan_data["progress"]["GT"]):
        for _ in range(revisions):
            ProgressRevision.of(row, None)
    client = client_for("regional_admin")
    # 20 (the products' rows, the locked countries), 3 for the verification from the
    # events app (its figures, its events), and 1 for the approved reports.
    with django_assert_max_num_queries(24):
        assert client.get(activity.get_absolute_url()).status_code == 200


def test_the_activity_page_links_the_activity_it_continues_and_back(client_for, plan_data):
    earlier = plan_data["activities"]["I.2"]
    later = plan_data["activities"]["II.1"]
    later.continues = earlier
    later.save()
    client = client_for("cr_editor")
    assert earlier.get_absolute_url() in client.get(later.get_absolute_url()).content.decode()
    assert later.get_absolute_url() in client.get(earlier.get_absolute_url()).content.decode()


def test_the_plan_page_links_to_the_dashboard_timeline_and_export(client_for, plan_data):
    page = client_for("cr_editor").get(plan_data["plan"].get_absolute_url()).content.decode()
    code = plan_data["plan"].code
    for name in ("plan-dashboard", "plan-timeline", "plan-export"):
        assert reverse(name, args=[code]) in page


def test_only_the_regional_admin_is_offered_the_import(client_for, plan_data):
    url = reverse("plan-import")
    assert url in client_for("regional_admin").get(reverse("plan-list")).content.decode()
    assert url not in client_for("cr_editor").get(reverse("plan-list")).content.decode()


def test_readers_find_plans_in_the_navigation(client_for, plan_data):
    url = reverse("plan-list")
    assert f'href="{url}"' in client_for("partner").get(reverse("home")).content.decode()
    assert f'href="{url}"' not in client_for("auditor").get(reverse("home")).content.decode()
