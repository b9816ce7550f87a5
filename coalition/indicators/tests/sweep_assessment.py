"""Sweep samples of the assessments' pages: the open, approved and submitted assessments of
the shared rows, one that does not exist, and an evidence file of each."""

from django.core.files.uploadedfile import SimpleUploadedFile

from coalition.core.files import store
from coalition.indicators.models import AnswerEvidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _evidence(record):
    answer = record.answers.order_by("pk").first()
    row = AnswerEvidence(
        answer=answer,
        country=record.country,
        original_name="evidence.pdf",
        content_type="application/pdf",
    )
    store(row, SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf"))
    return row


def samples(fixtures, shared):
    records = [shared["open"], shared["approved"], shared["submitted"]]
    pks = [{"pk": record.pk} for record in records] + [{"pk": 999999}]
    evidence = [{"pk": _evidence(record).pk} for record in records] + [{"pk": 999999}]
    first = shared["framework"].indicators.order_by("pk").first()
    return {
        "assessment-detail": pks,
        "assessment-delete": pks,
        "answer-evidence-add": [{**pk, "indicator": first.pk} for pk in pks],
        "answer-evidence-download": evidence,
        "answer-evidence-remove": evidence,
    }
