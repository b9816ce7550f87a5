"""A country's years of sentences: their totals, their approval, the lock of an approved
year, what the home page says about them, and the demo's approved and returned years."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from coalition.core import approvals
from coalition.core.models import Approval, ApprovalStep
from coalition.core.tests import attention
from coalition.sentences import demo
from coalition.sentences.models import APPROVAL_KIND, Sentence
from coalition.sentences.tests.factories import sentence

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
GT_YEARS = reverse("sentence-years", args=["GT"])


def move(user, action, country, year=2021, comment=""):
    request = SimpleNamespace(user=user, META={}, path="/", request_id="")
    return approvals.move(request, action, APPROVAL_KIND, country, year, comment)


@pytest.fixture
def gt_2021(countries):
    """Two Guatemalan sentences of 2021: 2 + 3 persons convicted, 3 + 4 victims."""
    sentence(countries["GT"])
    sentence(
        countries["GT"],
        defendants=(
            ("convicted", "female", "adult", "GT", 3),
            ("acquitted", "male", "adult", "GT", 1),
        ),
        victims=(("female", "minor", "GT", "sexual", 4),),
    )


def row(response, year):
    return next(r for r in response.context["rows"] if r["year"] == year)


# --- the year overview -------------------------------------------------------------------


def test_each_year_shows_its_sentences_persons_convicted_and_victims(client_for, gt_2021):
    response = client_for("gt_editor").get(GT_YEARS)
    assert response.status_code == 200
    year = row(response, 2021)
    assert (year["sentences"], year["convicted"], year["victims"]) == (2, 5, 7)
    assert year["approval"].state == "open"


def test_the_current_year_is_listed_even_without_sentences(client_for, countries):
    response = client_for("gt_editor").get(GT_YEARS)
    [current] = response.context["rows"]
    assert current["year"] == datetime.date.today().year
    assert current["moves"] == []  # nothing recorded yet: nothing to submit


def test_the_country_editor_submits_its_year_from_the_overview(client_for, countries, gt_2021):
    client = client_for("gt_editor")
    page = client.get(GT_YEARS).content.decode()
    assert "Submit 2021" in page
    url = reverse("approval-move", args=[APPROVAL_KIND, "GT", 2021, "submit"])
    response = client.post(url, {"next": f"{GT_YEARS}#year-2021"})
    assert response.url == f"{GT_YEARS}#year-2021"
    year = row(client.get(GT_YEARS), 2021)
    assert year["approval"].state == "submitted"
    assert year["moves"] == []


def test_the_regional_admin_is_sent_to_the_approval_page_to_decide(
    client_for, personas, countries, gt_2021
):
    move(personas["gt_editor"], "submit", countries["GT"])
    response = client_for("regional_admin").get(GT_YEARS)
    assert [m.action for m in row(response, 2021)["moves"]] == ["approve", "return"]
    assert reverse("approval-year", args=[APPROVAL_KIND, "GT", 2021]) in response.content.decode()


def test_an_approved_year_shows_who_locked_it(client_for, personas, countries, gt_2021):
    move(personas["gt_editor"], "submit", countries["GT"])
    move(personas["regional_admin"], "approve", countries["GT"])
    response = client_for("gt_editor").get(GT_YEARS)
    page = response.content.decode()
    assert "changes need the approval withdrawn" in page
    assert personas["regional_admin"].get_full_name() in page
    assert row(response, 2021)["moves"] == []


def test_a_returned_year_shows_the_comment_and_can_be_submitted_again(
    client_for, personas, countries, gt_2021
):
    move(personas["gt_editor"], "submit", countries["GT"])
    move(personas["regional_admin"], "return", countries["GT"], comment="Falta el área.")
    response = client_for("gt_editor").get(GT_YEARS)
    assert "Falta el área." in response.content.decode()
    assert [m.action for m in row(response, 2021)["moves"]] == ["submit"]


def test_the_index_opens_the_users_own_country(client_for, countries):
    assert client_for("gt_editor").get(reverse("sentence-year-index")).url == GT_YEARS


def test_the_regional_admin_switches_between_countries(client_for, countries):
    response = client_for("regional_admin").get(reverse("sentence-years", args=["CR"]))
    assert GT_YEARS in response.content.decode()
    assert response.context["country"].iso2 == "CR"


def test_an_outsider_gets_404_and_a_contributor_403(client_for, countries, gt_2021):
    assert client_for("cr_editor").get(GT_YEARS).status_code == 404
    assert client_for("partner").get(GT_YEARS).status_code == 404
    cr = reverse("sentence-years", args=["CR"])
    assert client_for("cr_contributor").get(cr).status_code == 403
    assert client_for("cr_contributor").get(reverse("sentence-year-index")).status_code == 403
    assert client_for("anonymous").get(GT_YEARS).status_code == 302


def test_the_overview_is_get_only(client_for, countries):
    assert client_for("gt_editor").post(GT_YEARS).status_code == 405


def test_the_regional_level_has_no_years_of_sentences(client_for, countries):
    regional = countries["regional"].iso2
    response = client_for("regional_admin").get(reverse("sentence-years", args=[regional]))
    assert response.status_code == 404


def test_the_approval_page_summarizes_the_year_and_links_back(
    client_for, personas, countries, gt_2021
):
    approval = move(personas["gt_editor"], "submit", countries["GT"])
    response = client_for("regional_admin").get(approval.get_absolute_url())
    summary = dict((str(label), value) for label, value in response.context["summary"])
    assert summary["Final sentences"] == 2
    assert summary["Persons convicted"] == 5
    assert f"{GT_YEARS}#year-2021" in response.content.decode()


def test_a_sentence_of_an_approved_year_cannot_be_changed_by_page_or_api(
    client_for, personas, countries
):
    record = sentence(countries["GT"])
    move(personas["gt_editor"], "submit", countries["GT"])
    move(personas["regional_admin"], "approve", countries["GT"])
    client = client_for("gt_editor")
    page = client.post(reverse("sentence-delete", args=[record.pk]), follow=True)
    assert "approved" in page.content.decode()
    api = client.delete(reverse("api:sentence-detail", args=[record.pk]))
    assert api.status_code == 409
    assert Sentence.objects.filter(pk=record.pk).exists()
    move(personas["regional_admin"], "reopen", countries["GT"], comment="Sentencia anulada.")
    assert client.delete(reverse("api:sentence-detail", args=[record.pk])).status_code == 204


# --- the home page -----------------------------------------------------------------------


def test_the_regional_admin_is_told_of_the_years_awaiting_approval(client_for, personas, countries):
    move(personas["gt_editor"], "submit", countries["GT"])
    move(personas["cr_editor"], "submit", countries["CR"])
    client = client_for("regional_admin")
    [item] = attention.mentioning(client, "years of sentences await approval")
    assert item.message.startswith("2 years")
    assert attention.query_of(item.link) == {"kind": ["sentences"], "state": ["submitted"]}
    assert attention.opens(client, item.link)


def test_a_country_editor_is_told_of_its_returned_years_only(client_for, personas, countries):
    for editor, iso2 in (("gt_editor", "GT"), ("cr_editor", "CR")):
        move(personas[editor], "submit", countries[iso2])
        move(personas["regional_admin"], "return", countries[iso2], comment="Revisar.")
    client = client_for("gt_editor")
    [item] = attention.mentioning(client, "returned with a comment")
    assert "Guatemala" in item.message
    assert attention.query_of(item.link)["country"] == ["GT"]
    assert attention.opens(client, item.link)
    assert not attention.mentioning(client_for("regional_admin"), "returned with a comment")
    assert not attention.mentioning(client_for("cr_contributor"), "sentences")


def test_nothing_is_said_when_nothing_awaits(client_for, countries):
    assert not attention.mentioning(client_for("regional_admin"), "sentences")
    assert not attention.mentioning(client_for("gt_editor"), "sentences")


# --- the demo ----------------------------------------------------------------------------


@pytest.fixture
def demo_users(personas):
    """The demo's users, as ``load_demo`` names them."""
    for persona, username in (
        ("regional_admin", "st-regional"),
        ("gt_editor", "editor-gt"),
        ("cr_editor", "editor-cr"),
    ):
        personas[persona].username = username
        personas[persona].save()


