"""Good practices (published, reviewed, draft), from the knowledge records, and a missing
id."""

from coalition.knowledge.models import Practice
from coalition.knowledge.tests.conftest import build_knowledge

MISSING = {"pk": 999999}


def samples(fixtures):
    if not Practice.objects.exists():
        build_knowledge(fixtures["countries"])
    practices = [{"pk": pk} for pk in Practice.objects.values_list("pk", flat=True)] + [MISSING]
    return {"practice-detail": practices, "old-practice-detail": practices[:1] + [MISSING]}
