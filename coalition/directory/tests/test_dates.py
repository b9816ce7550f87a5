"""One date, the day a contact was last verified, as a page, the cards PDF, the XLSX
export and the CSV export show it in Spanish and in English: never "02/12/2026", which reads
as 2 December in Central America and as 12 February in the United States."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

DAY = datetime.date(2026, 12, 2)
WRITTEN = {"es": "2 dic 2026", "en": "2 Dec 2026"}
AMBIGUOUS = ("02/12/2026", "12/02/2026", "2/12/2026", "12/2/2026")


@pytest.fixture
def verified(directory):
    ana = directory["contacts"]["regional_person"]
    ana.last_verified = DAY
    ana.save()
    return ana


def client_in(client_for, language):
    get_user_model().objects.update(language=language)
    return client_for("regional_admin")


def assert_unambiguous(text):
    assert not any(form in text for form in AMBIGUOUS), text


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_page_writes_the_day_with_the_months_name(client_for, verified, language):
    page = client_in(client_for, language).get(reverse("contact-detail", args=[verified.pk]))
    text = page.content.decode()
    assert WRITTEN[language] in text
    assert_unambiguous(text)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_cards_pdf_writes_the_day_with_the_months_name(client_for, verified, language):
    response = client_in(client_for, language).get(reverse("directory-cards"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert WRITTEN[language] in " ".join(text.split())
    assert_unambiguous(text)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_xlsx_export_holds_a_real_date_shown_the_iso_way(client_for, verified, language):
    response = client_in(client_for, language).get(
        reverse("directory-export"), {"format": "xlsx", "international": "true"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    (row,) = [row for row in sheet.iter_rows(min_row=2) if row[0].value == verified.name]
    cell = row[-1]
    assert cell.is_date
    assert cell.value.date() == DAY
    assert cell.number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_csv_export_writes_the_iso_date_programs_read(client_for, verified, language):
    response = client_in(client_for, language).get(
        reverse("directory-export"), {"international": "true"}
    )
    text = response.content.decode("utf-8-sig")
    assert "2026-12-02" in text
    assert_unambiguous(text)
