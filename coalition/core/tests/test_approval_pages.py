"""The approval pages: the inbox, one year's approval with its history, and the moves."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from coalition.core import approvals
from coalition.core.models import Approval, ApprovalStep, AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
KIND = "sentences"
LIST = reverse("approval-list")


def move(user, action, country, year=2021, comment=""):
    request = SimpleNamespace(user=user, META={}, path="/", request_id="")
    return approvals.move(request, action, KIND, country, year, comment)


def move_url(iso2, action, year=2021):
    return reverse("approval-move", args=[KIND, iso2, year, action])


@pytest.fixture
def submitted(personas, countries):
    """Guatemala's 2021, submitted by its editor."""
    return move(personas["gt_editor"], "submit", countries["GT"])


# --- the inbox ---------------------------------------------------------------------------


def test_the_regional_admin_first_sees_the_years_awaiting_a_decision(
    client_for, personas, countries, submitted
):
    admin = personas["regional_admin"]
    move(personas["cr_editor"], "submit", countries["CR"], 2020)
    move(admin, "approve", countries["CR"], 2020)
    response = client_for("regional_admin").get(LIST)
    assert list(response.context["page_obj"]) == [submitted]
    assert "Review and decide" in response.content.decode()
    every = client_for("regional_admin").get(LIST, {"state": ""})
    assert len(every.context["page_obj"]) == 2


def test_the_next_page_of_the_awaiting_years_still_shows_awaiting_years(
    client_for, personas, countries
):
    move(personas["cr_editor"], "submit", countries["CR"], 2000)
    move(personas["regional_admin"], "approve", countries["CR"], 2000)  # the oldest change
    for year in range(1990, 2026):
        move(personas["regional_admin"], "submit", countries["GT"], year)
    client = client_for("regional_admin")
    first = client.get(LIST)
    assert first.context["page_obj"].paginator.count == 36
    assert "state=submitted" in first.context["query"]
    second = client.get(LIST, {"page": 2})
    assert {a.state for a in second.context["page_obj"]} == {"submitted"}


def test_the_inbox_filters_by_country_year_state_and_kind(client_for, personas, countries):
    for iso2, year in (("GT", 2020), ("GT", 2021), ("CR", 2021)):
        move(personas["regional_admin"], "submit", countries[iso2], year)
    client = client_for("regional_admin")

    def shown(**query):
        rows = client.get(LIST, query).context["page_obj"]
        return sorted((a.country.iso2, a.year) for a in rows)

    assert shown(country="GT") == [("GT", 2020), ("GT", 2021)]
    assert shown(year=2021, state="submitted") == [("CR", 2021), ("GT", 2021)]
    assert shown(state="approved") == []
    assert shown(kind=KIND, ordering="-year", country="CR") == [("CR", 2021)]


def test_the_inbox_sorts_as_asked(client_for, personas, countries):
    for year in (2019, 2021, 2020):
        move(personas["regional_admin"], "submit", countries["GT"], year)
    rows = client_for("regional_admin").get(LIST, {"ordering": "year"}).context["page_obj"]
    assert [a.year for a in rows] == [2019, 2020, 2021]


def test_a_bad_filter_is_named_not_a_server_error(client_for, submitted):
    response = client_for("regional_admin").get(LIST, {"year": "99999999999", "state": "x"})
    assert response.status_code == 200
    assert "year" in response.context["filter"].errors
    assert not response.context["page_obj"]


def test_a_country_editor_sees_only_its_countrys_years(client_for, personas, countries):
    move(personas["gt_editor"], "submit", countries["GT"])
    move(personas["cr_editor"], "submit", countries["CR"])
    rows = client_for("cr_editor").get(LIST).context["page_obj"]
    assert [a.country.iso2 for a in rows] == ["CR"]


def test_the_empty_inbox_says_nothing_awaits(client_for, countries):
    response = client_for("regional_admin").get(LIST)
    assert "No year awaits a decision." in response.content.decode()


