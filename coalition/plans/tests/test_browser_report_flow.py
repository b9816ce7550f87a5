"""The yearly report in a real browser: the Costa Rica editor reports one deliverable of
III.2 of the 2012 plan (the SWOT shared: done), saves, and submits Costa Rica's progress
report of the year; the regional administrator approves it on the same page, and the
progress is then locked; a partner named on III.2 (Interpol) then reads it on its page.
Screenshots go to test-artifacts/."""

import json
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.choices import Role
from coalition.core.models import Membership, User
from coalition.core.tests.browser import PASSWORD, serious_violations, shot, sign_in, sign_out
from coalition.plans.choices import ItemKind
from coalition.plans.loader import load_plan
from coalition.plans.models import ProductProgress, Progress, ReportedProgress

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_editor_reports_a_deliverable_and_submits_and_the_admin_approves(
    page, live_server, personas, countries
):
    plan, _created = load_plan(
        json.loads((DATA / "plan-operativo-2012.json").read_text(encoding="utf-8"))
    )
    activity = plan.activities.get(ref="III.2")
    swot, police = activity.items.filter(kind=ItemKind.PRODUCT).order_by("position")
    for persona in ("cr_editor", "regional_admin"):
        TOTPDevice.objects.create(user=personas[persona], name="phone", confirmed=True)
    year = timezone.localdate().year

    sign_in(page, personas["cr_editor"])
    page.goto(activity.get_absolute_url())
    page.locator("#country-CR").get_by_role("link", name="Informar avance").click()
    page.wait_for_url(f"**{reverse('progress-update', args=[activity.pk, 'CR'])}")
    assert "FODAS" in page.inner_text(f"#product-{swot.pk}")
    page.select_option(f"#id_product-{swot.pk}-status", "done")
    page.fill(f"#id_product-{swot.pk}-percent", "100")
    page.fill(f"#id_product-{swot.pk}-note", "FODA nacional presentado y compartido.")
    page.fill("#id_narrative", "FODA nacional presentado en el encuentro regional.")
    assert serious_violations(page) == []
    shot(page, "report-flow-01-one-deliverable")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"**{activity.get_absolute_url()}*")

    row = page.locator("#country-CR").inner_text()
    assert "En curso" in row and "50%" in row  # one of two products done
    assert "FODA nacional presentado y compartido." in row
    progress = Progress.objects.get(activity=activity, country__iso2="CR")
    assert (progress.status, progress.percent) == ("in_progress", 50)
    assert ProductProgress.objects.get(progress=progress, product=swot).status == "done"
    shot(page, "report-flow-02-activity-page")

    approval_url = reverse("approval-year", args=["progress", "CR", year])
    page.goto(approval_url)
    page.locator("form.approval-move-submit button").click()
    page.wait_for_load_state()
    assert page.locator("#approval-submitted").is_visible()
    assert ReportedProgress.objects.filter(
        country__iso2="CR", year=year, activity=activity, product=swot, status="done"
    ).exists()
    shot(page, "report-flow-03-submitted")
    # Submitted: the form shows the values, read-only, with the reason.
    page.goto(reverse("progress-update", args=[activity.pk, "CR"]))
    assert "no puede cambiar" in page.inner_text("main") or "cannot change" in page.inner_text(
        "main"
    )
    assert page.locator(f"#id_product-{swot.pk}-status").is_disabled()
    shot(page, "report-flow-04-locked-form")
    sign_out(page)

    sign_in(page, personas["regional_admin"])
    page.goto(approval_url)
    page.locator("form.approval-move-approve button").click()
    page.wait_for_load_state()
    assert page.locator("#approval-locked").is_visible()
    assert "Aprobad" in page.locator(".page-header").inner_text()
    shot(page, "report-flow-05-approved")
    sign_out(page)

    # The partner the plan names on III.2 reads the approved progress; IOM, not named, not.
    (interpol,) = {org for item in activity.items.all() for org in item.organizations.all()}
    assert interpol.acronym == "Interpol"
    partner = User.objects.create_user(username="interpol", password=PASSWORD)
    Membership.objects.create(
        user=partner, country=countries["regional"], role=Role.PARTNER,
        organization=interpol,
    )  # fmt: skip
    sign_in(page, partner)
    page.goto(reverse("partner-activities"))
    text = page.inner_text("main")
    assert "III.2" in text and "Costa Rica" in text
    assert "FODA nacional presentado y compartido." in text
    assert serious_violations(page) == []
    shot(page, "report-flow-06-partner")
    sign_out(page)
    sign_in(page, personas["partner"])
    page.goto(reverse("partner-activities"))
    assert "FODA nacional presentado y compartido." not in page.inner_text("main")
    assert page.problems == []
