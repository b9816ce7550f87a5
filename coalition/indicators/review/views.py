"""Submitting an assessment, and its review by a regional administrator.

``assessment_submit``: the country's editor (or a regional administrator) submits the
questionnaire; it is refused, with the list of what is wrong, while ``validation.problems``
finds anything; the computed answers are read again first, so what is submitted is what
was read. ``assessment_review``: the regional administrator's page, every indicator by
pillar with its answer, evidence, score and formula, and a comment box per indicator;
it returns (an overall comment, and comments per indicator kept with the return's step),
approves (locks) or reopens an approved assessment (with a reason). Every move is
``core.approvals.move``: one workflow, shared with the sentences.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core import access, approvals
from coalition.core.choices import ApprovalAction, ApprovalState
from coalition.core.models import ApprovalStep
from coalition.indicators import scores, scoring, sources, validation
from coalition.indicators.choices import AnswerType, YesPartialNo
from coalition.indicators.models import APPROVAL_KIND, Answer, Assessment, ReviewComment
from coalition.indicators.review.comments import returns
from coalition.lib import limits

# How many problems a refused submission lists; the questionnaire shows them all.
SHOWN_PROBLEMS = 15

SUBMIT_RULE = access.object_rule(Assessment, "edit")
_visible = access.object_rule(Assessment, "view")
# The review page: regional administrators; 404 to whoever cannot see the assessment,
# 403 to those who see it (its country's editors and contributors).
REVIEW_RULE = access.Rule(
    "indicators:review",
    lambda user, kwargs: access.is_regional_admin(user) and _visible.allows(user, kwargs),
    hidden=_visible.hidden,
)


def _assessment(pk):
    return get_object_or_404(Assessment.objects.select_related("country", "framework"), pk=pk)


def _problems_message(assessment, problems):
    """The refusal: what stops the submission, each linked to its indicator."""
    url = assessment.get_absolute_url()
    shown = problems[:SHOWN_PROBLEMS]
    items = format_html_join(
        "",
        '<li><a href="{}#indicator-{}">{}</a>: {}</li>',
        ((url, p.indicator.pk, p.indicator.code, p.message) for p in shown),
    )
    more = len(problems) - len(shown)
    rest = format_html("<li>{}</li>", _("and %(count)d more.") % {"count": more}) if more else ""
    heading = ngettext(
        "Not submitted: %(count)d indicator needs attention.",
        "Not submitted: %(count)d indicators need attention.",
        len(problems),
    ) % {"count": len(problems)}
    return format_html('{}<ul class="mb-0 submit-problems">{}{}</ul>', heading, items, rest)


@access.rule(SUBMIT_RULE)
@require_POST
def assessment_submit(request, pk):
    """Submit an assessment for approval, once nothing stops it."""
    assessment = _assessment(pk)
    country, year = assessment.country, assessment.year
    try:
        with transaction.atomic():
            approval = assessment.approval()
            if approval.state in approvals.MOVES[ApprovalAction.SUBMIT][0]:
                # What is submitted is what was read: the computed answers, read again.
                sources.refresh(assessment, request.user)
                problems = validation.problems(assessment)
                if problems:
                    messages.error(request, _problems_message(assessment, problems))
                    return redirect(assessment)
            approvals.move(request, ApprovalAction.SUBMIT, APPROVAL_KIND, country, year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Assessment of %(country)s, %(year)s: submitted for approval.")
            % {"country": country.name, "year": year},
        )
    return redirect(assessment)


# --- the review page -----------------------------------------------------------------------


def shown_value(indicator, answer):
    """An answer as the review page shows it ("Partially", "12,5", a date); "" if none."""
    value = scoring.value_of(indicator, answer)
    if value is None:
        return ""
    if indicator.answer_type == AnswerType.YES_PARTIAL_NO:
        return YesPartialNo(value).label if value in YesPartialNo.values else value
    if isinstance(value, datetime.date) or indicator.answer_type == AnswerType.TEXT:
        return value
    shown = scoring.figure(value)
    return f"{shown} %" if indicator.answer_type == AnswerType.PERCENTAGE else shown


def _rows(assessment, typed):
    """The pillars of the assessment's framework, each with its indicators' rows."""
    answers = {
        a.indicator_id: a
        for a in Answer.objects.filter(assessment=assessment).prefetch_related("files")
    }
    indicators = assessment.framework.indicators.select_related("pillar", "instrument")
    pillars = {}
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        pillar = pillars.setdefault(indicator.pillar_id, {"pillar": indicator.pillar, "rows": []})
        pillar["rows"].append(
            {
                "indicator": indicator,
                "answer": answer,
                "value": shown_value(indicator, answer),
                "files": list(answer.files.all()) if answer else [],
                "score": scoring.percent(answer.score) if answer else None,
                "formula": scoring.formula(indicator),
                "typed": typed.get(indicator.pk, ""),
            }
        )
    return list(pillars.values())


def _typed(request, assessment):
    """{indicator id: comment} typed in the review's boxes (``indicator-<id>``), of the
    assessment's own indicators only."""
    ids = set(assessment.framework.indicators.values_list("pk", flat=True))
    found = {}
    for key, text in request.POST.items():
        name, _sep, pk = key.partition("-")
        if name == "indicator" and pk.isdigit() and int(pk) in ids and text.strip():
            found[int(pk)] = text.strip()
    return found


