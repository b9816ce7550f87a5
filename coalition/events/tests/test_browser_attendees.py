"""The attendees table in a real browser: on a ten-day workshop with long names and
addresses, the sex column keeps "Hombre" and "Mujer" whole (they broke mid-word, "Hombr/e")
while a long e-mail address may still break."""

import datetime
import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.tests.browser import shot, sign_in
from coalition.events.choices import Sex
from coalition.events.tests.conftest import attend, make_event, make_participant

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

# The words of each sex cell that take more than one line (broken mid-word).
BROKEN_WORDS = """() => [...document.querySelectorAll("table.attendees tbody tr")].map(row => {
    const text = row.cells[4].firstChild;
    const broken = [];
    for (const match of text.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
    }
    return [text.textContent.trim(), broken];
})"""


def test_the_sex_column_never_breaks_a_word(page, live_server, personas, countries):
    cr = countries["CR"]
    event = make_event(cr, "Curso regional de diez días", datetime.date(2026, 3, 2), days=10)
    institution = "Fiscalía Especializada contra la Trata de Personas y el Tráfico Ilícito"
    for n, sex in enumerate([Sex.MALE, Sex.FEMALE, Sex.OTHER]):
        person = make_participant(
            cr,
            f"Persona Participante Número {n} Apellido Segundo",
            institution,
            sex=sex,
            email=f"persona.participante.numero.{n}@fiscalia-especializada.example.org",
            phone="+50622000111",
        )
        attend(event, person)
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    sign_in(page, personas["cr_editor"])
    page.goto(event.get_absolute_url())
    cells = page.evaluate(BROKEN_WORDS)
    assert cells == [["Hombre", []], ["Mujer", []], ["Otro o no indicado", []]]
    page.locator("#attendance").scroll_into_view_if_needed()
    shot(page, "events-attendees-ten-days")
    assert page.problems == []