def test_the_inbox_answers_htmx_with_the_table_only(client_for, submitted):
    response = client_for("regional_admin").get(LIST, {"state": ""}, HTTP_HX_REQUEST="true")
    assert b"approval-table" in response.content
    assert b"<html" not in response.content


def test_the_inbox_refuses_those_who_decide_nothing(client_for):
    assert client_for("cr_contributor").get(LIST).status_code == 403
    assert client_for("partner").get(LIST).status_code == 403
    assert client_for("anonymous").get(LIST).status_code == 302


def test_the_inbox_keeps_its_queries_few(
    client_for, personas, countries, django_assert_max_num_queries
):
    for year in range(2000, 2020):
        move(personas["regional_admin"], "submit", countries["GT"], year)
    client = client_for("regional_admin")
    client.get(LIST)  # the session and the user's standing are read once
    with django_assert_max_num_queries(12):
        client.get(LIST)


# --- one year ----------------------------------------------------------------------------


def test_the_detail_shows_the_history_and_a_withdrawn_approval_with_its_reason(
    client_for, personas, countries, submitted
):
    admin = personas["regional_admin"]
    move(admin, "approve", countries["GT"])
    move(admin, "reopen", countries["GT"], comment="Una sentencia fue anulada en casación.")
    page = client_for("gt_editor").get(submitted.get_absolute_url()).content.decode()
    for label in ("Submitted", "Approved", "Approval withdrawn"):
        assert label in page
    assert "Una sentencia fue anulada en casación." in page
    assert "Reason:" in page


def test_an_approved_year_shows_who_locked_it_and_offers_the_admin_to_withdraw(
    client_for, personas, countries, submitted
):
    move(personas["regional_admin"], "approve", countries["GT"])
    response = client_for("regional_admin").get(submitted.get_absolute_url())
    page = response.content.decode()
    assert "This year is locked" in page
    assert personas["regional_admin"].get_full_name() in page
    assert [b.action for b in response.context["moves"]] == ["reopen"]
    editor = client_for("gt_editor").get(submitted.get_absolute_url())
    assert editor.context["moves"] == []


def test_an_outsider_gets_404_and_a_contributor_403_for_a_countrys_approval(
    client_for, personas, countries
):
    cr_year = move(personas["cr_editor"], "submit", countries["CR"])
    assert client_for("gt_editor").get(cr_year.get_absolute_url()).status_code == 404
    assert client_for("partner").get(cr_year.get_absolute_url()).status_code == 404
    assert client_for("cr_contributor").get(cr_year.get_absolute_url()).status_code == 403


def test_a_year_without_a_move_opens_with_the_submit_button(client_for, countries):
    url = reverse("approval-year", args=[KIND, "GT", 2021])
    response = client_for("gt_editor").get(url)
    assert response.status_code == 200
    assert [b.action for b in response.context["moves"]] == ["submit"]
    assert "has not been submitted" in response.content.decode()
    assert not Approval.objects.exists()


def test_a_year_with_a_history_redirects_to_its_page(client_for, submitted):
    url = reverse("approval-year", args=[KIND, "GT", 2021])
    assert client_for("gt_editor").get(url).url == submitted.get_absolute_url()


def test_an_unknown_kind_or_impossible_year_is_404(client_for, countries):
    client = client_for("regional_admin")
    assert client.get(reverse("approval-year", args=["recipes", "GT", 2021])).status_code == 404
    assert client.get(reverse("approval-year", args=[KIND, "GT", 3021])).status_code == 404
    assert client.get(reverse("approval-year", args=[KIND, "GT", 10**30])).status_code == 404


# --- the moves ---------------------------------------------------------------------------


