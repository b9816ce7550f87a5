"""Meetings and trainings in a real browser: the Costa Rica editor records a workshop from
the plan activity it verifies, imports its attendance list (first with mistakes, then
right) and sees the count on the activity's page; then the list, the month view, the
figures and the calendar subscription. Screenshots go to test-artifacts/."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.events.models import Event

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

HEADER = "Nombre,Sexo,Institución,Profesión,País,Correo electrónico,Teléfono\n"


def test_an_editor_records_a_workshop_imports_attendance_and_sees_it_on_the_plan(
    page, live_server, personas, plan_data, tmp_path
):
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    User.objects.filter(pk=personas["cr_editor"].pk).update(language="en")
    judges = plan_data["activities"]["II.1"]
    wrong = tmp_path / "lista-con-errores.csv"
    wrong.write_text(
        HEADER
        + "Ana Mora,F,Poder Judicial,Judges,CR,,\n"
        + ",F,Poder Judicial,Judges,CR,,\n"
        + "Luis Solís,Z,Fiscalía,Prosecutors,CR,,\n",
        encoding="utf-8",
    )
    right = tmp_path / "lista.csv"
    right.write_text(
        HEADER
        + "Ana Mora,F,Poder Judicial,Judges,CR,ana@example.test,\n"
        + "Luis Solís,M,Fiscalía General,Prosecutors,CR,,\n"
        + "Marta Pérez,F,Organismo Judicial,Judges,GT,,\n",
        encoding="utf-8",
    )

    # From the activity's page, record the workshop that verifies it.
    sign_in(page, personas["cr_editor"])
    page.goto(judges.get_absolute_url())
    assert "No meeting or training recorded for this activity yet." in page.inner_text("main")
    page.get_by_role("link", name="Record an event for this activity").click()
    page.select_option("#id_kind", "workshop")
    page.fill("#id_title", "Taller para jueces penales de Guanacaste")
    page.select_option("#id_status", "held")
    page.fill("#id_starts", "2026-08-10")
    page.fill("#id_ends", "2026-08-10")
    page.fill("#id_city", "Liberia")
    page.check("input[name=audiences][value=judges]")
    shot(page, "events-01-event-form")
    page.get_by_role("button", name="Save").click()
    event = Event.objects.get(title="Taller para jueces penales de Guanacaste")
    page.wait_for_url(f"**{event.get_absolute_url()}")
    assert list(event.activities.all()) == [judges]
    assert serious_violations(page) == []

    # A list with mistakes: every one is named, nothing is recorded.
    page.get_by_role("link", name="Import attendance").click()
    page.set_input_files("#id_file", str(wrong))
    page.get_by_role("button", name="Check and import").click()
    problems = page.inner_text("#import-problems")
    assert "Nothing was recorded: the file has 2 problems to fix." in problems
    assert "This field is required." in problems and "“Z” is not a sex on the list" in problems
    shot(page, "events-02-import-problems")
    assert event.attendance.count() == 0

    # The corrected list goes in; the event counts three people.
    page.set_input_files("#id_file", str(right))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(f"**{event.get_absolute_url()}*")
    assert "3 rows imported: 3 new people" in page.inner_text("main")
    assert page.inner_text("#people-count") == "3"
    shot(page, "events-03-event-page")

    # The plan's activity shows the workshop and its people as verification.
    page.click(f"main a[href='{judges.get_absolute_url()}']")
    page.wait_for_url(f"**{judges.get_absolute_url()}")
    figures = page.inner_text("#verification-figures")
    assert "1 event held (1 workshop, 0 meetings; CR 1)" in figures
    assert "3 people attended" in figures and "Judges and magistrates 2" in figures
    shot(page, "events-04-activity-verification")

    # The list, the month, the figures, the subscription page.
    page.goto("/events/?when=all")
    assert "Taller para jueces penales de Guanacaste" in page.inner_text("main")
    shot(page, "events-05-list")
    page.goto("/events/calendar/?month=2026-08")
    assert "Taller para jueces penales de Guanacaste" in page.inner_text(".calendar-month")
    assert serious_violations(page) == []
    shot(page, "events-06-month")
    page.goto("/events/figures/")
    assert page.inner_text("#trained-total") == "3"
    shot(page, "events-07-figures")
    page.goto("/events/feeds/")
    page.get_by_role("button", name="Create address").click()
    assert page.input_value("#feed-url").endswith("/calendar.ics")
    shot(page, "events-08-feeds")
