"""The country profile: who sees which years, the unmet indicators with their articles,
the PDF in Spanish and English, and the workbooks of a profile and of an assessment."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Approval, AuditEntry
from coalition.core.tests.pdfs import assert_generated_once
from coalition.indicators.models import APPROVAL_KIND
from coalition.indicators.tests import factories
from coalition.lib.spreadsheets import open_workbook

pytestmark = pytest.mark.django_db


def approve(country, year):
    Approval.objects.create(
        kind=APPROVAL_KIND, country=country, year=year, state=ApprovalState.APPROVED
    )


@pytest.fixture
def guatemala(countries):
    """Guatemala: 2022 approved and full, 2023 approved with PR-01 "partial", 2024 a draft."""
    made = factories.framework()
    factories.assessment(countries["GT"], 2022, made, factories.FULL)
    factories.assessment(countries["GT"], 2023, made, {**factories.FULL, "PR-01": "partial"})
    factories.assessment(countries["GT"], 2024, made, {"PR-01": "no"})
    approve(countries["GT"], 2022)
    approve(countries["GT"], 2023)
    return made


def url(code="GT", **query):
    path = reverse("country-profile", args=[code])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return [page.extract_text() for page in reader.pages]


def test_the_profile_shows_the_latest_approved_year_and_its_unmet_indicators(guatemala, client_for):
    response = client_for("cr_editor").get(url())
    assert response.status_code == 200
    profile = response.context["profile"]
    assert profile.current.year == 2023
    assert [row.indicator.code for row in profile.unmet] == ["PR-01"]
    page = response.content.decode()
    assert "Protocolo de Palermo, art. 5.1" in page
    # Prosecution: PR-01 partial (0.5 × 2) and PR-03 full (1): 100 × 2 ÷ 3.
    assert profile.pillars[0].score.score == Decimal("66.7")
    assert profile.change == Decimal("-11.1")


def test_other_countries_readers_see_approved_years_only(guatemala, client_for):
    for persona in ("cr_editor", "partner"):
        response = client_for(persona).get(url())
        assert [y.year for y in response.context["profile"].years] == [2023, 2022]
        assert client_for(persona).get(url(year=2024)).status_code == 404


def test_the_countrys_team_sees_its_draft_marked_provisional(guatemala, client_for):
    for persona in ("gt_editor", "regional_admin"):
        response = client_for(persona).get(url(year=2024))
        assert response.status_code == 200
        assert 'id="profile-provisional"' in response.content.decode()
    assert client_for("gt_editor").get(url()).context["profile"].current.year == 2023


def test_a_country_without_an_assessment_shows_an_empty_state(guatemala, client_for):
    response = client_for("cr_editor").get(url("CR"))
    assert response.status_code == 200
    assert 'id="profile-empty"' in response.content.decode()


def test_the_regional_level_has_its_profile_under_its_scope_code(countries, client_for):
    factories.assessment(countries["regional"], 2023, None, factories.FULL)
    approve(countries["regional"], 2023)
    response = client_for("partner").get(url("regional"))
    assert response.context["profile"].current.score.score == Decimal(100)


def test_it_answers_400_to_a_bad_year_and_404_to_an_unknown_country(guatemala, client_for):
    response = client_for("cr_editor").get(url(year="soon"))
    assert response.status_code == 400
    assert "year" in response.content.decode()
    assert client_for("cr_editor").get(url("ZZ")).status_code == 404


def test_the_auditor_and_the_public_may_not_open_a_profile(guatemala, client_for, client):
    assert client_for("auditor").get(url()).status_code == 403
    assert client.get(url()).status_code == 302


def test_the_profile_runs_a_bounded_number_of_queries(guatemala, client_for, countries):
    signed_in = client_for("gt_editor")
    with CaptureQueriesContext(connection) as few:
        signed_in.get(url())
    for year in range(2010, 2020):
        factories.assessment(countries["GT"], year, guatemala, factories.FULL)
        approve(countries["GT"], year)
    with CaptureQueriesContext(connection) as many:
        signed_in.get(url())
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", ["Perfil de cumplimiento de Guatemala", "Indicadores aún no cumplidos", "art. 5.1"]),
        ("en", ["Compliance profile of Guatemala", "Indicators not yet met", "art. 5.1"]),
    ],
)
def test_the_profile_pdf_is_written_in_the_language_asked(guatemala, client_for, language, words):
    response = client_for("cr_editor").get(
        reverse("country-profile-pdf", args=["GT"]), {"lang": language}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    text = " ".join(" ".join(page.split()) for page in pages)
    for word in words:
        assert word in text
    assert "2024" not in text  # the draft is not another country's to read
    assert_generated_once(pages[0], language)
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.after["language"] == language and entry.after["format"] == "pdf"


def test_the_assessment_workbook_holds_every_answer_and_the_scores(guatemala, client_for):
    from coalition.indicators.models import Assessment

    record = Assessment.objects.get(country__iso2="GT", year=2023)
    factories.answer(record, "PR-01", "partial", comment="Ley 9-2009", evidence_url="https://x.org")
    response = client_for("cr_editor").get(
        reverse("assessment-export", args=[record.pk]), {"lang": "en"}
    )
    assert response.status_code == 200
    book = open_workbook(response.content)
    answers, scores = book.worksheets
    rows = [[c.value for c in row] for row in answers.iter_rows(min_row=4)]
    assert rows[0][:3] == ["Pillar", "Code", "Question"]
    first = rows[1]
    assert first[:2] == ["Prosecution", "PR-01"]
    assert first[3] == "Palermo Protocol, art. 5.1"
    assert first[5:7] == ["Partially", 50]
    assert first[9:11] == ["Ley 9-2009", "https://x.org"]
    computed = next(row for row in rows if row[1] == "PV-02")
    assert computed[12] == "Yes"
    score_rows = [[c.value for c in row] for row in scores.iter_rows(min_row=2)]
    assert score_rows[0][:2] == ["Prosecution", 66.7]
    assert score_rows[-1][0] == "Overall"
    assert "Pillars weighted" in score_rows[-1][3]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_a_draft_workbook_is_404_to_other_countries(guatemala, client_for):
    from coalition.indicators.models import Assessment

    draft = Assessment.objects.get(country__iso2="GT", year=2024)
    path = reverse("assessment-export", args=[draft.pk])
    assert client_for("cr_editor").get(path).status_code == 404
    assert client_for("partner").get(path).status_code == 404
    assert client_for("gt_editor").get(path).status_code == 200


def test_the_profile_workbook_has_a_row_per_year_and_a_column_per_pillar(guatemala, client_for):
    response = client_for("gt_editor").get(
        reverse("country-profile-xlsx", args=["GT"]), {"lang": "es"}
    )
    sheet = open_workbook(response.content).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0][:6] == [
        "Año",
        "Estado",
        "General",
        "Persecución",
        "Protección y asistencia",
        "Prevención",
    ]
    assert [row[:2] for row in rows[1:]] == [
        [2022, "Aprobado"],
        [2023, "Aprobado"],
        [2024, "Provisional"],
    ]
    assert rows[1][2] == 100


def test_the_profile_shows_the_computed_indicators_value(guatemala, client_for):
    response = client_for("gt_editor").get(url())
    page = response.content.decode()
    assert 'id="computed"' in page
    (row, computed), *_rest = response.context["profile"].computed
    assert row.indicator.code == "PV-02"
    assert 'data-computed="' in page