def _review_page(request, assessment, typed=None, status=200):
    approval = assessment.approval()
    steps = list(approval.steps.select_related("actor")) if approval.pk else []
    moves = approvals.allowed_moves(request.user, approval)
    score = scores.scores_of([assessment]).get(assessment.pk)
    answered, total = validation.completion(assessment)
    return render(
        request,
        "indicators/review/review.html",
        {
            "assessment": assessment,
            "approval": approval,
            "steps": steps,
            "pillars": _rows(assessment, typed or {}),
            "score": score,
            "answered": answered,
            "total": total,
            "can_decide": ApprovalAction.APPROVE in moves,
            "can_reopen": ApprovalAction.REOPEN in moves,
            "returns": returns(assessment, approval),
            "problems": validation.problems(assessment)
            if approval.state == ApprovalState.SUBMITTED
            else [],
            "comment": request.POST.get("comment", "") if request.method == "POST" else "",
            "limit": limits.NOTE,
        },
        status=status,
    )


def _return(request, assessment, comment, typed):
    """Return the assessment with ``comment`` and the comments per indicator ``typed``,
    written with the return's step in one transaction."""
    too_long = [pk for pk, text in typed.items() if len(text) > limits.NOTE]
    if too_long:
        codes = assessment.framework.indicators.filter(pk__in=too_long).values_list(
            "code", flat=True
        )
        raise ValidationError(
            _("The comment on %(codes)s is too long: at most %(limit)d characters.")
            % {"codes": ", ".join(codes), "limit": limits.NOTE}
        )
    with transaction.atomic():
        approval = approvals.move(
            request,
            ApprovalAction.RETURN,
            APPROVAL_KIND,
            assessment.country,
            assessment.year,
            comment,
        )
        step = (
            ApprovalStep.objects.filter(approval=approval, action=ApprovalAction.RETURN)
            .order_by("-time", "-pk")
            .first()
        )
        ReviewComment.objects.bulk_create(
            ReviewComment(assessment=assessment, indicator_id=pk, step=step, text=text)
            for pk, text in typed.items()
        )
    return ngettext(
        "Assessment of %(country)s, %(year)s: returned with %(count)d comment on an indicator.",
        "Assessment of %(country)s, %(year)s: returned with %(count)d comments on indicators.",
        len(typed),
    ) % {"country": assessment.country.name, "year": assessment.year, "count": len(typed)}


DONE = {
    ApprovalAction.APPROVE: _("Assessment of %(country)s, %(year)s: approved and locked."),
    ApprovalAction.REOPEN: _("Assessment of %(country)s, %(year)s: reopened for changes."),
}


@access.rule(REVIEW_RULE)
@require_http_methods(["GET", "POST"])
def assessment_review(request, pk):
    """The regional administrator's review of one assessment; POST ``action`` = return,
    approve or reopen (refusals are said in a message, the typed comments kept)."""
    assessment = _assessment(pk)
    if request.method == "GET":
        return _review_page(request, assessment)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    typed = _typed(request, assessment)
    try:
        if action == ApprovalAction.RETURN:
            done = _return(request, assessment, comment, typed)
        elif action in DONE:
            if typed:
                raise ValidationError(
                    _(
                        "You wrote comments on indicators: return the assessment to send "
                        "them, or clear them to approve it."
                    )
                )
            approvals.move(
                request, action, APPROVAL_KIND, assessment.country, assessment.year, comment
            )
            done = DONE[ApprovalAction(action)] % {
                "country": assessment.country.name,
                "year": assessment.year,
            }
        else:
            raise ValidationError(_("Choose return, approve or reopen."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _review_page(request, assessment, typed, status=400)
    messages.success(request, done)
    return redirect("assessment-review", pk=assessment.pk)


urlpatterns = [
    path("assessments/<int:pk>/submit/", assessment_submit, name="assessment-submit"),
    path("assessments/<int:pk>/review/", assessment_review, name="assessment-review"),
]