def test_the_demo_has_an_approved_year_a_returned_one_and_one_awaiting(countries, demo_users):
    for iso2, year in (("GT", 2022), ("CR", 2023), ("SV", 2023)):
        sentence(countries[iso2], final_date=datetime.date(year, 3, 1))
    assert demo.load_demo_approvals("demo") == 5
    states = {(a.country.iso2, a.year): a.state for a in Approval.objects.all()}
    assert states == {("GT", 2022): "approved", ("CR", 2023): "returned", ("SV", 2023): "submitted"}
    approver = ApprovalStep.objects.get(action="approve").actor
    assert approver.username == "st-regional"
    assert ApprovalStep.objects.get(action="return").comment
    assert demo.load_demo_approvals("demo") == 0  # run again: nothing more


def test_the_overview_reads_many_years_in_a_few_queries(
    client_for, personas, countries, django_assert_max_num_queries
):
    for year in range(2010, 2024):
        sentence(countries["GT"], final_date=datetime.date(year, 5, 1))
        move(personas["gt_editor"], "submit", countries["GT"], year)
    client = client_for("gt_editor")
    client.get(GT_YEARS)
    with django_assert_max_num_queries(16):  # 15 years: one query each would be 30
        response = client.get(GT_YEARS)
    assert len(response.context["rows"]) == 15
