"""The plan's verification sources counted live from agreements and campaigns: on the
activity's page ("Convenios o acuerdos firmados", objective IV's campaign sources) and in
the plan's PDF report.

As with events, the figures count every linked record (a count names nothing); the
records listed with links are only those the user may open."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.core.tests.versions import versioned
from coalition.knowledge import metrics
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement, Campaign
from coalition.plans.models import ItemKind
from coalition.plans.tests.conftest import add_items, build_plan

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def plan(countries):
    """The test plan: I.2 is verified by signed agreements, II.1 by campaigns (the 2012
    plan's objective IV sources); I.1 by attendance lists only."""
    data = build_plan(countries)
    add_items(data["activities"]["I.2"], ItemKind.VERIFICATION, "Convenios o acuerdos firmados")
    add_items(
        data["activities"]["II.1"],
        ItemKind.VERIFICATION,
        "# de campañas",
        "Folletos impresos",
        "Página web diseñada",
        "# de tarjetas impresas",
    )
    return data


def text(response):
    return response.content.decode()


def page_of(client, activity):
    return text(client.get(activity.get_absolute_url()))


def test_the_count_changes_live_when_an_agreement_is_signed(client_for, knowledge, plan, countries):
    activity = plan["activities"]["I.2"]
    police, judicial = knowledge["agreements"]["cr_police"], knowledge["agreements"]["gt_judicial"]
    police.activities.add(activity)
    judicial.activities.add(activity)
    client = client_for("regional_admin")
    page = page_of(client, activity)
    assert "1 agreement signed (1 in force)" in page
    assert "1 in preparation (idea or negotiation)" in page

    response = client_for("gt_editor").post(
        reverse("agreement-update", args=[judicial.pk]),
        versioned(
            judicial,
            {
                "title": judicial.title,
                "kind": judicial.kind,
                "status": AgreementStatus.SIGNED,
                "country": countries["GT"].pk,
                "signed_on": "2025-06-01",
                "activities": [activity.pk],
            },
        ),
    )
    assert response.status_code == 302
    page = page_of(client, activity)
    assert "2 agreements signed (1 in force)" in page
    assert "in preparation" not in page


def test_agreements_the_user_cannot_open_are_counted_but_not_listed(client_for, knowledge, plan):
    activity = plan["activities"]["I.2"]
    for agreement in knowledge["agreements"].values():
        agreement.activities.add(activity)
    page = page_of(client_for("cr_editor"), activity)
    assert "2 agreements signed (1 in force)" in page  # Costa Rica's and the regional one
    assert "1 in preparation" in page  # Guatemala's, counted
    assert knowledge["agreements"]["cr_police"].get_absolute_url() in page
    assert knowledge["agreements"]["regional_migration"].get_absolute_url() in page
    assert "Acuerdo con el Organismo Judicial" not in page  # not the editor's to open
    assert knowledge["agreements"]["gt_judicial"].get_absolute_url() not in page
    partner = page_of(client_for("partner"), activity)
    assert "2 agreements signed (1 in force)" in partner
    assert "Costa Rica–Nicaragua" not in partner


def test_the_page_links_to_the_agreement_list_filtered_by_the_activity(client_for, knowledge, plan):
    activity = plan["activities"]["I.2"]
    knowledge["agreements"]["cr_police"].activities.add(activity)
    client = client_for("cr_editor")
    link = f"{reverse('agreement-list')}?activity={activity.pk}"
    assert link in page_of(client, activity)
    listed = text(client.get(link))
    assert "Costa Rica–Nicaragua" in listed and "Protocolo regional" not in listed
    assert f"{reverse('agreement-create')}?activity={activity.pk}" in page_of(client, activity)


def test_a_source_that_speaks_of_agreements_shows_the_count_even_at_zero(client_for, plan):
    page = page_of(client_for("cr_editor"), plan["activities"]["I.2"])
    assert "Verification: agreements and campaigns" in page
    assert "[en] Convenios o acuerdos firmados" in page
    assert "No agreement linked to this activity yet." in page
    other = page_of(client_for("cr_editor"), plan["activities"]["I.1"])
    assert "Verification: agreements and campaigns" not in other  # attendance lists only


def test_the_campaign_sources_show_the_campaigns_and_their_reach(client_for, knowledge, plan):
    activity = plan["activities"]["II.1"]
    for campaign in knowledge["campaigns"].values():
        campaign.activities.add(activity)
    page = page_of(client_for("cr_editor"), activity)
    assert (
        "3 campaigns: 0 brochures printed, 5,000 cards printed, 12,000 web visits, "
        "320 radio or TV broadcasts, 45,000 people reached on social media"
    ) in page
    assert "[en] Folletos impresos" in page
    assert knowledge["campaigns"]["cr_radio"].get_absolute_url() in page
    assert knowledge["campaigns"]["regional_web"].get_absolute_url() in page
    assert knowledge["campaigns"]["gt_cards"].get_absolute_url() not in page  # counted only
    assert "No agreement linked" not in page  # no source of this activity speaks of them


def test_the_activity_page_takes_the_same_queries_whatever_is_linked(
    client_for, knowledge, plan, countries
):
    activity = plan["activities"]["I.2"]
    client = client_for("cr_editor")
    client.get(activity.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(activity.get_absolute_url())
    for n in range(25):
        Agreement.objects.create(
            country=countries["CR"], title=f"Convenio {n}", kind=AgreementKind.OTHER,
            status=AgreementStatus.IDEA,
        ).activities.add(activity)  # fmt: skip
        Campaign.objects.create(
            country=countries["CR"], title=f"Campaña {n}", starts="2025-01-01", broadcasts=n
        ).activities.add(activity)  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        page = text(client.get(activity.get_absolute_url()))
    assert "25 in preparation" in page
    # Two more: the linked agreements and the linked campaigns, listed once there are some.
    assert len(many) <= len(few) + 2


def test_the_figures_of_many_activities_take_one_query(knowledge, plan, django_assert_num_queries):
    tool, judges, meetings = (plan["activities"][ref] for ref in ("I.2", "II.1", "I.1"))
    for agreement in knowledge["agreements"].values():
        agreement.activities.add(tool, judges)
    for campaign in knowledge["campaigns"].values():
        campaign.activities.add(judges)
    with django_assert_num_queries(1):
        figures = metrics.activity_figures([tool.pk, judges.pk, meetings.pk])
    assert meetings.pk not in figures  # nothing linked
    assert (figures[tool.pk].signed, figures[tool.pk].in_force, figures[tool.pk].in_progress) == (
        2, 1, 1,
    )  # fmt: skip
    # Sums are not multiplied by the agreements linked to the same activity.
    assert figures[judges.pk].signed == 2 and figures[judges.pk].campaigns == 3
    assert figures[judges.pk].reach() == {
        "brochures_printed": 0, "cards_printed": 5000, "web_visits": 12000,
        "broadcasts": 320, "social_reach": 45000,
    }  # fmt: skip
    with django_assert_num_queries(0):
        assert metrics.activity_figures([]) == {}


def test_the_plans_pdf_report_prints_the_agreements_and_campaigns(client_for, knowledge, plan):
    from pypdf import PdfReader

    knowledge["agreements"]["cr_police"].activities.add(plan["activities"]["I.2"])
    knowledge["campaigns"]["gt_cards"].activities.add(plan["activities"]["II.1"])
    response = client_for("regional_admin").get(
        reverse("plan-report", args=[plan["plan"].code]), {"lang": "en"}
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    content = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Verification: agreements and campaigns: 1 agreement signed (1 in force)" in content
    assert "1 campaign: 0 brochures printed, 5,000 cards printed" in content
