"""What a review leaves for the country: the comments per indicator of the returns, and
the state of the review that the questionnaire shows in its header."""

from dataclasses import dataclass, field

from coalition.core import approvals
from coalition.core.approval_views import buttons
from coalition.core.choices import ApprovalAction, ApprovalState
from coalition.core.models import ApprovalStep
from coalition.indicators.models import ReviewComment


@dataclass
class Return:
    """One return of an assessment: its step (who, when, the overall comment) and its
    comments per indicator, in questionnaire order."""

    step: ApprovalStep
    comments: list = field(default_factory=list)


def _comments(assessment):
    return ReviewComment.objects.filter(assessment=assessment).select_related(
        "indicator", "step__actor"
    )


def returns(assessment, approval=None):
    """Every return of ``assessment``, the latest first ([Return]), each with its
    comments per indicator; two queries."""
    approval = approval or assessment.approval()
    if approval.pk is None:
        return []
    steps = (
        ApprovalStep.objects.filter(approval=approval, action=ApprovalAction.RETURN)
        .select_related("actor")
        .order_by("-time", "-pk")
    )
    found = {step.pk: Return(step) for step in steps}
    for comment in _comments(assessment).filter(step__in=list(found)):
        found[comment.step_id].comments.append(comment)
    return list(found.values())


def comments_for(assessment, approval=None):
    """{indicator id: [ReviewComment]} of the latest return, while ``assessment`` is
    returned (the comments the editors must act on); {} in any other state."""
    approval = approval or assessment.approval()
    if approval.state != ApprovalState.RETURNED:
        return {}
    latest = (
        ApprovalStep.objects.filter(approval=approval, action=ApprovalAction.RETURN)
        .order_by("-time", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    found = {}
    for comment in _comments(assessment).filter(step_id=latest):
        found.setdefault(comment.indicator_id, []).append(comment)
    return found


@dataclass
class Review:
    """The state of an assessment's review, for the questionnaire's two includes.

    ``approval`` (``core.Approval``, unsaved while open), ``state``, ``steps`` (its
    history, oldest first), ``last`` (the latest step or None), ``can_submit`` (the user
    may submit it now), ``can_review`` (the user is a regional administrator: the review
    page is theirs), ``comments`` ({indicator id: [ReviewComment]}, see ``comments_for``),
    ``locked`` (approved), ``opens_approval`` (the user may open core's approval page)."""

    assessment: object
    approval: object
    steps: list
    can_submit: bool
    can_review: bool
    comments: dict
    moves: list = field(default_factory=list)
    # May the user open the approval's page (core's, for those who approve the country)?
    opens_approval: bool = False

    @property
    def state(self):
        return self.approval.state

    @property
    def locked(self):
        return self.approval.state == ApprovalState.APPROVED

    @property
    def last(self):
        return self.steps[-1] if self.steps else None


def context(request, assessment):
    """{"review": Review} for the questionnaire's template: a handful of queries."""
    from coalition.core import access

    approval = assessment.approval()
    steps = list(approval.steps.select_related("actor")) if approval.pk else []
    moves = approvals.allowed_moves(request.user, approval)
    review = Review(
        assessment=assessment,
        approval=approval,
        steps=steps,
        can_submit=ApprovalAction.SUBMIT in moves,
        can_review=access.is_regional_admin(request.user),
        comments=comments_for(assessment, approval),
        moves=buttons(moves),
        opens_approval=bool(approval.pk) and access.can_approve(request.user, approval),
    )
    return {"review": review}
