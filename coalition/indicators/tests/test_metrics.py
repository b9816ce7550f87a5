"""What the indicators tell the home page and other capabilities."""

import pytest
from django.test import RequestFactory

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.indicators import metrics
from coalition.indicators.models import APPROVAL_KIND
from coalition.indicators.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def items(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    return metrics.attention(request)


def approval(country, year, state):
    return Approval.objects.create(kind=APPROVAL_KIND, country=country, year=year, state=state)


def test_the_regional_administrator_sees_the_assessments_awaiting_approval(personas, countries):
    approval(countries["CR"], 2023, ApprovalState.SUBMITTED)
    approval(countries["GT"], 2023, ApprovalState.SUBMITTED)
    approval(countries["GT"], 2022, ApprovalState.RETURNED)
    [item] = items(personas["regional_admin"])
    assert item.message == "2 indicator assessments await approval (2 countries)."
    assert "kind=indicators" in item.link and "state=submitted" in item.link


def test_an_editor_sees_only_their_returned_assessments(personas, countries):
    approval(countries["CR"], 2023, ApprovalState.RETURNED)
    approval(countries["GT"], 2023, ApprovalState.RETURNED)
    approval(countries["CR"], 2022, ApprovalState.SUBMITTED)
    [item] = items(personas["cr_editor"])
    assert item.message.startswith("1 indicator assessment was returned with comments (Costa Rica)")
    assert "country=CR" in item.link and "state=returned" in item.link


@pytest.mark.parametrize("persona", ["cr_contributor", "partner", "auditor"])
def test_those_who_neither_submit_nor_decide_see_nothing(personas, countries, persona):
    approval(countries["CR"], 2023, ApprovalState.RETURNED)
    approval(countries["GT"], 2023, ApprovalState.SUBMITTED)
    assert items(personas[persona]) == []


def test_approved_scores_are_those_of_an_approved_year_only(countries):
    factories.assessment(countries["CR"], 2023, answers=factories.FULL)
    assert metrics.approved_scores(countries["CR"], 2023) is None
    approval(countries["CR"], 2023, ApprovalState.APPROVED)
    found = metrics.approved_scores(countries["CR"], 2023)
    assert found.score == 100
    assert metrics.approved_scores(countries["CR"], 2022) is None
