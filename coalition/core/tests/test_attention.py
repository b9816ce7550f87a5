"""The home page's "needs your attention" gathers each capability's ``attention`` by
convention (``<app>.metrics.attention``), not by naming the apps, and stays a fixed
handful of queries over the demo data, for the regional administrator (every country) as
for a country editor."""

import pytest
from django.urls import reverse

from coalition.core import attention
from coalition.core.tests import crawler
from coalition.core.tests.attention import HOME, opens

# Measured over the demo data: 25 for the regional administrator, 24 for the Costa Rica
# editor, whole page included. A query per record or per country would add dozens.
MAX_QUERIES = 30


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from crawler.demo_site_fixture(django_db_setup, django_db_blocker, tmp_path_factory)


@pytest.fixture
def media_root():
    """The demo's uploads stay where ``demo_site`` put them (overrides the root one)."""


def test_every_capability_offers_its_items_through_its_metrics_module():
    modules = {provider.__module__ for provider in attention.providers()}
    assert modules == {
        "coalition.plans.metrics",
        "coalition.events.metrics",
        "coalition.directory.metrics",
        "coalition.mapping.metrics",
        "coalition.knowledge.metrics",
        "coalition.sentences.metrics",
        "coalition.indicators.metrics",
        "coalition.coordination.metrics",
    }


@pytest.mark.parametrize("persona", ["regional_admin", "cr_editor"])
def test_the_home_page_reads_the_demo_in_a_bounded_number_of_queries(
    demo_site, persona, django_assert_max_num_queries
):
    client = demo_site.client(persona)
    client.get(HOME)  # the session's first request (two-factor, language) aside
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(HOME)
    assert response.status_code == 200
    assert len(response.context["attention"]) >= 4


def test_working_on_one_country_keeps_the_home_page_as_cheap(
    demo_site, django_assert_max_num_queries
):
    client = demo_site.client("regional_admin")
    client.post(reverse("switch-scope"), {"scope": "CR"})
    client.get(HOME)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(HOME)
    audit = reverse("audit-list")
    items = [i for i in response.context["attention"] if i.link and audit not in i.link]
    assert len(items) >= 4
    for item in items:
        assert item.message.endswith("Costa Rica."), item
        assert "country=CR" in item.link, item


@pytest.mark.parametrize("persona", ["regional_admin", "cr_editor", "cr_contributor", "partner"])
def test_every_item_of_the_demo_links_to_a_page_its_reader_may_open(demo_site, persona):
    client = demo_site.client(persona)
    for item in client.get(HOME).context["attention"]:
        assert item.link is None or opens(client, item.link), item


def test_the_costa_rica_editor_reads_the_items_in_spanish(demo_site):
    messages = [
        item.message for item in demo_site.client("cr_editor").get(HOME).context["attention"]
    ]
    assert (
        "10 actividades de Plan Operativo 2012 pasaron su plazo y siguen abiertas en Costa Rica."
        in messages
    )
    assert any(m.endswith("deben verificarse en Costa Rica.") for m in messages)
