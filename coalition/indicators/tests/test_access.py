import pytest

from coalition.core import access
from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.indicators.models import APPROVAL_KIND, Assessment
from coalition.indicators.tests import factories

pytestmark = pytest.mark.django_db


def visible(user, action="view"):
    rows = access.restrict(Assessment.objects.all(), user, action)
    return sorted(f"{a.country.iso2}-{a.year}" for a in rows)


def test_a_draft_is_read_by_its_countrys_data_roles_only(personas, countries):
    factories.assessment(countries["GT"], 2023)
    assert visible(personas["gt_editor"]) == ["GT-2023"]
    assert visible(personas["regional_admin"]) == ["GT-2023"]
    assert visible(personas["cr_editor"]) == []
    assert visible(personas["partner"]) == []
    assert visible(personas["auditor"]) == []


def test_an_approved_assessment_is_read_by_every_reader(personas, countries):
    factories.assessment(countries["GT"], 2023)
    Approval.objects.create(
        kind=APPROVAL_KIND, country=countries["GT"], year=2023, state=ApprovalState.APPROVED
    )
    assert visible(personas["cr_editor"]) == ["GT-2023"]
    assert visible(personas["partner"]) == ["GT-2023"]
    assert visible(personas["auditor"]) == []


def test_contributors_read_their_countrys_assessment_but_do_not_change_it(personas, countries):
    factories.assessment(countries["CR"], 2023)
    assert visible(personas["cr_contributor"]) == ["CR-2023"]
    assert visible(personas["cr_contributor"], "edit") == []
    assert visible(personas["cr_editor"], "edit") == ["CR-2023"]
