"""The regional annual report: its PDF and Word files hold the approved figures (never the
unapproved ones), on A4, in Spanish and English; only regional administrators make it, in
the background, and the download is audited."""

import datetime
import io
import re

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.reports import annual, charts, pdf
from coalition.reports import docx as word
from coalition.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db
TODAY = datetime.date(YEAR, 12, 4)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def make(language):
    report = annual.build(YEAR, language, today=TODAY)
    images = charts.draw_all(report)
    return report, images


@pytest.mark.parametrize(
    ("language", "words"),
    [
        # Words of the existing catalogue (the report's own msgids are merged with it).
        ("es", ["Generado", "Página", "Año"]),
        ("en", ["Generated", "Page", "Year"]),
    ],
)
def test_the_pdf_holds_the_approved_figures_in_each_language(report_data, language, words):
    report, images = make(language)
    reader, text = pdf_text(pdf.render(report, images))
    assert "37%" in text, "the approved percent of Costa Rica"
    assert "83%" not in text, "Guatemala's report is only submitted"
    assert "45678" in text and "321" in text, "the campaign's reach"
    assert "No te dejés engañar" in text
    assert "Convenio con la Policía Nacional Civil" in text
    assert "I.1" in text, "the overdue activity"
    trained = next(s for s in report.sections if s.key == "events")
    assert [value for _label, value in trained.figures][2] == "3", "people trained"
    assert all(word_ in text for word_ in words)
    assert len(images) >= 3, "progress, people trained and campaign reach are drawn"


def test_every_page_is_a4_and_no_table_is_wider_than_it(report_data):
    report, images = make("en")
    html = pdf.render_html(report, images)
    assert "table-layout: fixed" in html
    assert "http://" not in html and "https://" not in html
    reader = PdfReader(io.BytesIO(pdf.render(report, images)))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595) <= 1 and abs(height - 842) <= 1
    from weasyprint import HTML

    document = HTML(string=html).render()
    checked = 0
    for page in document.pages:
        page_box = page._page_box
        content_right = page_box.content_box_x() + page_box.width
        for box in _tables(page_box):
            checked += 1
            assert box.position_x + box.margin_width() <= content_right + 0.5, "a table overflows"
    assert checked >= 5


def _tables(box):
    found = []
    for child in getattr(box, "children", []):
        if type(child).__name__ == "TableBox":
            found.append(child)
        found.extend(_tables(child))
    return found


def test_the_word_document_holds_the_same_figures_and_the_charts(report_data):
    report, images = make("en")
    document = docx.Document(io.BytesIO(word.render(report, images)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "37%" in cells and "83%" not in cells
    assert "45678" in cells
    assert "People trained: 3" in text
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)
    assert len(document.inline_shapes) == len(images) >= 3
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_a_year_without_data_says_so_in_each_section(report_data):
    report = annual.build(2014, "en", today=TODAY)
    assert all(
        section.is_empty and section.empty
        for section in report.sections
        if section.key != "directory"
    )


def test_the_report_is_built_in_a_bounded_number_of_queries(
    report_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        annual.build(YEAR, "en", today=TODAY)


@pytest.mark.parametrize("persona", ["partner", "cr_contributor", "cr_editor", "auditor"])
def test_only_regional_administrators_make_it(report_data, client_for, persona):
    client = client_for(persona)
    assert client.get(reverse("annual-report")).status_code in (403, 404)
    response = client.post(
        reverse("annual-report"), {"year": YEAR, "language": "en", "format": "pdf"}
    )
    assert response.status_code in (403, 404)


def test_bad_input_is_refused_naming_the_field(report_data, client_for):
    client = client_for("regional_admin")
    response = client.post(
        reverse("annual-report"), {"year": "1999", "language": "fr", "format": "pdf"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Year" in body or "Año" in body
    assert "Language" in body or "Idioma" in body


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("pdf", "application/pdf"), ("docx", word.CONTENT_TYPE)]
)
def test_the_job_builds_the_report_and_the_download_is_audited(
    report_data, client_for, fmt, content_type
):
    client = client_for("regional_admin")
    page = client.get(reverse("annual-report"))
    assert page.status_code == 200
    response = client.post(
        reverse("annual-report"), {"year": YEAR, "language": "en", "format": fmt}
    )
    assert response.status_code == 302
    job_page = client.get(response["Location"]).content.decode()
    assert f"regional-annual-report-{YEAR}-en-" in job_page
    download = client.get(response["Location"] + "file/")
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    content = b"".join(download)
    if fmt == "pdf":
        assert "37%" in pdf_text(content)[1]
    else:
        assert docx.Document(io.BytesIO(content)).tables
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("seq")
    assert entry.actor.username == "regional_admin"
    assert entry.after["format"] == fmt and entry.after["year"] == YEAR


def test_the_job_reports_its_progress_section_by_section(report_data, personas):
    from coalition.reports.files import make as make_file

    calls = []
    make_file(
        YEAR, "es", "pdf", personas["regional_admin"], progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1][0] == calls[-1][1]
    assert len(calls) >= annual.STEPS
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)


def test_the_navigation_links_to_it_for_the_regional_administrator_only(report_data, client_for):
    url = reverse("annual-report")
    assert url in client_for("regional_admin").get(reverse("home")).content.decode()
    assert url not in client_for("cr_editor").get(reverse("home")).content.decode()
