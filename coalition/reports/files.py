"""The annual report as a file (PDF or Word), made in the background and written to the
audit log as an export."""

from django.db import transaction
from django.utils import timezone

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.reports import annual, charts, pdf
from coalition.reports import docx as word

FORMATS = ("pdf", "docx")
CONTENT_TYPES = {"pdf": "application/pdf", "docx": word.CONTENT_TYPE}


def make(year, language, fmt, user=None, progress=None):
    """``(bytes, file name, content type)`` of the report of ``year``; ``progress(done,
    total)`` hears of each section, the charts and the document."""
    step = progress or (lambda done, total: None)
    total = annual.STEPS + 2
    report = annual.build(year, language, user, progress=lambda done, _total: step(done, total))
    images = charts.draw_all(report)
    step(annual.STEPS + 1, total)
    who = (user.get_full_name() or user.get_username()) if user is not None else ""
    writer = pdf if fmt == "pdf" else word
    content = writer.render(report, images, generated_by=who)
    step(total, total)
    filename = f"regional-annual-report-{year}-{language}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return content, filename, CONTENT_TYPES[fmt]


def report_file(year, language, fmt, user, *, request=None, progress=None):
    """The report file, recorded in the audit log as an export by ``user``."""
    content, filename, content_type = make(year, language, fmt, user, progress)
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            actor=user,
            object_type="reports.annualreport",
            object_id=str(year),
            object_repr=f"Regional annual report {year}",
            after={"format": fmt, "year": year, "language": language, "file": filename},
        )
    return content, filename, content_type
