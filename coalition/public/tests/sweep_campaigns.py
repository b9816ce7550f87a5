"""Campaigns of every kind (published, approved only, with no material) and their
materials (published, draft, approved only), from the knowledge records, and a missing id."""

from coalition.knowledge.models import Campaign, CampaignMaterial
from coalition.knowledge.tests.conftest import build_knowledge

MISSING = {"pk": 999999}


def samples(fixtures):
    if not Campaign.objects.exists():
        build_knowledge(fixtures["countries"])
    campaigns = [{"pk": pk} for pk in Campaign.objects.values_list("pk", flat=True)] + [MISSING]
    materials = [{"pk": pk} for pk in CampaignMaterial.objects.values_list("pk", flat=True)] + [
        MISSING
    ]
    return {
        "campaign-detail": campaigns,
        "campaign-material": materials,
        "old-campaign-detail": campaigns[:1] + [MISSING],
        "old-campaign-material": materials[:1] + [MISSING],
    }
