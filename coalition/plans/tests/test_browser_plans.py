"""Plan monitoring in a real browser: the Costa Rica editor sets an activity in progress
with an evidence PDF, the regional administrator sees it on the dashboard, and the
Guatemala editor gets "not found" on that evidence. Screenshots go to test-artifacts/."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.tests.browser import serious_violations, shot, sign_in, sign_out
from coalition.plans.models import Evidence, Progress
from coalition.plans.tests.conftest import PDF_BYTES

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_an_editor_reports_progress_with_evidence_that_the_admin_sees_and_others_cannot_open(
    page, live_server, personas, plan_data, tmp_path
):
    for name in ("cr_editor", "gt_editor", "regional_admin"):
        TOTPDevice.objects.create(user=personas[name], name="phone", confirmed=True)
    judges = plan_data["activities"]["II.1"]
    pdf = tmp_path / "lista-jueces.pdf"
    pdf.write_bytes(PDF_BYTES)

    # The Costa Rica editor finds the activity from the navigation and reports progress.
    sign_in(page, personas["cr_editor"])
    page.click("nav >> text=Planes")
    page.click("text=Plan de prueba")
    page.wait_for_url(f"**{plan_data['plan'].get_absolute_url()}")
    shot(page, "plans-01-plan-page")
    assert serious_violations(page) == []
    page.click("text=Capacitar jueces")
    page.wait_for_url(f"**{judges.get_absolute_url()}")
    page.get_by_role("link", name="Informar avance (Costa Rica)").click()
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "50")
    page.fill("#id_narrative", "Primer taller con 20 jueces penales.")
    shot(page, "plans-02-progress-form")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"**{judges.get_absolute_url()}*")
    assert "Primer taller con 20 jueces penales." in page.inner_text("main")

    page.get_by_role("link", name="Informar avance (Costa Rica)").click()
    page.set_input_files("#id_attach-file", str(pdf))
    page.fill("#id_attach-description", "Lista de asistencia")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"**{judges.get_absolute_url()}*")
    assert "«lista-jueces.pdf» adjuntado." in page.inner_text("main")
    shot(page, "plans-03-evidence-attached")
    progress = Progress.objects.get(activity=judges, country__iso2="CR")
    assert (progress.status, progress.percent) == ("in_progress", 50)
    evidence = Evidence.objects.get(progress=progress, original_name="lista-jueces.pdf")
    sign_out(page)

    # The regional administrator sees it on the dashboard: objective II is 50% in Costa Rica.
    sign_in(page, personas["regional_admin"])
    page.goto(f"/plans/{plan_data['plan'].code}/dashboard/?country=CR")
    heatmap = page.locator("table.heatmap")
    row = heatmap.locator("tr", has_text="CAPACITAR")
    assert "50%" in row.inner_text()
    shot(page, "plans-04-dashboard")
    assert serious_violations(page) == []
    sign_out(page)

    # The Guatemala editor cannot open Costa Rica's evidence.
    sign_in(page, personas["gt_editor"])
    assert page.problems == []
    response = page.goto(evidence.get_absolute_url())
    assert response.status == 404
    assert "lista-jueces" not in page.content()
