"""The message thread in a real browser: a message holding a phone number is refused in
place (HTMX) with the explanation and the typed text kept, then a clean one is sent and
shown. Screenshots go to test-artifacts/."""

import os

import pytest
from django.urls import reverse

from coalition.coordination.choices import Side
from coalition.coordination.models import ReferralMessage
from coalition.coordination.tests import factories
from coalition.core.tests.browser import serious_violations, shot, sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

WITH_PHONE = "Pueden llamar a la madre al 5555-1234 para coordinar."


def test_the_receiving_office_is_refused_a_phone_number_and_then_writes(
    page, live_server, personas, countries, organizations
):
    offices = factories.offices(countries, organizations)
    referral = factories.referral(offices["gt"], offices["cr"])
    factories.message(referral, Side.SENDING, "¿Tienen cupo en el albergue?")
    sign_in(page, personas["cr_contributor"])
    page.goto(reverse("referral-messages", args=[referral.pk]))
    assert "¿Tienen cupo en el albergue?" in page.inner_text("#thread-messages")

    page.fill("#id_text", WITH_PHONE)
    page.get_by_role("button", name="Enviar mensaje").click()
    error = page.locator("#message-form .invalid-feedback")
    error.wait_for()
    assert "un número de teléfono" in error.inner_text()
    assert "5555" not in error.inner_text()
    assert page.input_value("#id_text") == WITH_PHONE
    assert serious_violations(page) == []
    shot(page, "messages-01-refused")
    assert not ReferralMessage.objects.filter(side=Side.RECEIVING).exists()

    page.fill("#id_text", "Confirmamos cupo a partir del lunes.")
    page.get_by_role("button", name="Enviar mensaje").click()
    page.locator("#thread-messages li", has_text="Confirmamos cupo").wait_for()
    assert page.input_value("#id_text") == ""
    shot(page, "messages-02-sent")
    assert ReferralMessage.objects.filter(side=Side.RECEIVING).count() == 1
