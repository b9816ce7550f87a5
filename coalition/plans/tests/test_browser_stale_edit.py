"""The progress form in a real browser when someone else saved the same country's progress
while it was open: nothing is written, the page says what they changed, keeps what was
typed, and a second press of "Guardar" applies it. Screenshots go to test-artifacts/."""

import os

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.plans.models import Progress

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

MINE = "Cuarta reunión, con la policía migratoria."
THEIRS = "Tercera reunión con la fiscalía."


def test_a_save_over_someone_elses_shows_what_they_changed_and_can_be_applied_again(
    page, live_server, personas, plan_data
):
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    meetings, progress = plan_data["activities"]["I.1"], plan_data["progress"]["CR"]
    sign_in(page, personas["cr_editor"])
    page.goto(reverse("progress-update", args=[meetings.pk, "CR"]))
    page.fill("#id_narrative", MINE)
    # Meanwhile the regional secretariat saves the same progress.
    Progress.objects.filter(pk=progress.pk).update(
        status="done", percent=100, narrative=THEIRS, updated_by=personas["regional_admin"]
    )
    page.get_by_role("button", name="Guardar").click()

    box = page.locator("#stale-edit")
    box.wait_for()
    text = box.inner_text()
    assert "otra persona cambió este registro" in text
    assert "Dos reuniones realizadas." in text and THEIRS in text
    assert "En curso" in text and "Realizada" in text  # the labels, not the codes
    assert page.input_value("#id_narrative") == MINE
    assert serious_violations(page) == []
    shot(page, "stale-edit-01-refused")
    progress.refresh_from_db()
    assert progress.narrative == THEIRS

    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"**{meetings.get_absolute_url()}*")
    shot(page, "stale-edit-02-applied")
    progress.refresh_from_db()
    assert progress.narrative == MINE
