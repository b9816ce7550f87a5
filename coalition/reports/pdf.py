"""The annual report as a PDF (WeasyPrint through ``lib.pdf``): A4 portrait, a cover, the
contents, each section with its figures, tables and charts (PNG ``data:`` URLs, so nothing
is fetched), and the notes on method."""

import base64

from django.template.loader import render_to_string
from django.utils import translation

from coalition.lib.pdf import html_to_pdf
from coalition.reports import charts


def data_url(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_html(report, images, generated_by=""):
    """The report's HTML; ``images`` is ``charts.draw_all(report)``."""
    sections = []
    for number, section in enumerate(report.sections, start=1):
        drawn = [(chart, data_url(images[id(chart)])) for chart in section.charts]
        sections.append({"number": number, "section": section, "charts": drawn})
    with translation.override(report.language):
        return render_to_string(
            "reports/annual_report.html",
            {
                "report": report,
                "sections": sections,
                "language": report.language,
                "generated_at": report.generated,
                "generated_by": generated_by,
            },
        )


def render(report, images=None, generated_by=""):
    """The PDF bytes of ``report``."""
    images = images if images is not None else charts.draw_all(report)
    return html_to_pdf(render_html(report, images, generated_by))
