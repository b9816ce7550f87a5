"""The knowledge hub (/knowledge/): four cards counting what the user may see, agreements
that expire soon, links to the lists and the public pages; its place in the top bar and on
the public home page."""

import datetime
import os
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core import scopes
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement, Campaign, Practice
from coalition.knowledge.tests.conftest import make_swot

# The browser test: Playwright's event loop runs in this thread (see core's test_browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HUB = "/knowledge/"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def hub(client_for, persona):
    response = english(client_for(persona)).get(HUB)
    assert response.status_code == 200
    return response


def counts(rows):
    """{label: count} of a card's status rows."""
    return {str(label): count for label, count, _url in rows}


def test_the_hub_is_named_knowledge():
    assert reverse("knowledge") == HUB


def test_the_hub_counts_what_a_country_editor_may_see(client_for, knowledge, countries):
    today = timezone.localdate()
    Campaign.objects.create(
        country=countries["CR"], title="Campaña de este año", starts=today.replace(day=1),
        channels=["radio"], broadcasts=40, web_visits=1500,
    )  # fmt: skip
    Campaign.objects.create(
        country=countries["GT"], title="De Guatemala", starts=today.replace(day=1),
        broadcasts=999,
    )  # fmt: skip
    response = hub(client_for, "cr_editor")
    context = response.context
    # SWOTs: Costa Rica's and the regional one, both of 2025.
    assert [(row["year"], row["swots"], row["items"]) for row in context["swots"]["years"]] == [
        (2025, 2, 4)
    ]
    assert counts(context["practices"]) == {"Draft": 1, "Reviewed": 0, "Published": 1}
    statuses = counts(context["agreement_statuses"])
    assert statuses["In force"] == 1 and statuses["Signed"] == 1
    assert statuses["In negotiation"] == 0  # Guatemala's is not counted
    assert context["agreements_signed"] == 2
    assert [a.title for a in context["expiring"]] == [
        "Convenio de cooperación policial Costa Rica–Nicaragua"
    ]
    campaigns = context["campaigns"]
    assert campaigns["total"] == 3 and campaigns["this_year"] == 1
    reach = {str(label): value for label, value in campaigns["reach"]}
    assert reach["radio and TV broadcasts"] == 40 and reach["web visits"] == 1500

    page = response.content.decode()
    for card in ("hub-swot", "hub-practices", "hub-agreements", "hub-campaigns"):
        assert f'id="{card}"' in page
    assert "Convenio de cooperación policial Costa Rica–Nicaragua" in page
    assert "De Guatemala" not in page and "999" not in page


def test_a_partner_sees_the_regional_level_only(client_for, knowledge):
    context = hub(client_for, "partner").context
    assert [(row["year"], row["swots"]) for row in context["swots"]["years"]] == [(2025, 1)]
    assert sum(count for _label, count, _url in context["practices"]) == 0
    assert counts(context["agreement_statuses"])["Signed"] == 1
    assert context["agreements_total"] == 1
    assert context["expiring"] == []
    assert context["campaigns"]["total"] == 1
    assert not context["can_create"]


def test_the_hub_links_to_each_list_and_to_the_public_pages(client_for, knowledge):
    page = hub(client_for, "cr_editor").content.decode()
    for name in (
        "swot-list",
        "practice-list",
        "agreement-list",
        "campaign-list",
        "public:practice-list",
        "public:campaign-list",
    ):
        assert f'href="{reverse(name)}"' in page, name
    assert f'href="{reverse("practice-list")}?status=draft"' in page
    assert f'href="{reverse("swot-list")}?year=2025"' in page
    assert f'href="{reverse("practice-create")}"' in page  # an editor may create


def test_only_agreements_in_force_that_expire_within_90_days_are_listed(
    client_for, knowledge, countries
):
    today = timezone.localdate()
    cr = countries["CR"]

    def agreement(title, status, days):
        return Agreement.objects.create(
            country=cr, title=title, kind=AgreementKind.POLICE, status=status,
            signed_on=today - datetime.timedelta(days=400),
            expires_on=today + datetime.timedelta(days=days),
        )  # fmt: skip

    agreement("Vence en 90 días", AgreementStatus.SIGNED, 90)
    agreement("Vence en 91 días", AgreementStatus.IN_FORCE, 91)
    agreement("Venció ayer", AgreementStatus.IN_FORCE, -1)
    agreement("Terminado", AgreementStatus.TERMINATED, 10)
    expiring = hub(client_for, "cr_editor").context["expiring"]
    assert [a.title for a in expiring] == [
        "Convenio de cooperación policial Costa Rica–Nicaragua",
        "Vence en 90 días",
    ]


