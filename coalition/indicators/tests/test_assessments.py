import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval, AuditEntry
from coalition.indicators.models import APPROVAL_KIND, Answer, AnswerEvidence, Assessment
from coalition.indicators.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def detail(record):
    return reverse("assessment-detail", args=[record.pk])


def pillar_post(client, record, pillar, answers, **headers):
    """POST ``answers`` {code: value} as the pillar's form, with the version its page
    carried."""
    page = client.get(detail(record)).content.decode()
    token = re.search(rf'name="{pillar}-record_version" value="([^"]*)"', page).group(1)
    data = {"pillar": pillar, f"{pillar}-record_version": token}
    for code, value in answers.items():
        indicator = factories.indicator(record.framework, code)
        data[f"{pillar}-value-{indicator.pk}"] = value
    return client.post(detail(record), data, **headers)


def approve(country, year, state=ApprovalState.APPROVED):
    Approval.objects.create(kind=APPROVAL_KIND, country=country, year=year, state=state)


def test_a_pillar_saves_and_the_page_shows_its_score(client_for, countries):
    record = factories.assessment(countries["CR"], 2023)
    client = client_for("cr_editor")
    response = pillar_post(client, record, "prosecution", {"PR-01": "yes", "PR-03": "10"})
    assert response.status_code == 302
    answer = Answer.objects.get(assessment=record, indicator__code="PR-03")
    assert answer.number == Decimal(10)
    assert answer.score == Decimal("0.5")
    page = client.get(detail(record)).content.decode()
    # PR-01 (weight 2) scores 1, PR-03 (weight 1) 0.5: the pillar scores 100 × 2.5 ÷ 3.
    assert "83.3" in page
    assert "Value ÷ 20, at most 1; weight 1" in page
    entry = AuditEntry.objects.filter(object_type="indicators.assessment").latest("seq")
    assert entry.after["indicators"] == ["PR-01", "PR-03"]


def test_a_draft_saves_with_answers_missing_and_clears_an_answer(client_for, countries):
    record = factories.assessment(countries["CR"], 2023, answers={"PR-01": "yes"})
    client = client_for("cr_editor")
    response = pillar_post(client, record, "prosecution", {"PR-01": "", "PR-03": ""})
    assert response.status_code == 302
    assert not Answer.objects.get(assessment=record, indicator__code="PR-01").answered


