def samples(fixtures):
    """A seed plan's PDF and a missing one; a document of an agreement (not public in the
    sweep's data: 404 to everyone) and a missing one."""
    from coalition.knowledge.models import AgreementDocument

    document = AgreementDocument.objects.order_by("pk").first()
    files = [{"agreement": 999999, "pk": 999999}]
    if document is not None:
        files.insert(0, {"agreement": document.agreement_id, "pk": document.pk})
    return {
        "document-plan": [{"code": "plan-operativo-2012"}, {"code": "no-such-plan"}],
        "document-agreement-file": files,
    }
