"""In a browser: a partner reads a regional route's victim counts disclosure-controlled."""

import os

import pytest
from playwright.sync_api import expect

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.mapping.choices import Stage
from coalition.mapping.tests.conftest import make_route

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_a_partner_reads_a_small_count_as_less_than_5(page, personas, mapping, countries):
    route = make_route(
        countries["regional"],
        "Golfo de Fonseca – San Salvador",
        [("Managua", Stage.RECRUITMENT), ("San José", Stage.EXPLOITATION)],
        victims_women=3,
        victims_men=9,
        victims_girls=6,
    )
    User.objects.filter(pk=personas["partner"].pk).update(language="en")
    sign_in(page, personas["partner"])
    page.goto(route.get_absolute_url())
    profile = page.locator("dd", has_text="Women:")
    expect(profile).to_contain_text("Women: <5")
    expect(profile).to_contain_text("Men: 9")
    expect(profile).to_contain_text("Girls: x")
    expect(profile).to_contain_text("Total: 18")
    expect(profile).to_contain_text("Counts below 5 are shown as “<5”")
    shot(page, "mapping-disclosure-partner-route")
    assert serious_violations(page) == []
    assert page.problems == []
