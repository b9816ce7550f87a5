"""The records API: sentences with their counts and each country's offences, for the
country editors and regional administrators only."""

import datetime

import pytest
from django.urls import reverse

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval, AuditEntry
from coalition.sentences.models import Figure, Sentence, Source
from coalition.sentences.tests.factories import offence, sentence

pytestmark = pytest.mark.django_db


def _body(**extra):
    body = {
        "country": "GT",
        "court_file": "C-01077-2022-00431",
        "court_level": "first_instance",
        "final_date": "2022-03-15",
        "exploitation_forms": ["sexual"],
        "prison_years": "12.00",
        "summary": "Trata con fines de explotación sexual.",
        "defendants": [
            {
                "outcome": "convicted",
                "sex": "male",
                "age_group": "adult",
                "citizenship": "GT",
                "count": 2,
            }
        ],
        "victims": [
            {
                "exploitation": "sexual",
                "sex": "female",
                "age_group": "minor",
                "citizenship": "hn",
                "count": 3,
            }
        ],
    }
    body.update(extra)
    return body


def _convicted(country, year):
    return (
        Figure.objects.filter(
            source=Source.national(),
            country=country,
            year=year,
            indicator="convicted",
            dimension="total",
            sex="total",
            age="total",
        )
        .values_list("value", flat=True)
        .first()
    )


def _post(client, body):
    return client.post(reverse("api:sentence-list"), body, content_type="application/json")


def test_an_editor_records_a_sentence_with_its_counts(client_for, countries):
    response = _post(client_for("gt_editor"), _body())
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["reference"].startswith("GT-2022-")
    assert "court_file" not in data
    assert data["victims"][0]["citizenship"] == "HN"
    assert data["approval"] == "open"
    record = Sentence.objects.get()
    assert record.created_by.username == "gt_editor"
    assert _convicted(countries["GT"], 2022) == 2
    assert AuditEntry.objects.filter(action="create", object_id=str(record.pk)).exists()


def test_reads_are_audited_with_the_references_served(client_for, countries):
    record = sentence(countries["GT"])
    client = client_for("gt_editor")
    listing = client.get(reverse("api:sentence-list"))
    assert [row["reference"] for row in listing.json()["results"]] == [record.reference]
    client.get(reverse("api:sentence-detail", args=[record.pk]))
    entries = AuditEntry.objects.filter(action="view").order_by("seq")
    assert [e.after["references"] for e in entries] == [[record.reference], [record.reference]]


def test_a_duplicate_court_file_is_a_400_naming_the_field(client_for, countries):
    sentence(countries["GT"], court_file="C-01077-2022-00431")
    response = _post(client_for("gt_editor"), _body(court_file="c01077/2022/00431"))
    assert response.status_code == 400
    assert "court_file" in response.json()
    assert Sentence.objects.count() == 1


def test_a_sentence_without_its_court_file_number_is_refused(client_for, countries):
    body = _body()
    del body["court_file"]
    response = _post(client_for("gt_editor"), body)
    assert response.status_code == 400
    assert "court_file" in response.json()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"summary": "Víctima con DPI 2456 78901 0101 declaró."}, "summary"),
        ({"prison_years": "-1"}, "prison_years"),
        ({"final_date": "2022-02-30"}, "final_date"),
        ({"exploitation_forms": ["slavery"]}, "exploitation_forms"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client_for, countries, change, field):
    response = _post(client_for("gt_editor"), _body(**change))
    assert response.status_code == 400
    assert field in response.json()


def test_a_bad_citizenship_or_a_zero_count_is_refused(client_for, countries):
    body = _body()
    body["victims"][0]["citizenship"] = "Narnia"
    body["defendants"][0]["count"] = 0
    response = _post(client_for("gt_editor"), body)
    assert response.status_code == 400
    assert set(response.json()) == {"victims", "defendants"}


@pytest.mark.usefixtures("in_english")
def test_an_approved_year_refuses_writes_with_409(client_for, countries):
    record = sentence(countries["GT"], final_date=datetime.date(2022, 5, 1))
    Approval.objects.create(
        kind="sentences", country=countries["GT"], year=2022, state=ApprovalState.APPROVED
    )
    client = client_for("gt_editor")
    assert _post(client, _body(court_file="C-9")).status_code == 409
    url = reverse("api:sentence-detail", args=[record.pk])
    response = client.patch(url, {"prison_years": "3"}, content_type="application/json")
    assert response.status_code == 409
    assert "withdraw the approval" in response.json()["detail"]
    assert client.delete(url).status_code == 409
    assert Sentence.objects.filter(pk=record.pk).exists()