def test_a_refused_value_names_its_indicator_and_nothing_of_the_pillar_is_written(
    client_for, countries
):
    record = factories.assessment(countries["CR"], 2023)
    client = client_for("cr_editor")
    response = pillar_post(client, record, "prosecution", {"PR-01": "yes", "PR-03": "many"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "PR-03: enter a number." in page
    assert "Nothing of this pillar was saved" in page
    assert not Answer.objects.filter(assessment=record).exists()


def test_an_htmx_save_answers_the_pillar_alone(client_for, countries):
    record = factories.assessment(countries["CR"], 2023)
    client = client_for("cr_editor")
    response = pillar_post(
        client, record, "protection", {"PP-01": "3", "PP-02": "50"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="pillar-protection"' in page
    assert 'id="pillar-prosecution"' not in page
    assert "Protection and assistance saved: PP-01, PP-02." in page
    refused = pillar_post(client, record, "protection", {"PP-01": "7"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "PP-01: enter a value from 0 to 4." in refused.content.decode()


def test_a_save_over_someone_elses_change_is_refused(client_for, countries):
    record = factories.assessment(countries["CR"], 2023)
    client = client_for("cr_editor")
    page = client.get(detail(record)).content.decode()
    token = re.search(r'name="prosecution-record_version" value="([^"]*)"', page).group(1)
    factories.answer(record, "PR-01", "no")  # someone else, meanwhile
    pr01 = factories.indicator(record.framework, "PR-01")
    response = client.post(
        detail(record),
        {
            "pillar": "prosecution",
            "prosecution-record_version": token,
            f"prosecution-value-{pr01.pk}": "yes",
        },
    )
    assert response.status_code == 409
    assert Answer.objects.get(assessment=record, indicator=pr01).choice == "no"


def test_the_costa_rica_editor_cannot_reach_a_guatemala_draft(client_for, countries):
    record = factories.assessment(countries["GT"], 2023, answers={"PR-01": "yes"})
    evidence = _evidence(record, "PR-01")
    client = client_for("cr_editor")
    assert client.get(detail(record)).status_code == 404
    download = reverse("answer-evidence-download", args=[evidence.pk])
    assert client.get(download).status_code == 404
    assert client_for("gt_editor").get(download).status_code == 200


def test_readers_of_an_approved_year_download_its_evidence(client_for, countries):
    record = factories.assessment(countries["GT"], 2022, answers={"PR-01": "yes"})
    evidence = _evidence(record, "PR-01")
    approve(countries["GT"], 2022)
    response = client_for("partner").get(reverse("answer-evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def _evidence(record, code):
    from coalition.core.files import store

    answer = Answer.objects.get(assessment=record, indicator__code=code)
    row = AnswerEvidence(
        answer=answer,
        country=record.country,
        original_name="law.pdf",
        content_type="application/pdf",
    )
    store(row, SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf"))
    return row


def test_a_contributor_reads_the_questionnaire_but_may_not_save_it(client_for, countries):
    record = factories.assessment(countries["CR"], 2023)
    client = client_for("cr_contributor")
    page = client.get(detail(record))
    assert page.status_code == 200
    assert b'id="form-prosecution"' not in page.content
    pr01 = factories.indicator(record.framework, "PR-01")
    response = client.post(
        detail(record), {"pillar": "prosecution", f"prosecution-value-{pr01.pk}": "yes"}
    )
    assert response.status_code == 403
    assert not Answer.objects.filter(assessment=record).exists()


def test_a_submitted_assessment_is_read_only(client_for, countries):
    record = factories.assessment(countries["CR"], 2023, answers={"PR-01": "yes"})
    approve(countries["CR"], 2023, ApprovalState.SUBMITTED)
    client = client_for("cr_editor")
    page = client.get(detail(record)).content.decode()
    assert 'id="form-prosecution"' not in page
    assert 'id="review-submitted"' in page
    pr01 = factories.indicator(record.framework, "PR-01")
    response = client.post(
        detail(record), {"pillar": "prosecution", f"prosecution-value-{pr01.pk}": "no"}
    )
    assert response.status_code == 403
    assert Answer.objects.get(assessment=record, indicator=pr01).choice == "yes"
    url = reverse("answer-evidence-add", args=[record.pk, pr01.pk])
    upload = SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"evidence-file": upload}).status_code == 403
    assert client.post(reverse("assessment-delete", args=[record.pk])).status_code == 403


def test_an_editor_attaches_and_removes_an_evidence_file(client_for, countries):
    record = factories.assessment(countries["CR"], 2023)
    pr01 = factories.indicator(record.framework, "PR-01")
    client = client_for("cr_editor")
    upload = SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")
    url = reverse("answer-evidence-add", args=[record.pk, pr01.pk])
    assert client.post(url, {"evidence-file": upload}).status_code == 302
    evidence = AnswerEvidence.objects.get(answer__assessment=record)
    assert "law.pdf" in client.get(detail(record)).content.decode()
    remove = reverse("answer-evidence-remove", args=[evidence.pk])
    assert client.post(remove).status_code == 302
    assert not AnswerEvidence.objects.exists()


def test_starting_an_assessment_copies_last_years_answers(client_for, countries):
    old = factories.framework(version=1)
    last = factories.assessment(
        countries["CR"],
        2022,
        old,
        {"PR-01": "partial", "PP-01": Decimal(3), "PV-02": Decimal(9)},
    )
    Answer.objects.filter(assessment=last, indicator__code="PR-01").update(
        comment="Ley 9095", evidence_url="https://example.org/ley"
    )
    _evidence(last, "PR-01")
    new = factories.framework(version=2)
    # The new version asks PP-01 as a percentage from 0 to 2: last year's 3 no longer fits.
    new.indicators.filter(code="PP-01").update(answer_type="percent", maximum=2)
    client = client_for("cr_editor")
    response = client.post(
        reverse("assessment-create"),
        {"country": countries["CR"].pk, "year": 2023, "framework": new.pk, "copy": "on"},
        follow=True,
    )
    record = Assessment.objects.get(country=countries["CR"], year=2023)
    assert record.framework == new
    assert record.copied_from == last
    copied = Answer.objects.get(assessment=record, indicator__code="PR-01")
    assert (copied.choice, copied.comment, copied.evidence_url) == (
        "partial",
        "Ley 9095",
        "https://example.org/ley",
    )
    assert not copied.files.exists()
    # Neither the value that no longer fits nor the computed indicator is copied.
    codes = set(record.answers.values_list("indicator__code", flat=True))
    assert codes == {"PR-01"}
    assert "PP-01: enter a value from 0 to 2." in response.content.decode()


def test_a_second_assessment_of_the_same_year_is_refused(client_for, countries):
    made = factories.framework()
    factories.assessment(countries["CR"], 2023, made)
    response = client_for("cr_editor").post(
        reverse("assessment-create"),
        {"country": countries["CR"].pk, "year": 2023, "framework": made.pk},
    )
    assert response.status_code == 400
    assert "already has an assessment for 2023" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_an_editor_may_not_start_another_countrys_assessment(client_for, countries):
    made = factories.framework()
    response = client_for("cr_editor").post(
        reverse("assessment-create"),
        {"country": countries["GT"].pk, "year": 2023, "framework": made.pk},
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()
    assert client_for("cr_contributor").get(reverse("assessment-create")).status_code == 403


def test_an_open_assessment_is_deleted_with_its_files(
    client_for, countries, django_capture_on_commit_callbacks
):
    import os

    record = factories.assessment(countries["CR"], 2023, answers={"PR-01": "yes"})
    stored = _evidence(record, "PR-01").file.path
    client = client_for("cr_editor")
    assert client.get(reverse("assessment-delete", args=[record.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment-delete", args=[record.pk]))
    assert response.status_code == 302
    assert not Assessment.objects.exists()
    assert not os.path.exists(stored)
    assert AuditEntry.objects.filter(action="delete", object_type="indicators.assessment").exists()


def test_the_list_filters_by_state_and_its_queries_are_bounded(
    client_for, countries, django_assert_max_num_queries
):
    made = factories.framework()
    for year in range(2015, 2023):
        factories.assessment(countries["CR"], year, made, factories.FULL)
    approve(countries["CR"], 2020)
    client = client_for("cr_editor")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("assessment-list"))
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="assessment-') == 8
    approved = client.get(reverse("assessment-list"), {"state": "approved"}).content.decode()
    assert approved.count('<tr id="assessment-') == 1
    assert "100.0" in approved
    empty = client.get(reverse("assessment-list"), {"year": 1990}).content.decode()
    assert "No assessment matches these filters." in empty


def test_the_questionnaires_queries_are_bounded(
    client_for, countries, django_assert_max_num_queries
):
    record = factories.assessment(countries["CR"], 2023, answers=factories.FULL)
    for code in ("PR-01", "PR-03", "PP-01"):
        _evidence(record, code)
    client = client_for("cr_editor")
    with django_assert_max_num_queries(40):
        response = client.get(detail(record))
    assert response.status_code == 200


def test_the_home_lists_what_needs_doing(client_for, countries):
    record = factories.assessment(countries["CR"], 2023, answers={"PR-01": "yes"})
    page = client_for("cr_editor").get(reverse("indicators-home")).content.decode()
    assert record.get_absolute_url() in page
    assert "indicators left to answer" in page
    assert client_for("partner").get(reverse("indicators-home")).status_code == 200
    assert client_for("auditor").get(reverse("indicators-home")).status_code == 403
