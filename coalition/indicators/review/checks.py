"""What ``core.approvals.move`` asks before an assessment moves, whatever page moves it
(the questionnaire's *Submit*, or core's approval pages): an assessment is submitted only
when it exists and nothing stops it (``validation.problems``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition.core.choices import ApprovalAction
from coalition.indicators import validation
from coalition.indicators.models import Assessment

# How many indicators a refusal names; the questionnaire shows them all.
NAMED = 15


class NotReady(ValidationError):
    """A submission refused while the assessment has ``problems``
    ([validation.Problem]); its message names the indicators."""

    def __init__(self, assessment, problems):
        codes = ", ".join(p.indicator.code for p in problems[:NAMED])
        if len(problems) > NAMED:
            codes += " " + _("and %(count)d more.") % {"count": len(problems) - NAMED}
        message = ngettext(
            "Not submitted: %(count)d indicator needs attention (%(codes)s).",
            "Not submitted: %(count)d indicators need attention (%(codes)s).",
            len(problems),
        ) % {"count": len(problems), "codes": codes}
        super().__init__(message, code="not_ready")
        self.assessment = assessment
        self.problems = problems


def before_move(request, action, country, year):
    """Refuse to submit a year with no assessment, or one with problems."""
    if action != ApprovalAction.SUBMIT:
        return
    assessment = (
        Assessment.objects.filter(country=country, year=year)
        .select_related("country", "framework")
        .first()
    )
    if assessment is None:
        raise ValidationError(
            _("%(country)s has no assessment for %(year)s: start it before submitting it.")
            % {"country": country.name, "year": year}
        )
    problems = validation.problems(assessment)
    if problems:
        raise NotReady(assessment, problems)