def test_the_scope_switcher_narrows_the_counts(client_for, knowledge, countries):
    client = english(client_for("regional_admin"))
    assert client.get(HUB).context["swots"]["total"] == 3
    session = client.session
    session[scopes.SESSION_KEY] = "GT"
    session.save()
    response = client.get(HUB)
    assert response.context["swots"]["total"] == 1
    assert response.context["agreements_total"] == 1
    assert 'id="hub-scope"' in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("anonymous", 302)])
def test_who_reads_no_country_data_does_not_get_the_hub(client_for, knowledge, persona, status):
    response = client_for(persona).get(HUB)
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_the_hub_answers_get_only(client_for, knowledge):
    assert client_for("cr_editor").post(HUB).status_code == 405


def test_the_hub_takes_the_same_queries_for_few_records_or_many(
    client_for, knowledge, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    client.get(HUB)
    with CaptureQueriesContext(connection) as few:
        assert client.get(HUB).status_code == 200
    today = timezone.localdate()
    for n in range(12):
        country = countries["CR" if n % 2 else "GT"]
        make_swot(country, 2000 + n, [("strength", "prevention", "x")])
        Practice.objects.create(country=country, title=f"P{n}", axis="prevention", description=".")
        Agreement.objects.create(
            country=country, title=f"A{n}", kind="police", status="in_force",
            expires_on=today + datetime.timedelta(days=n + 1),
        )  # fmt: skip
        Campaign.objects.create(country=country, title=f"C{n}", starts=today, cards_printed=n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(HUB)
    assert len(response.context["expiring"]) == 13
    assert len(few.captured_queries) <= 15


# --- the top bar and the public home page ------------------------------------------------


def nav_labels(page):
    return re.findall(r'<i class="bi bi-([a-z-]+)" aria-hidden="true"></i> ([^<]+)</a></li>', page)


def test_the_top_bar_has_knowledge_after_the_map_for_readers(client_for, knowledge):
    page = english(client_for("partner")).get(reverse("home")).content.decode()
    labels = [label for _icon, label in nav_labels(page)]
    assert labels.index("Knowledge") == labels.index("Map") + 1
    assert ("lightbulb", "Knowledge") in nav_labels(page)
    auditor = english(client_for("auditor")).get(reverse("home")).content.decode()
    assert "Knowledge" not in [label for _icon, label in nav_labels(auditor)]


def test_the_public_home_links_to_the_public_practices_and_campaigns(client_for):
    page = client_for("anonymous").get("/").content.decode()
    assert f'href="{reverse("public:practice-list")}"' in page
    assert f'href="{reverse("public:campaign-list")}"' in page


# --- in a real browser -------------------------------------------------------------------

NAV_FITS = """() => {
    const bar = document.querySelector('.navbar-coalition');
    const links = [...bar.querySelectorAll('.navbar-nav .nav-link')];
    const tops = new Set(links.map(a => Math.round(a.getBoundingClientRect().top)));
    const menu = document.querySelector('#user-menu').getBoundingClientRect();
    const last = links[links.length - 1].getBoundingClientRect();
    return {
        oneRow: tops.size === 1,
        noScroll: document.documentElement.scrollWidth <= window.innerWidth,
        menuInside: menu.right <= window.innerWidth,
        menuBesideLinks: menu.top < last.bottom && menu.left >= last.right,
        hrefs: links.map(a => a.getAttribute('href')),
    };
}"""


@pytest.mark.browser
def test_the_top_bar_with_knowledge_fits_at_1280_pixels_in_both_languages(
    page, live_server, personas, knowledge
):
    """The widest bar (a regional admin's: every item, the scope switcher) on one row at
    1280 px wide, with the English label and with the longer Spanish one."""
    admin = personas["regional_admin"]
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(page, admin)
    page.goto(HUB)
    assert page.viewport_size["width"] == 1280
    fits = page.evaluate(NAV_FITS)
    assert fits["hrefs"].index("/map/") + 1 == fits["hrefs"].index(HUB), fits
    assert fits["oneRow"] and fits["noScroll"] and fits["menuInside"], fits
    assert fits["menuBesideLinks"], fits
    shot(page, "knowledge-01-hub-1280")
    assert serious_violations(page) == []
    # Spanish says "Conocimiento", longer than "Knowledge": the bar still fits.
    page.evaluate(
        """() => {
        const link = document.querySelector('.navbar-nav .nav-link[href="/knowledge/"]');
        link.lastChild.textContent = ' Conocimiento';
    }"""
    )
    fits = page.evaluate(NAV_FITS)
    assert fits["oneRow"] and fits["noScroll"] and fits["menuBesideLinks"], fits
    shot(page, "knowledge-02-top-bar-conocimiento-1280")
    assert page.problems == []
