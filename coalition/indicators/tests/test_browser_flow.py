"""An assessment's whole review in a real browser: the Honduras editor fills and submits
an assessment with one evidence file; the regional administrator returns one indicator
with a comment; the editor sees it, corrects it and submits again; the administrator
approves, and the regional matrix shows the new score. The Costa Rica editor cannot open
Honduras's draft. Each person signs in (with two-factor) in a browser of their own.
Screenshots in test-artifacts/."""

import datetime
import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core import approvals
from coalition.core.choices import ApprovalState, Role
from coalition.core.models import Membership, User
from coalition.core.tests.browser import shot, sign_in
from coalition.indicators.models import APPROVAL_KIND, Assessment
from coalition.indicators.tests import factories
from conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

YEAR = datetime.date.today().year - 1
FIX = "Which report gives this percentage? Attach it or correct the figure."


def browser_for(page, live_server, user):
    """A page in a browser context of its own, signed in as ``user`` (two-factor)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    context = page.context.browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="es-CR"
    )
    own = context.new_page()
    sign_in(own, user)
    return own


def pk_of(made, code):
    return factories.indicator(made, code).pk


def save_pillar(page, code):
    page.click(f"#save-{code}")
    page.wait_for_selector(f"#pillar-{code} .alert-success")


def test_an_assessment_is_submitted_returned_corrected_and_approved(
    page, live_server, personas, countries, tmp_path
):
    made = factories.framework()
    honduras = User.objects.create_user(
        username="hn_editor", password=PASSWORD, email="hn_editor@example.org"
    )
    Membership.objects.create(user=honduras, country=countries["HN"], role=Role.COUNTRY_EDITOR)

    # The Honduras editor starts the year's assessment and answers it.
    editor = browser_for(page, live_server, honduras)
    editor.goto(f"/indicators/assessments/new/?country=HN&year={YEAR}")
    editor.click("#assessment-create-form button[type=submit]")
    editor.wait_for_selector("#questionnaire")
    assessment = Assessment.objects.get(country=countries["HN"], year=YEAR)
    assert editor.url.endswith(f"/indicators/assessments/{assessment.pk}/")

    editor.click(f"label[for=v{pk_of(made, 'PR-01')}-yes]")
    editor.fill(f"#v{pk_of(made, 'PR-03')}", "20")
    save_pillar(editor, "prosecution")
    editor.check(f"#v{pk_of(made, 'PP-01')}-4")
    editor.fill(f"#v{pk_of(made, 'PP-02')}", "50")
    save_pillar(editor, "protection")

    law = tmp_path / "ley-trata-honduras.pdf"
    law.write_bytes(b"%PDF-1.4\n% Ley contra la Trata de Personas\n")
    pr01 = pk_of(made, "PR-01")
    editor.set_input_files(f"#f{pr01}", str(law))
    editor.click(f"button[type=submit][form=evidence-{pr01}]")
    editor.wait_for_selector(
        f"#indicator-{pr01} .evidence-files a:has-text('ley-trata-honduras.pdf')"
    )

    # Costa Rica's editor cannot open Honduras's draft.
    costa_rica = browser_for(page, live_server, personas["cr_editor"])
    response = costa_rica.goto(f"/indicators/assessments/{assessment.pk}/")
    assert response.status == 404
    assert "/review/" not in costa_rica.url

    editor.click("#assessment-submit")
    editor.wait_for_selector("#review-submitted")
    assert approvals.state_of(APPROVAL_KIND, countries["HN"], YEAR) == ApprovalState.SUBMITTED
    shot(editor, "indicators-flow-1-submitted")

    # The regional administrator returns one indicator with a comment.
    admin = browser_for(page, live_server, personas["regional_admin"])
    admin.goto(f"/indicators/assessments/{assessment.pk}/review/")
    assert "ley-trata-honduras.pdf" in admin.inner_text(f"#indicator-{pr01}")
    pp02 = pk_of(made, "PP-02")
    admin.fill(f"#comment-indicator-{pp02}", FIX)
    admin.fill("#review-comment", "One figure needs its source.")
    shot(admin, "indicators-flow-2-review")
    admin.click("#review-return")
    admin.wait_for_selector("#review-returned")
    assert approvals.state_of(APPROVAL_KIND, countries["HN"], YEAR) == ApprovalState.RETURNED

    # The editor sees the comment next to the indicator, corrects it, submits again.
    editor.goto(f"/indicators/assessments/{assessment.pk}/")
    assert FIX in editor.inner_text(f"#indicator-{pp02}")
    assert "One figure needs its source." in editor.inner_text("#review-actions")
    shot(editor, "indicators-flow-3-returned")
    editor.fill(f"#v{pp02}", "100")
    save_pillar(editor, "protection")
    editor.click("#assessment-submit")
    editor.wait_for_selector("#review-submitted")
    assert FIX not in editor.inner_text("#questionnaire")

    # The administrator approves; the matrix shows Honduras's new score.
    admin.goto(f"/indicators/assessments/{assessment.pk}/review/")
    admin.click("#review-approve")
    admin.wait_for_selector("#review-approved")
    assert approvals.is_locked(APPROVAL_KIND, countries["HN"].pk, YEAR)
    admin.goto(f"/indicators/matrix/?year={YEAR}")
    overall = admin.inner_text("#row-HN td:last-child .matrix-score")
    # Prosecution 100, protection 100 (75 before the correction), prevention unanswered 0.
    assert overall.replace(",", ".") == "66.7"
    shot(admin, "indicators-flow-4-matrix")

    for other in (editor, costa_rica, admin):
        other.context.close()
    assert page.problems == []
