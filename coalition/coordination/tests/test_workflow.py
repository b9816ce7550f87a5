"""Who sees a referral and who moves it: the access rule and the workflow every page and
the API share."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition.coordination import workflow
from coalition.coordination.choices import Status
from coalition.coordination.models import Referral, ReferralMessage
from coalition.coordination.tests import factories
from coalition.core import access
from coalition.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(countries, organizations):
    return factories.offices(countries, organizations)


class _Req:
    def __init__(self, user):
        self.user, self.META, self.request_id = user, {}, ""


def test_a_referral_is_seen_by_both_offices_their_editors_and_the_regional_admin(offices, personas):
    made = factories.referral(offices["gt"], offices["cr"])
    seen = {
        name
        for name, user in personas.items()
        if Referral.objects.visible_to(user).filter(pk=made.pk).exists()
    }
    assert seen == {"regional_admin", "cr_editor", "gt_editor", "cr_contributor"}


def test_its_messages_follow_the_referral(offices, personas):
    made = factories.referral(offices["gt"], offices["sv"])
    factories.message(made, "sending")
    assert ReferralMessage.objects.visible_to(personas["gt_editor"]).count() == 1
    assert ReferralMessage.objects.visible_to(personas["cr_contributor"]).count() == 0


def test_the_regional_admin_reads_but_does_not_act(offices, personas):
    made = factories.referral(offices["gt"], offices["cr"])
    admin = personas["regional_admin"]
    assert not Referral.objects.editable_by(admin).filter(pk=made.pk).exists()
    assert workflow.allowed_moves(admin, made) == []


def test_the_receiving_office_acknowledges_and_the_sender_may_only_cancel(offices, personas):
    made = factories.referral(offices["gt"], offices["cr"])
    assert workflow.allowed_moves(personas["cr_contributor"], made) == [
        Status.ACKNOWLEDGED,
        Status.DECLINED,
    ]
    assert workflow.allowed_moves(personas["gt_editor"], made) == [Status.CANCELLED]
    with pytest.raises(PermissionDenied):
        workflow.move(_Req(personas["gt_editor"]), made, Status.ACKNOWLEDGED)
    workflow.move(_Req(personas["cr_contributor"]), made, Status.ACKNOWLEDGED)
    assert made.status == Status.ACKNOWLEDGED and made.acknowledged_at is not None
    assert [s.status for s in made.steps.all()] == [Status.SENT, Status.ACKNOWLEDGED]


def test_a_decline_needs_a_reason_that_identifies_nobody(offices, personas):
    made = factories.referral(offices["gt"], offices["cr"])
    user = _Req(personas["cr_contributor"])
    with pytest.raises(ValidationError):
        workflow.move(user, made, Status.DECLINED, note="")
    with pytest.raises(ValidationError):
        workflow.move(user, made, Status.DECLINED, note="Llamar al 5555-1234 de la madre")
    workflow.move(user, made, Status.DECLINED, note="Sin cupo en el albergue.")
    assert made.status == Status.DECLINED and made.closed_at is not None


def test_the_audit_log_never_holds_the_free_text(offices):
    made = factories.referral(offices["gt"], offices["cr"], summary="Texto libre reservado.")
    entry = AuditEntry.objects.filter(object_type="coordination.referral").latest("seq")
    assert "Texto libre" not in str(entry.after)
    assert made.reference.startswith("GT-CR-")


def test_an_office_user_of_another_institution_sees_nothing(offices, countries):
    from coalition.core.choices import Role
    from coalition.core.models import Membership, User

    made = factories.referral(offices["gt"], offices["sv"])
    other = User.objects.create_user("otra", password="x")
    Membership.objects.create(
        user=other, country=countries["GT"], role=Role.CONTRIBUTOR, organization=offices["gt_other"]
    )
    assert not Referral.objects.visible_to(other).filter(pk=made.pk).exists()
    assert access.OFFICE.allows(other)