def test_moving_the_date_recomputes_both_years(client_for, countries):
    record = sentence(countries["GT"], final_date=datetime.date(2021, 5, 1))
    response = client_for("gt_editor").patch(
        reverse("api:sentence-detail", args=[record.pk]),
        {"final_date": "2023-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert _convicted(countries["GT"], 2021) is None
    assert _convicted(countries["GT"], 2023) == 2


def test_unticking_reparation_with_an_amount_recorded_is_a_400_not_a_500(client_for, countries):
    record = sentence(countries["GT"], reparation_ordered=True, reparation_amount=5000)
    url = reverse("api:sentence-detail", args=[record.pk])
    response = client_for("gt_editor").patch(
        url, {"reparation_ordered": False}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "reparation_amount" in response.json()
    record.refresh_from_db()
    assert record.reparation_ordered


@pytest.mark.usefixtures("in_english")
def test_a_patch_with_a_count_row_missing_a_field_is_a_400_naming_the_row(client_for, countries):
    record = sentence(countries["GT"])
    url = reverse("api:sentence-detail", args=[record.pk])
    rows = [
        {
            "outcome": "convicted",
            "sex": "female",
            "age_group": "adult",
            "citizenship": "GT",
            "count": 1,
        },
        {"sex": "male", "age_group": "adult", "citizenship": "GT", "count": 2},
    ]
    response = client_for("gt_editor").patch(
        url, {"defendants": rows}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["defendants"] == ["Row 2: outcome required."]
    response = client_for("gt_editor").patch(
        url, {"victims": [{"exploitation": "forced_labour"}]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Row 1: sex, age_group, citizenship, count required." in response.json()["victims"]


def test_deleting_recomputes_the_year(client_for, countries):
    record = sentence(countries["GT"])
    response = client_for("gt_editor").delete(reverse("api:sentence-detail", args=[record.pk]))
    assert response.status_code == 204
    assert _convicted(countries["GT"], 2021) is None


def test_the_guatemala_editor_gets_404_for_a_costa_rica_record(client_for, countries):
    record = sentence(countries["CR"])
    client = client_for("gt_editor")
    url = reverse("api:sentence-detail", args=[record.pk])
    assert client.get(url).status_code == 404
    assert client.patch(url, {}, content_type="application/json").status_code == 404
    assert client.delete(url).status_code == 404
    assert client.get(reverse("api:sentence-list")).json()["results"] == []


def test_writing_for_another_country_is_403(client_for, countries):
    response = _post(client_for("gt_editor"), _body(country="CR"))
    assert response.status_code == 403
    assert not Sentence.objects.exists()


@pytest.mark.parametrize("persona", ["partner", "cr_contributor", "auditor"])
def test_the_records_are_refused_to_those_who_keep_no_sentences(client_for, countries, persona):
    sentence(countries["CR"])
    client = client_for(persona)
    assert client.get(reverse("api:sentence-list")).status_code == 403
    assert client.get(reverse("api:offence-list")).status_code == 403
    assert _post(client, _body(country="CR")).status_code == 403


def test_an_anonymous_client_is_refused(client_for, countries):
    assert client_for("anonymous").get(reverse("api:sentence-list")).status_code in (401, 403)


def test_the_list_takes_a_fixed_number_of_queries(
    client_for, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    for _n in range(3):
        sentence(countries["GT"], refresh=False)
    client.get(reverse("api:sentence-list"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("api:sentence-list"))
    for _n in range(15):
        sentence(countries["CR"], refresh=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("api:sentence-list"))


def test_offences_are_read_and_extended_by_the_countrys_editor(client_for, countries):
    offence(countries["CR"], article="Art. 172")
    client = client_for("gt_editor")
    response = client.post(
        reverse("api:offence-list"),
        {
            "country": "GT",
            "category": "trafficking",
            "name": "Trata de personas",
            "legal_article": "Art. 202 Ter",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    listed = client.get(reverse("api:offence-list")).json()["results"]
    assert [row["legal_article"] for row in listed] == ["Art. 202 Ter"]


def test_an_offence_a_sentence_names_cannot_be_deleted(client_for, countries):
    article = offence(countries["GT"])
    sentence(countries["GT"]).offences.add(article)
    response = client_for("gt_editor").delete(reverse("api:offence-detail", args=[article.pk]))
    assert response.status_code == 409


def test_the_schema_lists_the_records_api(client_for, countries):
    response = client_for("regional_admin").get(reverse("api-schema"))
    assert "/api/sentences/" in response.content.decode()
    assert "/api/offences/" in response.content.decode()


def test_ids_no_database_holds_are_a_400(client_for, countries):
    huge = 99999999999999999999999
    response = _post(client_for("gt_editor"), _body(area=huge, offences=[huge]))
    assert response.status_code == 400
    assert set(response.json()) == {"area", "offences"}
