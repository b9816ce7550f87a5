"""A year of sentences through its approval, in Chromium: the Guatemala editor submits it
from the year overview, the regional administrator returns it with a comment, the editor
reads it and submits again, the administrator approves it and the year shows locked.
Screenshots of the inbox, the approval page and the overview under test-artifacts/."""

import datetime
import os

import pytest
from django.conf import settings

from coalition.core.tests.browser import serious_violations, shot
from coalition.sentences.tests.factories import sentence

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, live_server, client):
    page.context.clear_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_a_year_is_submitted_returned_corrected_and_approved_in_the_pages(
    page, live_server, client_for, countries
):
    for month in (2, 5, 9):
        sentence(countries["GT"], final_date=datetime.date(2023, month, 10))
    editor, admin = client_for("gt_editor"), client_for("regional_admin")

    _as(page, live_server, editor)
    page.goto("/sentences/years/GT/")
    page.get_by_role("button", name="Enviar 2023").click()
    page.wait_for_load_state()
    assert "enviado para aprobación" in page.locator(".alert-success").inner_text()

    _as(page, live_server, admin)
    page.goto("/home/")
    page.get_by_role("link", name="1 año de sentencias espera aprobación (Guatemala).").click()
    page.wait_for_load_state()
    shot(page, "approvals-inbox")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Revisar y decidir Guatemala 2023").click()
    page.fill("#comment-return", "Falta el área de la sentencia de mayo.")
    page.get_by_role("button", name="Devolver al país").click()
    page.wait_for_load_state()
    assert "devuelto al país" in page.locator(".alert-success").inner_text()

    _as(page, live_server, editor)
    page.goto("/sentences/years/GT/")
    assert "Falta el área" in page.locator("#year-2023").inner_text()
    page.get_by_role("button", name="Enviar 2023").click()
    page.wait_for_load_state()

    _as(page, live_server, admin)
    page.goto("/approvals/")
    page.get_by_role("link", name="Revisar y decidir Guatemala 2023").click()
    page.get_by_role("button", name="Aprobar el año").click()
    page.wait_for_load_state()
    assert "bloqueado" in page.locator("#approval-locked").inner_text()
    history = page.locator("#approval-history").inner_text()
    assert history.count("Enviado") == 2 and "Falta el área" in history
    shot(page, "approval-detail")
    assert serious_violations(page) == []

    _as(page, live_server, editor)
    page.goto("/sentences/years/GT/")
    assert "retirar la aprobación" in page.locator("#year-2023").inner_text()
    shot(page, "sentence-years")
    assert serious_violations(page) == []
    assert page.problems == []
