"""The review's URLs for the URL sweep: submitting and reviewing an open, an approved and a
submitted (regional) assessment; the API's assessments and answers of each."""

from coalition.indicators.models import Answer


def samples(fixtures, shared):
    assessments = [{"pk": shared[name].pk} for name in ("open", "approved", "submitted")]
    answers = [
        {"pk": Answer.objects.filter(assessment=shared[name]).values_list("pk", flat=True)[0]}
        for name in ("open", "approved", "submitted")
    ]
    return {
        "assessment-submit": assessments,
        "assessment-review": assessments,
        "api:assessment-detail": assessments,
        "api:assessment-answer-detail": answers,
    }
