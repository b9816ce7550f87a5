"""The record pages of the final sentences, as their editors and everyone else meet them."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core import serializers
from django.db import connection
from django.urls import reverse

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval, AuditEntry
from coalition.mapping.models import AdminArea
from coalition.sentences.models import Figure, Offence, Sentence, Source
from coalition.sentences.tests.factories import offence, sentence

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

COURT_FILE = "C-01077-2022-00431"


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


def _approve(country, year):
    Approval.objects.create(
        kind="sentences", country=country, year=year, state=ApprovalState.APPROVED
    )


def _form(country, final_date="2022-03-15", court_file=COURT_FILE, **extra):
    data = {
        "country": country.pk,
        "court_file": court_file,
        "court_level": "first_instance",
        "final_date": final_date,
        "exploitation_forms": ["sexual"],
        "prison_years": "12",
        "summary": "Trata con fines de explotación sexual; condena de primera instancia.",
        "defendants-TOTAL_FORMS": "2",
        "defendants-INITIAL_FORMS": "0",
        "defendants-0-outcome": "convicted",
        "defendants-0-sex": "male",
        "defendants-0-age_group": "adult",
        "defendants-0-citizenship": "GT",
        "defendants-0-count": "2",
        "victims-TOTAL_FORMS": "1",
        "victims-INITIAL_FORMS": "0",
        "victims-0-exploitation": "sexual",
        "victims-0-sex": "female",
        "victims-0-age_group": "minor",
        "victims-0-citizenship": "HN",
        "victims-0-count": "3",
    }
    data.update(extra)
    return data


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_the_editors_own_country_only(client_for, countries):
    mine = sentence(countries["GT"])
    theirs = sentence(countries["CR"])
    response = client_for("gt_editor").get(reverse("sentence-list"))
    assert response.status_code == 200
    assert mine.reference in response.text
    assert theirs.reference not in response.text


def test_the_list_filters_by_year_court_level_offence_and_form(client_for, countries):
    procuring = offence(countries["GT"], category="procuring", article="Art. 191")
    old = sentence(countries["GT"], final_date=datetime.date(2021, 5, 1))
    new = sentence(
        countries["GT"],
        final_date=datetime.date(2023, 5, 1),
        forms=("forced_labour",),
    )
    Sentence.objects.filter(pk=new.pk).update(court_level="appeal")
    new.offences.add(procuring)
    client = client_for("regional_admin")
    for query in (
        {"year": 2023},
        {"court_level": "appeal"},
        {"category": "procuring"},
        {"exploitation": "forced_labour"},
    ):
        response = client.get(reverse("sentence-list"), query)
        assert new.reference in response.text, query
        assert old.reference not in response.text, query


def test_the_list_filters_by_the_approval_of_the_year(client_for, countries):
    approved = sentence(countries["GT"], final_date=datetime.date(2021, 5, 1))
    open_year = sentence(countries["GT"], final_date=datetime.date(2022, 5, 1))
    _approve(countries["GT"], 2021)
    client = client_for("gt_editor")
    response = client.get(reverse("sentence-list"), {"approval": "approved"})
    assert approved.reference in response.text
    assert open_year.reference not in response.text
    response = client.get(reverse("sentence-list"), {"approval": "open"})
    assert open_year.reference in response.text
    assert approved.reference not in response.text


def test_the_list_sorts_and_pages(client_for, countries):
    for day in range(1, 28):
        sentence(countries["CR"], final_date=datetime.date(2022, 1, day), refresh=False)
    client = client_for("cr_editor")
    first = client.get(reverse("sentence-list"), {"ordering": "final_date"})
    oldest = Sentence.objects.order_by("final_date").first()
    assert first.context["sentences"][0] == oldest
    second = client.get(reverse("sentence-list"), {"page": 2})
    assert len(second.context["sentences"]) == 2
    assert "26–27 of 27" in second.text


def test_an_empty_list_says_so(client_for, countries):
    response = client_for("cr_editor").get(reverse("sentence-list"))
    assert "No final sentence recorded yet." in response.text
    response = client_for("cr_editor").get(reverse("sentence-list"), {"year": 1999})
    assert "No sentence matches these filters." in response.text


def test_a_bad_filter_is_a_400_naming_it(client_for, countries):
    response = client_for("cr_editor").get(reverse("sentence-list"), {"year": "last"})
    assert response.status_code == 400
    assert "year" in response.text


def test_the_list_takes_the_same_queries_for_few_and_many_sentences(
    client_for, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    gt_offence = offence(countries["GT"])
    for _n in range(3):
        sentence(countries["GT"], refresh=False).offences.add(gt_offence)
    client.get(reverse("sentence-list"))  # the session and the standing settle
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("sentence-list"))
    for _n in range(20):
        sentence(countries["GT"], refresh=False).offences.add(gt_offence)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("sentence-list"))


@pytest.mark.parametrize("persona", ["partner", "cr_contributor", "auditor"])
def test_the_list_is_refused_to_those_who_keep_no_sentences(client_for, countries, persona):
    sentence(countries["CR"])
    assert client_for(persona).get(reverse("sentence-list")).status_code == 403


def test_the_list_answers_a_post_with_405(client_for, countries):
    assert client_for("cr_editor").post(reverse("sentence-list")).status_code == 405


# --- audit ------------------------------------------------------------------------------


def test_the_list_writes_the_references_of_its_page_to_the_audit_log(client_for, countries):
    shown = sentence(countries["GT"])
    client_for("gt_editor").get(reverse("sentence-list"))
    entry = AuditEntry.objects.filter(action="view", object_type="sentences.sentence").last()
    assert entry.actor.username == "gt_editor"
    assert entry.after["references"] == [shown.reference]


def test_opening_a_sentence_is_audited(client_for, countries):
    record = sentence(countries["GT"])
    client_for("gt_editor").get(record.get_absolute_url())
    entry = AuditEntry.objects.filter(action="view", object_id=str(record.pk)).get()
    assert entry.after["references"] == [record.reference]


# --- export -----------------------------------------------------------------------------


def test_the_export_holds_what_the_user_sees_in_csv_and_xlsx(client_for, countries):
    mine = sentence(countries["GT"])
    theirs = sentence(countries["CR"])
    client = client_for("gt_editor")
    response = client.get(reverse("sentence-export"), {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.startswith("Reference,Country,Year")
    assert mine.reference in text
    assert theirs.reference not in text
    response = client.get(reverse("sentence-export"), {"format": "xlsx", "lang": "es"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Referencia"
    assert sheet["A2"].value == mine.reference
    assert sheet.max_row == 2
    entries = AuditEntry.objects.filter(action="export", object_type="sentences.sentence")
    assert [e.after["references"] for e in entries] == [[mine.reference], [mine.reference]]


def test_an_unknown_export_format_is_a_400(client_for, countries):
    response = client_for("gt_editor").get(reverse("sentence-export"), {"format": "pdf"})
    assert response.status_code == 400


# --- one sentence -----------------------------------------------------------------------


def test_the_page_shows_penalties_offences_counts_and_the_approval(client_for, countries):
    article = offence(countries["GT"], article="Art. 202 Ter", name="Trata de personas")
    record = sentence(
        countries["GT"],
        prison_years=16,
        defendants=(
            ("convicted", "male", "adult", "GT", 2),
            ("acquitted", "female", "adult", "SV", 1),
        ),
        victims=(("female", "minor", "HN", "sexual", 3),),
    )
    record.offences.add(article)
    response = client_for("gt_editor").get(record.get_absolute_url())
    assert response.status_code == 200
    for shown in ("Art. 202 Ter", "16 years", "Acquitted", "El Salvador", "Honduras", "Open"):
        assert shown in response.text, shown


def test_the_guatemala_editor_cannot_reach_a_costa_rica_record(client_for, countries):
    record = sentence(countries["CR"])
    client = client_for("gt_editor")
    for name in ("sentence-detail", "sentence-update"):
        assert client.get(reverse(name, args=[record.pk])).status_code == 404
    assert client.post(reverse("sentence-delete", args=[record.pk])).status_code == 404
    assert client.get(reverse("api:sentence-detail", args=[record.pk])).status_code == 404
    export = client.get(reverse("sentence-export"), {"format": "csv"})
    assert record.reference not in export.content.decode("utf-8-sig")
    search = client.get(reverse("sentence-list"), {"q": record.reference, "country": "CR"})
    assert search.context["sentences"] == []
    assert "No sentence matches these filters." in search.text
    api_search = client.get(reverse("api:sentence-list"), {"q": record.reference})
    assert record.reference not in api_search.text
    assert Sentence.objects.filter(pk=record.pk).exists()


# --- create, edit, delete ---------------------------------------------------------------


def test_an_editor_records_a_sentence_with_its_counts(client_for, countries):
    area = AdminArea.objects.create(country=countries["GT"], name="Quetzaltenango")
    article = offence(countries["GT"], article="Art. 202 Ter")
    response = client_for("gt_editor").post(
        reverse("sentence-create"),
        _form(countries["GT"], area=area.pk, offences=[article.pk]),
    )
    record = Sentence.objects.get()
    assert response.status_code == 302
    assert response.url == record.get_absolute_url()
    assert record.reference.startswith("GT-2022-")
    assert list(record.offences.all()) == [article]
    assert record.defendants.get().count == 2
    assert record.victims.get().citizenship == "HN"
    assert _convicted(countries["GT"], 2022) == 2
    assert AuditEntry.objects.filter(action="create", object_id=str(record.pk)).exists()


def test_the_court_file_number_is_stored_nowhere(client_for, countries):
    client = client_for("gt_editor")
    client.post(reverse("sentence-create"), _form(countries["GT"]))
    record = Sentence.objects.get()
    client.get(record.get_absolute_url())
    client.get(reverse("sentence-export"), {"format": "csv"})
    form = client.get(reverse("sentence-update", args=[record.pk]))
    assert "01077-2022" not in form.text
    assert "01077-2022" not in serializers.serialize("json", _every_row())
    if connection.vendor == "sqlite":  # every table, sessions and audit log included
        assert "01077-2022" not in "\n".join(connection.connection.iterdump())
    assert "01077-2022" not in json.dumps(list(AuditEntry.objects.values()), default=str)


def _every_row():
    from django.apps import apps

    for model in apps.get_models():
        yield from model._default_manager.all()


def test_a_duplicate_court_file_in_the_same_country_is_refused(client_for, countries):
    existing = sentence(countries["GT"], court_file=COURT_FILE)
    response = client_for("gt_editor").post(
        reverse("sentence-create"), _form(countries["GT"], court_file="c 01077 2022 00431")
    )
    assert response.status_code == 400
    assert f"already recorded in Guatemala, as sentence {existing.reference}" in response.text
    assert "00431" not in response.text  # the number typed is not shown back
    assert Sentence.objects.count() == 1


def test_the_summary_is_refused_when_it_holds_an_identifier(client_for, countries):
    response = client_for("gt_editor").post(
        reverse("sentence-create"),
        _form(countries["GT"], summary="La víctima, contacto 5555-1234, declaró."),
    )
    assert response.status_code == 400
    assert "5555-1234" not in response.text.split("<textarea")[0]
    assert Sentence.objects.count() == 0


def test_areas_and_offences_of_another_country_are_refused(client_for, countries):
    area = AdminArea.objects.create(country=countries["CR"], name="Limón")
    article = offence(countries["CR"], article="Art. 172")
    response = client_for("regional_admin").post(
        reverse("sentence-create"),
        _form(countries["GT"], area=area.pk, offences=[article.pk]),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Select a valid choice" in errors["area"][0]
    assert "Select a valid choice" in errors["offences"][0]
    assert Sentence.objects.count() == 0


def test_the_form_offers_only_the_countrys_areas_and_offences(client_for, countries):
    AdminArea.objects.create(country=countries["GT"], name="Petén")
    AdminArea.objects.create(country=countries["CR"], name="Limón")
    offence(countries["CR"], article="Art. 172", name="Trata CR")
    response = client_for("gt_editor").get(reverse("sentence-create"))
    assert "Petén" in response.text
    assert "Limón" not in response.text
    assert "Trata CR" not in response.text


def test_a_country_no_database_holds_is_a_400(client_for, countries):
    data = _form(countries["GT"])
    data["country"] = "99999999999999999999999"
    response = client_for("regional_admin").post(reverse("sentence-create"), data)
    assert response.status_code == 400
    assert "country" in response.context["form"].errors


def test_two_rows_counting_the_same_people_are_refused(client_for, countries):
    data = _form(countries["GT"])
    data.update(
        {
            "defendants-1-outcome": "convicted",
            "defendants-1-sex": "male",
            "defendants-1-age_group": "adult",
            "defendants-1-citizenship": "GT",
            "defendants-1-count": "1",
        }
    )
    response = client_for("gt_editor").post(reverse("sentence-create"), data)
    assert response.status_code == 400
    assert "add them up in one row" in response.text


def test_editing_keeps_the_court_file_when_left_blank_and_moves_the_figures(client_for, countries):
    record = sentence(countries["GT"], court_file=COURT_FILE)
    kept = record.court_file_hash
    client = client_for("gt_editor")
    form = client.get(reverse("sentence-update", args=[record.pk]))
    data = _form(countries["GT"], final_date="2023-01-10", court_file="")
    data.update(
        {
            "record_version": form.context["form"].initial["record_version"],
            "defendants-TOTAL_FORMS": "1",
            "defendants-INITIAL_FORMS": "1",
            "defendants-0-id": record.defendants.get().pk,
            "defendants-0-sentence": record.pk,
            "defendants-0-count": "5",
            "victims-TOTAL_FORMS": "0",
        }
    )
    response = client.post(reverse("sentence-update", args=[record.pk]), data)
    assert response.status_code == 302, response.content
    record.refresh_from_db()
    assert record.court_file_hash == kept
    assert record.year == 2023
    assert _convicted(countries["GT"], 2021) is None
    assert _convicted(countries["GT"], 2023) == 5


def test_an_approved_year_refuses_create_edit_and_delete(client_for, countries):
    record = sentence(countries["GT"], final_date=datetime.date(2022, 5, 1))
    _approve(countries["GT"], 2022)
    client = client_for("gt_editor")
    response = client.post(reverse("sentence-create"), _form(countries["GT"], court_file="C-9"))
    assert response.status_code == 400
    assert "ask the regional administrator to withdraw the approval" in response.text
    response = client.get(reverse("sentence-update", args=[record.pk]), follow=True)
    assert "ask the regional administrator to withdraw the approval" in response.text
    response = client.post(reverse("sentence-delete", args=[record.pk]), follow=True)
    assert "ask the regional administrator to withdraw the approval" in response.text
    assert Sentence.objects.filter(pk=record.pk).exists()


def test_deleting_a_sentence_recomputes_its_year(client_for, countries):
    record = sentence(countries["GT"])
    assert _convicted(countries["GT"], 2021) == 2
    response = client_for("gt_editor").post(reverse("sentence-delete", args=[record.pk]))
    assert response.url == reverse("sentence-list")
    assert not Sentence.objects.exists()
    assert _convicted(countries["GT"], 2021) is None
    assert AuditEntry.objects.filter(action="delete", object_id=str(record.pk)).exists()


@pytest.mark.parametrize("persona", ["partner", "cr_contributor", "auditor"])
def test_the_form_is_refused_to_those_who_keep_no_sentences(client_for, countries, persona):
    assert client_for(persona).get(reverse("sentence-create")).status_code == 403


# --- offences and the section -----------------------------------------------------------


def test_an_editor_adds_its_countrys_legal_article(client_for, countries):
    client = client_for("cr_editor")
    response = client.post(
        reverse("offence-create"),
        {
            "country": countries["CR"].pk,
            "category": "trafficking",
            "name": "Trata de personas",
            "legal_article": "Art. 172 Código Penal",
        },
    )
    assert response.status_code == 302
    listing = client.get(reverse("offence-list"))
    assert "Art. 172 Código Penal" in listing.text
    response = client.post(
        reverse("offence-create"),
        {
            "country": countries["CR"].pk,
            "category": "trafficking",
            "name": "Otra",
            "legal_article": "art. 172 código penal",
        },
    )
    assert "Costa Rica already lists this legal article." in response.text


def test_an_offence_a_sentence_names_is_not_deleted(client_for, countries):
    article = offence(countries["CR"])
    sentence(countries["CR"]).offences.add(article)
    client = client_for("cr_editor")
    response = client.post(reverse("offence-delete", args=[article.pk]), follow=True)
    assert "1 sentences name it" in response.text
    assert Offence.objects.filter(pk=article.pk).exists()


def test_the_guatemala_editor_cannot_edit_a_costa_rica_offence(client_for, countries):
    article = offence(countries["CR"])
    response = client_for("gt_editor").get(reverse("offence-update", args=[article.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees_records"),
    [("gt_editor", True), ("regional_admin", True), ("partner", False), ("auditor", False)],
)
def test_every_member_finds_the_section_and_what_it_may_open(client_for, persona, sees_records):
    client = client_for(persona)
    home = client.get(reverse("home"))
    assert reverse("sentences-home") in home.text
    response = client.get(reverse("sentences-home"))
    assert response.status_code == 200
    assert (reverse("sentence-list") in response.text) is sees_records


def test_the_list_itself_answers_an_export_as_every_list_does(
    client_for, countries, django_assert_max_num_queries
):
    from coalition.core.tests.exports import check_list_export

    mine = [sentence(countries["GT"]) for _n in range(3)]
    theirs = sentence(countries["CR"])
    check_list_export(
        client_for,
        reverse("sentence-list"),
        bounded=django_assert_max_num_queries,
        max_queries=20,
        exporter="gt_editor",
        refused="partner",  # record-level sentences: only to those who read them
        headers=("Reference", "Referencia"),
        shown=[record.reference for record in mine],
        hidden=[theirs.reference],
        bad_filter={"approval": "nonsense"},
    )
    assert client_for("auditor").get(reverse("sentence-list"), {"export": "csv"}).status_code == 403


def test_the_offence_list_exports_its_filter(client_for, countries, django_assert_max_num_queries):
    from coalition.core.tests.exports import check_list_export
    from coalition.sentences.tests.factories import offence

    named = offence(countries["GT"])
    sentence(countries["GT"]).offences.add(named)
    offence(countries["GT"], category="other", article="Art. 1", name="Otro delito")
    offence(countries["CR"], name="Trata en Costa Rica")
    rows = check_list_export(
        client_for,
        reverse("offence-list"),
        bounded=django_assert_max_num_queries,
        max_queries=20,
        exporter="gt_editor",
        refused="cr_contributor",
        filters={"category": named.category},
        headers=("Country", "País"),
        shown=[named.name],
        hidden=["Otro delito", "Trata en Costa Rica"],
        bad_filter={"category": "nonsense"},
    )
    assert rows[1][-1] == "1"  # the sentences that name it
