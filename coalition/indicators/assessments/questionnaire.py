"""The questionnaire of one assessment as its page shows it: pillars with their indicators,
answers, files, scores and problems, read in a fixed number of queries; and the save of one
pillar's answers."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from coalition.core import approvals
from coalition.core.choices import ApprovalState
from coalition.indicators import scores, scoring, validation
from coalition.indicators.choices import AnswerType, YesPartialNo
from coalition.indicators.forms import PillarForm, PillarState, shown
from coalition.indicators.models import APPROVAL_KIND, Answer, AnswerEvidence, Indicator
from coalition.indicators.scoring import FIELD_OF

# Where the answer may still change.
EDITABLE_STATES = {ApprovalState.OPEN, ApprovalState.RETURNED}


def scale_labels():
    from django.utils.translation import gettext as _

    return [
        (0, _("0 · Nothing in place")),
        (1, _("1 · Initial")),
        (2, _("2 · Partly in place")),
        (3, _("3 · Largely in place")),
        (4, _("4 · Fully in place")),
    ]


@dataclass
class Row:
    """One indicator of the page with its answer and what is said about it."""

    indicator: Indicator
    answer: object
    files: list
    score: object  # 0–100 or None
    formula: str
    problems: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    value: str = ""
    comment: str = ""
    link: str = ""
    computed: object = None  # sources.Computed: what a computed indicator's source says

    @property
    def kind(self):
        return self.indicator.answer_type

    @property
    def display(self):
        """The stored answer as a reader sees it ("Partially", "3 · Largely in place",
        "45 %"), or "" when unanswered."""
        from django.utils.formats import date_format

        value = scoring.value_of(self.indicator, self.answer)
        if value is None:
            return ""
        kind = self.indicator.answer_type
        if kind == AnswerType.YES_PARTIAL_NO:
            return str(dict(YesPartialNo.choices).get(value, value))
        if kind == AnswerType.SCALE:
            return dict(scale_labels()).get(int(value), scoring.figure(value))
        if kind == AnswerType.PERCENTAGE:
            return f"{scoring.figure(value)} %"
        if kind == AnswerType.DATE:
            return date_format(value, "DATE_FORMAT")
        if kind == AnswerType.NUMBER:
            return scoring.figure(value)
        return value


@dataclass
class PillarView:
    pillar: object
    rows: list
    form: object = None
    score: object = None  # PillarScore

    @property
    def answered(self):
        return sum(1 for row in self.rows if row.answer is not None and row.answer.answered)

    @property
    def total(self):
        return len(self.rows)

    @property
    def percent(self):
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def problem_count(self):
        return sum(len(row.problems) for row in self.rows)


def indicators_of(assessment):
    return list(
        assessment.framework.indicators.select_related("pillar", "instrument").order_by(
            "pillar__order", "order", "code"
        )
    )


def answers_of(assessment):
    """{indicator id: Answer} with their files."""
    files = Prefetch("files", queryset=AnswerEvidence.objects.order_by("original_name"))
    rows = assessment.answers.select_related("indicator").prefetch_related(files)
    return {answer.indicator_id: answer for answer in rows}


def is_editable_state(assessment):
    return approvals.state_of(APPROVAL_KIND, assessment.country, assessment.year) in (
        EDITABLE_STATES
    )


def build(assessment, *, data=None, pillar_code=None, editable=False, computed=None):
    """[PillarView] of ``assessment``; the pillar ``pillar_code`` bound to ``data`` (a
    refused save), the others drawn from the stored answers."""
    indicators = indicators_of(assessment)
    answers = answers_of(assessment)
    found = validation.problems(assessment, answers.values())
    problems = defaultdict(list)
    for problem in found:
        problems[problem.indicator.pk].append(problem.message)
    total = scores.scores_of([assessment]).get(assessment.pk)
    pillars = {}
    for indicator in indicators:
        pillars.setdefault(indicator.pillar_id, (indicator.pillar, []))[1].append(indicator)
    views = []
    for pillar, members in pillars.values():
        form = None
        if editable:
            bound = data if pillar.code == pillar_code else None
            form = pillar_form(members, answers, bound, prefix=pillar.code)
        rows = []
        for indicator in members:
            answer = answers.get(indicator.pk)
            value = scoring.value_of(indicator, answer)
            row = Row(
                indicator=indicator,
                answer=answer,
                files=list(answer.files.all()) if answer else [],
                score=scoring.percent(answer.score) if answer else None,
                formula=scoring.formula(indicator),
                problems=problems.get(indicator.pk, []),
                value=shown(value),
                comment=answer.comment if answer else "",
                link=answer.evidence_url if answer else "",
                computed=(computed or {}).get(indicator.pk),
            )
            if form is not None and form.is_bound and not indicator.computed:
                row.errors = form.errors_of(indicator)
                row.value = form.data.get(form.add_prefix(f"value-{indicator.pk}"), "")
                row.comment = form.data.get(form.add_prefix(f"comment-{indicator.pk}"), "")
                row.link = form.data.get(form.add_prefix(f"link-{indicator.pk}"), "")
            rows.append(row)
        score = total.pillars.get(pillar.code) if total else None
        views.append(PillarView(pillar=pillar, rows=rows, form=form, score=score))
    return views, total, found, answers


def pillar_form(indicators, answers, data, prefix):
    from coalition.core import stale

    form = PillarForm(data, indicators=indicators, answers=answers, prefix=prefix)
    stale.add_field(form, PillarState(indicators, answers))
    return form


def save_pillar(form, assessment, answers, user):
    """Write the answers of a valid pillar form: [codes changed], {code: before},
    {code: after}. Call inside a transaction."""
    changed, before, after = [], {}, {}
    for indicator in form.indicators:
        answer = answers.get(indicator.pk)
        value = form.values[indicator.pk]
        comment = form.cleaned_data.get(f"comment-{indicator.pk}", "") or ""
        link = form.cleaned_data.get(f"link-{indicator.pk}", "") or ""
        old = (
            shown(scoring.value_of(indicator, answer)),
            answer.comment if answer else "",
            answer.evidence_url if answer else "",
        )
        new = (shown(value), comment.strip(), link)
        if old == new:
            continue
        if answer is None:
            answer = Answer(assessment=assessment, indicator=indicator)
        setattr(answer, FIELD_OF[indicator.answer_type], _stored(indicator, value))
        answer.comment, answer.evidence_url = new[1], new[2]
        answer.updated_by = user
        answer.save()
        answers[indicator.pk] = answer
        changed.append(indicator.code)
        before[indicator.code] = dict(zip(("value", "comment", "link"), old, strict=True))
        after[indicator.code] = dict(zip(("value", "comment", "link"), new, strict=True))
    return changed, before, after


def _stored(indicator, value):
    """The value as its field keeps it: an empty choice or text is "", else None."""
    if value is None:
        return "" if FIELD_OF[indicator.answer_type] in ("choice", "text") else None
    return value
