"""The plan's PDF progress report."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.core.tests.pdfs import LABEL, assert_generated_once
from coalition.plans.tests.test_stats import add_activities

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Fix "today" at 15 September 2026: I.1 (August 2026) is overdue."""
    day = datetime.date(2026, 9, 15)
    monkeypatch.setattr("coalition.plans.stats.timezone.localdate", lambda *a: day)
    return day


def report(client, plan, **query):
    return client.get(reverse("plan-report", args=[plan.code]), query)


def text_of(response):
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_report_is_a_pdf_with_the_plan_the_overdue_activity_and_the_evidence(
    plan_data, client_for
):
    response = report(client_for("regional_admin"), plan_data["plan"], lang="es")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = text_of(response)
    assert "Plan de prueba" in text
    assert "I.1 Propiciar encuentros" in text
    assert "lista-asistencia.pdf" in text
    assert "Dos reuniones realizadas." in text


def test_the_english_report_has_english_headings_and_texts(plan_data, client_for):
    text = text_of(report(client_for("regional_admin"), plan_data["plan"], lang="en"))
    assert "Progress report: Test plan" in text
    assert "Overdue activities" in text
    assert "Completion by objective and country" in text
    assert "Hold meetings" in text
    assert "Page 1 /" in text


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_report_says_once_when_it_was_generated_with_an_unambiguous_date(
    plan_data, client_for, language
):
    response = report(client_for("regional_admin"), plan_data["plan"], lang=language)
    reader = PdfReader(io.BytesIO(response.content))
    # The heading is on the first page; every page has the footer.
    assert_generated_once(reader.pages[0].extract_text(), language)
    for page in reader.pages[1:]:
        assert page.extract_text().count(LABEL[language]) == 1


def test_the_report_follows_the_users_language_by_default(plan_data, client_for):
    client = client_for("regional_admin")
    client.cookies["coalition_language"] = "en"
    assert "Test plan" in text_of(report(client, plan_data["plan"]))


def test_a_report_of_one_country_shows_only_that_country(plan_data, client_for):
    text = text_of(report(client_for("regional_admin"), plan_data["plan"], country="CR", lang="en"))
    assert "Costa Rica" in text
    assert "Guatemala" not in text
    assert "lista-asistencia.pdf" in text


def test_a_country_editor_gets_its_country_and_the_regional_level_only(plan_data, client_for):
    text = text_of(report(client_for("cr_editor"), plan_data["plan"], lang="en"))
    assert "Costa Rica" in text
    assert "Guatemala" not in text


def test_a_country_the_user_may_not_see_is_not_found(plan_data, client_for):
    response = report(client_for("gt_editor"), plan_data["plan"], country="CR")
    assert response.status_code == 404


def test_an_unknown_country_code_or_language_is_a_bad_request(plan_data, client_for):
    client = client_for("regional_admin")
    response = report(client, plan_data["plan"], country="ZZ")
    assert response.status_code == 400
    assert "ZZ" in response.content.decode()
    assert report(client, plan_data["plan"], lang="fr").status_code == 400
    assert report(client, plan_data["plan"], country="x" * 500).status_code == 400


def test_each_report_is_written_to_the_audit_log(plan_data, client_for, personas):
    report(client_for("cr_editor"), plan_data["plan"], country="CR", lang="en")
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("seq")
    assert entry.actor == personas["cr_editor"]
    assert entry.object_id == str(plan_data["plan"].pk)
    assert entry.after["format"] == "pdf"
    assert entry.after["country"] == "CR"
    assert entry.country.iso2 == "CR"


def test_the_auditor_gets_no_report(plan_data, client_for):
    assert report(client_for("auditor"), plan_data["plan"]).status_code == 403


def test_the_report_takes_a_bounded_number_of_queries_whatever_the_plan_size(
    plan_data, client_for, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    # 23 (with the audit entry's lock on PostgreSQL; one for the countries' report
    # states), 2 for the events' figures of every activity and 1 for its agreements and
    # campaigns.
    with django_assert_max_num_queries(26):
        assert report(client, plan_data["plan"], lang="en").status_code == 200
    add_activities(plan_data, 37)
    with django_assert_max_num_queries(26):
        assert report(client, plan_data["plan"], lang="en").status_code == 200


def test_the_report_made_in_the_background_downloads_from_the_jobs_page(plan_data, client_for):
    client = client_for("regional_admin")
    plan = plan_data["plan"]
    response = client.post(reverse("plan-report-job", args=[plan.code]) + "?lang=en")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f"{plan.code}-all-en-" in page, "the page offers the file by its name"
    download = client.get(response["Location"] + "file/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert PdfReader(io.BytesIO(b"".join(download))).pages
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).last().actor.username == (
        "regional_admin"
    )


def test_the_report_job_is_refused_for_an_unknown_country(plan_data, client_for):
    plan = plan_data["plan"]
    response = client_for("regional_admin").post(
        reverse("plan-report-job", args=[plan.code]) + "?country=ZZ"
    )
    assert response.status_code == 400