def test_the_editor_submits_and_the_admin_approves_through_the_pages(
    client_for, personas, countries
):
    response = client_for("gt_editor").post(move_url("GT", "submit"), follow=True)
    assert "submitted for approval" in response.content.decode()
    assert approvals.state_of(KIND, countries["GT"], 2021) == "submitted"
    response = client_for("regional_admin").post(move_url("GT", "approve"), follow=True)
    assert "approved and locked" in response.content.decode()
    assert approvals.is_locked(KIND, countries["GT"].pk, 2021)
    assert AuditEntry.objects.filter(action="approve", country=countries["GT"]).exists()


def test_a_return_without_a_comment_is_refused_with_a_message(client_for, countries, submitted):
    response = client_for("regional_admin").post(
        move_url("GT", "return"), {"comment": "   "}, follow=True
    )
    assert response.status_code == 200
    assert "Say why, in the comment" in response.content.decode()
    assert approvals.state_of(KIND, countries["GT"], 2021) == "submitted"


def test_a_return_with_a_comment_reaches_the_country(client_for, countries, submitted):
    client_for("regional_admin").post(move_url("GT", "return"), {"comment": "Faltan dos."})
    step = ApprovalStep.objects.get(action="return")
    assert step.comment == "Faltan dos."
    page = client_for("gt_editor").get(submitted.get_absolute_url()).content.decode()
    assert "Faltan dos." in page
    assert "Returned for correction" in page


def test_withdrawing_an_approval_needs_a_reason(client_for, personas, countries, submitted):
    move(personas["regional_admin"], "approve", countries["GT"])
    client = client_for("regional_admin")
    response = client.post(move_url("GT", "reopen"), {"comment": ""}, follow=True)
    assert "Say why" in response.content.decode()
    assert approvals.is_locked(KIND, countries["GT"].pk, 2021)
    client.post(move_url("GT", "reopen"), {"comment": "Corrección de la Corte."})
    assert not approvals.is_locked(KIND, countries["GT"].pk, 2021)


def test_a_too_long_comment_is_refused_by_name(client_for, submitted, countries):
    response = client_for("regional_admin").post(
        move_url("GT", "return"), {"comment": "x" * 1001}, follow=True
    )
    assert "The comment is too long" in response.content.decode()
    assert approvals.state_of(KIND, countries["GT"], 2021) == "submitted"


def test_a_move_the_state_does_not_allow_is_a_message_not_an_error(client_for, countries):
    response = client_for("regional_admin").post(move_url("GT", "approve"), follow=True)
    assert response.status_code == 200
    assert "it cannot be approved now" in response.content.decode()
    assert not Approval.objects.exists()


def test_an_editor_may_not_approve_its_own_year(client_for, submitted, countries):
    assert client_for("gt_editor").post(move_url("GT", "approve")).status_code == 403
    assert approvals.state_of(KIND, countries["GT"], 2021) == "submitted"


def test_moves_answer_404_to_outsiders_and_403_to_contributors(client_for, countries):
    assert client_for("gt_editor").post(move_url("CR", "submit")).status_code == 404
    assert client_for("cr_contributor").post(move_url("CR", "submit")).status_code == 403
    assert not Approval.objects.exists()


def test_moves_are_post_only(client_for, countries):
    assert client_for("gt_editor").get(move_url("GT", "submit")).status_code == 405
    assert not Approval.objects.exists()


def test_an_unknown_move_is_404(client_for, countries):
    assert client_for("regional_admin").post(move_url("GT", "destroy")).status_code == 404


def test_a_move_returns_to_the_page_it_came_from_only_on_this_site(client_for, countries):
    client = client_for("gt_editor")
    back = client.post(move_url("GT", "submit", 2020), {"next": "/sentences/years/GT/"})
    assert back.url == "/sentences/years/GT/"
    away = client.post(move_url("GT", "submit", 2019), {"next": "https://evil.example/"})
    assert away.url == Approval.objects.get(year=2019).get_absolute_url()


def test_the_user_menu_links_the_approvals_for_those_who_decide(client_for):
    assert LIST in client_for("gt_editor").get("/home/").content.decode()
    assert LIST not in client_for("cr_contributor").get("/home/").content.decode()
