"""Starting a year from the last one: the answers of the same country's latest earlier
assessment copied into a new one, by indicator code (the framework version may differ)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from coalition.indicators import validation
from coalition.indicators.models import Answer, Assessment
from coalition.indicators.scoring import FIELD_OF, value_of


@dataclass
class Copied:
    """What the copy did: the assessment copied from (None: there was none), how many
    answers it copied, and the messages of the values it skipped."""

    source: object = None
    count: int = 0
    skipped: list = field(default_factory=list)


def previous(country, year):
    """The country's latest assessment before ``year``, or None."""
    return (
        Assessment.objects.filter(country=country, year__lt=year)
        .select_related("framework")
        .order_by("-year")
        .first()
    )


def copy_last_year(assessment, user):
    """Copy into ``assessment`` (new, without answers) the values, comments and evidence
    links of its country's latest earlier assessment: not its files, nor the computed
    indicators (their value comes from their source). A value that no longer fits its
    indicator (another answer type, a narrower range) is skipped and said why; an
    indicator the new version dropped is skipped silently. Sets ``copied_from``."""
    source = previous(assessment.country, assessment.year)
    result = Copied(source=source)
    if source is None:
        return result
    targets = {
        indicator.code: indicator
        for indicator in assessment.framework.indicators.select_related("pillar")
    }
    rows = []
    for old in source.answers.select_related("indicator").order_by(
        "indicator__pillar__order", "indicator__order"
    ):
        indicator = targets.get(old.indicator.code)
        if indicator is None or indicator.computed:
            continue
        try:
            value = validation.parse(indicator, value_of(old.indicator, old))
        except ValidationError as error:
            result.skipped.extend(error.messages)
            value = None
        if value is None and not old.comment and not old.evidence_url:
            continue
        answer = Answer(
            assessment=assessment,
            indicator=indicator,
            comment=old.comment,
            evidence_url=old.evidence_url,
            updated_by=user,
        )
        if value is not None:
            setattr(answer, FIELD_OF[indicator.answer_type], value)
        rows.append(answer)
    for answer in rows:
        answer.save()  # each keeps its score
    result.count = len(rows)
    assessment.copied_from = source
    assessment.save(update_fields=["copied_from", "updated"])
    return result
