"""Sample URL arguments of knowledge and cooperation's URLs, for the URL sweep (core's
test_url_sweep): the records of ``build_knowledge`` (Costa Rica, Guatemala, regional) and
ids that do not exist."""

from coalition.knowledge.tests.conftest import build_knowledge

MISSING = {"pk": 999999}


def _pks(rows):
    return [{"pk": row.pk} for row in rows] + [MISSING]


def samples(fixtures):
    data = build_knowledge(fixtures["countries"])
    swots = _pks(data["swots"].values())
    items = _pks([data["items"]["CR"][0], data["items"]["GT"][0], data["items"]["regional"][0]])
    practices = _pks(data["practices"].values())
    agreements = _pks(data["agreements"].values())
    campaigns = _pks(data["campaigns"].values())
    materials = _pks(data["materials"].values())
    practice_documents = _pks([data["documents"]["practice"]])
    agreement_documents = _pks([data["documents"]["agreement"]])
    return {
        # SWOT
        "swot-detail": swots,
        "swot-update": swots,
        "swot-delete": swots,
        "swot-item-create": swots,
        "swot-item-update": items,
        "swot-item-delete": items,
        "swot-export-xlsx": swots,
        "swot-export-pdf": swots,
        # good practices
        "practice-detail": practices,
        "practice-update": practices,
        "practice-delete": practices,
        "practice-review": practices,
        "practice-document-upload": practices,
        "practice-document": practice_documents,
        "practice-document-delete": practice_documents,
        # agreements
        "agreement-detail": agreements,
        "agreement-update": agreements,
        "agreement-delete": agreements,
        "agreement-document-upload": agreements,
        "agreement-document": agreement_documents,
        "agreement-document-delete": agreement_documents,
        # campaigns
        "campaign-detail": campaigns,
        "campaign-update": campaigns,
        "campaign-delete": campaigns,
        "campaign-publish": campaigns,
        "campaign-material-upload": campaigns,
        "campaign-material": materials,
        "campaign-material-update": materials,
        "campaign-material-delete": materials,
        # API
        "api:swot-detail": swots,
        "api:practice-detail": practices,
        "api:agreement-detail": agreements,
        "api:campaign-detail": campaigns,
    }
