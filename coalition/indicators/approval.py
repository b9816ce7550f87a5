"""What core's approval pages need of an assessment: the page of one country's year, and
what the approver is about to approve (``apps.py`` registers both)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from coalition.indicators import scores, validation
from coalition.indicators.models import Assessment


def year_url(country, year):
    """The assessment of ``country`` for ``year`` (the list of its assessments if none)."""
    found = Assessment.objects.filter(country=country, year=year).values_list("pk", flat=True)
    if found:
        return reverse("assessment-detail", args=[found[0]])
    return reverse("assessment-list") + f"?country={country.iso2}"


def summary(country, year):
    """[(label, value)]: the framework version, how much is answered, and the score."""
    assessment = (
        Assessment.objects.filter(country=country, year=year).select_related("framework").first()
    )
    if assessment is None:
        return [(_("Assessment"), _("not started"))]
    answered, total = validation.completion(assessment)
    score = scores.scores_of([assessment]).get(assessment.pk)
    return [
        (_("Framework"), str(assessment.framework)),
        (_("Indicators answered"), f"{answered} / {total}"),
        (_("Overall score"), "—" if score is None or score.score is None else score.score),
    ]
