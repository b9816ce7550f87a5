"""The assessments and their answers in the API: scoped reads, answers changed by their
country's editors while the assessment may change, values read as the questionnaire reads
them, audited writes, and lists in a fixed number of queries."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.core import files
from coalition.core.choices import ApprovalState
from coalition.core.models import Approval, AuditEntry
from coalition.indicators.models import APPROVAL_KIND, Answer, AnswerEvidence
from coalition.indicators.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

ASSESSMENTS = reverse("api:assessment-list")
ANSWERS = reverse("api:assessment-answer-list")


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def patch(client, answer, body):
    url = reverse("api:assessment-answer-detail", args=[answer.pk])
    return client.patch(url, json.dumps(body), content_type="application/json")


def approve(country, year, state=ApprovalState.APPROVED):
    Approval.objects.update_or_create(
        kind=APPROVAL_KIND, country=country, year=year, defaults={"state": state}
    )


def evidence(answer, name="ley.pdf"):
    record = AnswerEvidence(
        answer=answer,
        country=answer.assessment.country,
        original_name=name,
        content_type="application/pdf",
    )
    files.store(record, SimpleUploadedFile(name, b"%PDF-1.4 law", "application/pdf"))
    return record


@pytest.fixture
def cr(countries):
    made = factories.assessment(countries["CR"], 2023, answers=factories.FULL)
    factories.answer(made, "PR-01", "yes", comment="Ley 9095", evidence_url="https://e.org/9095")
    return made


def test_an_assessment_gives_its_state_completion_score_and_answers(client_for, cr):
    evidence(Answer.objects.get(assessment=cr, indicator__code="PR-01"))
    [row] = rows(client_for("cr_editor").get(ASSESSMENTS))
    assert row["country"] == "CR" and row["year"] == 2023
    assert row["framework"] == "palermo" and row["framework_version"] == 1
    assert row["state"] == "open"
    assert (row["answered"], row["indicators"]) == (6, 7)
    assert row["score"] == 100.0
    pr01 = next(a for a in row["answers"] if a["indicator"] == "PR-01")
    assert pr01["value"] == "yes" and pr01["comment"] == "Ley 9095"
    assert pr01["evidence_url"] == "https://e.org/9095"
    assert pr01["files"] == ["ley.pdf"]
    pr03 = next(a for a in row["answers"] if a["indicator"] == "PR-03")
    assert pr03["value"] == "20" and float(pr03["score"]) == 1


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("regional_admin", ["CR", "GT"]),
        ("cr_editor", ["CR", "GT"]),
        ("cr_contributor", ["CR", "GT"]),
        ("gt_editor", ["GT"]),
        ("partner", ["GT"]),
    ],
)
def test_a_draft_is_read_by_its_country_an_approved_one_by_every_reader(
    client_for, countries, cr, persona, seen
):
    factories.assessment(countries["GT"], 2022, answers=factories.FULL)
    approve(countries["GT"], 2022)
    assert sorted(r["country"] for r in rows(client_for(persona).get(ASSESSMENTS))) == seen
    answers = rows(client_for(persona).get(ANSWERS))
    assert {a["assessment"] for a in answers} == {
        r["id"] for r in rows(client_for(persona).get(ASSESSMENTS))
    }


def test_the_auditor_and_the_public_read_no_assessment(client_for, cr):
    assert client_for("auditor").get(ASSESSMENTS).status_code == 403
    assert client_for("anonymous").get(ASSESSMENTS).status_code == 403


def test_another_countrys_draft_is_404(client_for, cr):
    url = reverse("api:assessment-detail", args=[cr.pk])
    assert client_for("gt_editor").get(url).status_code == 404


def test_assessments_filter_by_country_year_and_state(client_for, countries, cr):
    factories.assessment(countries["GT"], 2022)
    approve(countries["GT"], 2022, ApprovalState.SUBMITTED)
    client = client_for("regional_admin")
    assert [r["country"] for r in rows(client.get(ASSESSMENTS, {"country": "GT"}))] == ["GT"]
    assert [r["year"] for r in rows(client.get(ASSESSMENTS, {"year": 2023}))] == [2023]
    assert [r["country"] for r in rows(client.get(ASSESSMENTS, {"state": "open"}))] == ["CR"]
    submitted = rows(client.get(ASSESSMENTS, {"state": "submitted"}))
    assert [(r["country"], r["state"]) for r in submitted] == [("GT", "submitted")]
    assert client.get(ASSESSMENTS, {"state": "burnt"}).status_code == 400


def test_answers_list_by_assessment(client_for, countries, cr):
    other = factories.assessment(countries["CR"], 2022, answers={"PR-01": "no"})
    found = rows(client_for("cr_editor").get(ANSWERS, {"assessment": other.pk}))
    assert [(a["indicator"], a["value"]) for a in found] == [("PR-01", "no")]


def test_the_editor_changes_an_answer_audited(client_for, personas, cr):
    answer = Answer.objects.get(assessment=cr, indicator__code="PP-01")
    response = patch(
        client_for("cr_editor"),
        answer,
        {"value": 2, "comment": "Two shelters.", "evidence_url": "https://e.org/r"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["value"] == "2" and float(response.json()["score"]) == 0.5
    answer.refresh_from_db()
    assert (answer.number, answer.comment, answer.updated_by) == (
        2,
        "Two shelters.",
        personas["cr_editor"],
    )
    entry = AuditEntry.objects.get(action="update", object_type="indicators.answer")
    assert entry.country == cr.country
    assert entry.after["number"] in ("2.00", 2, "2")


def test_a_value_its_indicator_cannot_take_is_400_naming_it(client_for, cr):
    answer = Answer.objects.get(assessment=cr, indicator__code="PP-01")
    response = patch(client_for("cr_editor"), answer, {"value": 7})
    assert response.status_code == 400
    assert "PP-01" in response.json()["value"][0]
    answer.refresh_from_db()
    assert answer.number == 4


def test_a_computed_answer_cannot_be_typed(client_for, cr):
    answer = Answer.objects.get(assessment=cr, indicator__code="PV-02")
    response = patch(client_for("cr_editor"), answer, {"value": 9})
    assert response.status_code == 400 and "PV-02" in response.json()["value"][0]


def test_null_clears_an_answer(client_for, cr):
    answer = Answer.objects.get(assessment=cr, indicator__code="PR-01")
    assert patch(client_for("cr_editor"), answer, {"value": None}).status_code == 200
    answer.refresh_from_db()
    assert answer.choice == "" and answer.score is None


@pytest.mark.parametrize("state", [ApprovalState.SUBMITTED, ApprovalState.APPROVED])
def test_a_submitted_or_approved_assessment_is_409(client_for, countries, cr, state):
    approve(countries["CR"], 2023, state)
    answer = Answer.objects.get(assessment=cr, indicator__code="PR-01")
    response = patch(client_for("cr_editor"), answer, {"value": "no"})
    assert response.status_code == 409
    answer.refresh_from_db()
    assert answer.choice == "yes"


def test_a_returned_assessment_may_change(client_for, countries, cr):
    approve(countries["CR"], 2023, ApprovalState.RETURNED)
    answer = Answer.objects.get(assessment=cr, indicator__code="PR-01")
    assert patch(client_for("cr_editor"), answer, {"value": "partial"}).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("cr_contributor", 403), ("partner", 403), ("auditor", 403), ("gt_editor", 404)],
)
def test_only_the_countrys_editors_change_answers(client_for, cr, persona, status):
    answer = Answer.objects.get(assessment=cr, indicator__code="PR-01")
    assert patch(client_for(persona), answer, {"value": "no"}).status_code == status
    answer.refresh_from_db()
    assert answer.choice == "yes"


def test_an_editor_cannot_change_an_approved_assessment_of_another_country(client_for, countries):
    gt = factories.assessment(countries["GT"], 2022, answers={"PR-01": "yes"})
    approve(countries["GT"], 2022)
    answer = Answer.objects.get(assessment=gt)
    assert patch(client_for("cr_editor"), answer, {"comment": "x"}).status_code == 403


def test_put_is_not_offered(client_for, cr):
    answer = Answer.objects.get(assessment=cr, indicator__code="PR-01")
    url = reverse("api:assessment-answer-detail", args=[answer.pk])
    response = client_for("cr_editor").put(url, "{}", content_type="application/json")
    assert response.status_code == 405


def grow(countries, years):
    for year in years:
        made = factories.assessment(countries["CR"], year, answers=factories.FULL)
        evidence(Answer.objects.get(assessment=made, indicator__code="PR-01"))
        approve(countries["CR"], year, ApprovalState.SUBMITTED)


@pytest.mark.parametrize("url", [ASSESSMENTS, ANSWERS])
def test_lists_take_the_same_queries_for_few_rows_or_many(
    client_for, countries, cr, django_assert_max_num_queries, url
):
    client = client_for("regional_admin")
    grow(countries, [2021])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        rows(client.get(url))
    grow(countries, range(2010, 2018))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(rows(client.get(url))) >= 10
