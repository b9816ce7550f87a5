"""The approval of a country's data for a year: submit, approve or return, reopen."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from coalition.core import approvals
from coalition.core.models import ApprovalStep, AuditEntry

pytestmark = pytest.mark.django_db
KIND = "sentences"


def request_by(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_the_country_submits_and_the_region_approves_which_locks_the_year(personas, countries):
    gt = countries["GT"]
    approvals.move(request_by(personas["gt_editor"]), "submit", KIND, gt, 2021)
    assert not approvals.is_locked(KIND, gt.pk, 2021)
    approvals.move(request_by(personas["regional_admin"]), "approve", KIND, gt, 2021)
    assert approvals.is_locked(KIND, gt.pk, 2021)
    assert approvals.approved_years(KIND) == {(gt.pk, 2021)}
    assert AuditEntry.objects.filter(action__in=["submit", "approve"]).count() == 2


def test_a_return_needs_a_comment_and_lets_the_country_submit_again(personas, countries):
    gt = countries["GT"]
    admin = request_by(personas["regional_admin"])
    approvals.move(request_by(personas["gt_editor"]), "submit", KIND, gt, 2021)
    with pytest.raises(ValidationError):
        approvals.move(admin, "return", KIND, gt, 2021, comment="  ")
    approvals.move(admin, "return", KIND, gt, 2021, comment="Row 3 counts twice.")
    assert approvals.state_of(KIND, gt, 2021) == "returned"
    approvals.move(request_by(personas["gt_editor"]), "submit", KIND, gt, 2021)
    assert approvals.state_of(KIND, gt, 2021) == "submitted"


def test_reopening_an_approved_year_is_the_regional_admins_and_is_recorded(personas, countries):
    gt = countries["GT"]
    admin = request_by(personas["regional_admin"])
    approvals.move(request_by(personas["gt_editor"]), "submit", KIND, gt, 2021)
    approvals.move(admin, "approve", KIND, gt, 2021)
    with pytest.raises(PermissionDenied):
        approvals.move(request_by(personas["gt_editor"]), "reopen", KIND, gt, 2021, comment="x")
    approvals.move(admin, "reopen", KIND, gt, 2021, comment="A sentence was annulled.")
    assert not approvals.is_locked(KIND, gt.pk, 2021)
    assert list(ApprovalStep.objects.values_list("action", flat=True)) == [
        "submit",
        "approve",
        "reopen",
    ]
    assert AuditEntry.objects.filter(action="reopen").get().after["comment"]


def test_an_editor_cannot_submit_or_approve_another_countrys_year(personas, countries):
    with pytest.raises(PermissionDenied):
        approvals.move(request_by(personas["gt_editor"]), "submit", KIND, countries["CR"], 2021)
    approvals.move(request_by(personas["cr_editor"]), "submit", KIND, countries["CR"], 2021)
    with pytest.raises(PermissionDenied):
        approvals.move(request_by(personas["cr_editor"]), "approve", KIND, countries["CR"], 2021)


def test_a_year_cannot_be_approved_before_it_is_submitted(personas, countries):
    with pytest.raises(ValidationError):
        approvals.move(
            request_by(personas["regional_admin"]), "approve", KIND, countries["GT"], 2021
        )
