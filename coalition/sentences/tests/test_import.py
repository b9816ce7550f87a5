"""The import of record-level sentences: a file of one row per count of persons, checked
row by row (every problem with its row and column, nothing written on any), from the page,
its background job and ``coalition import_sentences``."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coalition.core import jobs
from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Approval, AuditEntry, Job
from coalition.mapping.models import AdminArea
from coalition.sentences import io as sentences_io
from coalition.sentences import io_format
from coalition.sentences.choices import Indicator
from coalition.sentences.models import (
    APPROVAL_KIND,
    DefendantCount,
    Figure,
    Sentence,
    Source,
    VictimCount,
)
from coalition.sentences.tests.factories import offence, sentence

pytestmark = pytest.mark.usefixtures("in_english")

SENTENCE = {
    "court_file": "C-01077-2021-00012",
    "country": "GT",
    "court_level": "first instance",
    "area": "Escuintla",
    "final_date": "2021-06-30",
    "offences": "Art. 202 Ter",
    "exploitation_forms": "sexual",
    "prison_years": "16",
    "fine_amount": "40000",
    "reparation_ordered": "yes",
    "reparation_amount": "5000",
    "summary": "Condena por trata con fines de explotación sexual, artículo 202 Ter.",
    "defendants_total": "3",
    "victims_total": "4",
}
COUNTS = [
    {"person": "defendant", "outcome": "convicted", "sex": "male", "age_group": "18+",
     "citizenship": "GT", "count": "2"},
    {"person": "defendant", "outcome": "acquitted", "sex": "female", "age_group": "18+",
     "citizenship": "Honduras", "count": "1"},
    {"person": "victim", "sex": "female", "age_group": "0-17", "citizenship": "GT",
     "exploitation": "sexual", "count": "3"},
    {"person": "victim", "sex": "female", "age_group": "18+", "citizenship": "XX",
     "count": "1"},
]  # fmt: skip


def court_file(number="C-01077-2021-00012", counts=COUNTS, **fields):
    """The rows of one court file: the first carries the sentence's fields."""
    first = {**SENTENCE, "court_file": number, **fields}
    return [{**first, **counts[0]}] + [{"court_file": number, **c} for c in counts[1:]]


def csv_bytes(rows, language="en"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(io_format.headers(language))
    for row in rows:
        writer.writerow([row.get(key, "") for key in io_format.COLUMNS])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows, language="en"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(io_format.headers(language))
    for row in rows:
        sheet.append([row.get(key, "") for key in io_format.COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(content, name="sentences.csv", user=None):
    return sentences_io.import_sentences(io.BytesIO(content), name, user=user)


def problems_of(content, name="sentences.csv", user=None):
    with pytest.raises(sentences_io.SentenceFileError) as refused:
        run_import(content, name, user)
    assert not Sentence.objects.exists(), "nothing is written when the file has a problem"
    return [(p.row, p.column, p.message) for p in refused.value.problems]


@pytest.fixture
def law(countries):
    gt, cr = countries["GT"], countries["CR"]
    AdminArea.objects.create(country=gt, name="Escuintla")
    return {
        "gt_trafficking": offence(gt, article="Art. 202 Ter"),
        "gt_procuring": offence(gt, category="procuring", article="Art. 191"),
        "cr_trafficking": offence(cr, article="Art. 172"),
    }


# --- what an accepted file does --------------------------------------------------------------


def test_a_file_in_english_writes_its_sentences_counts_and_statistics(law, personas):
    result = run_import(csv_bytes(court_file() + court_file("C-2", offences="procuring")))
    assert result.sentences == 2 and result.rows == 8
    record = Sentence.objects.get(court_file_hash__isnull=False, offences=law["gt_procuring"])
    assert record.reference.startswith("GT-2021-")
    assert record.area.name == "Escuintla"
    assert record.reparation_amount == 5000 and record.prison_years == 16
    assert sorted(record.defendants.values_list("outcome", "citizenship", "count")) == [
        ("acquitted", "HN", 1),
        ("convicted", "GT", 2),
    ]
    assert sorted(record.victims.values_list("age_group", "citizenship", "exploitation")) == [
        ("adult", "XX", "sexual"),
        ("minor", "GT", "sexual"),
    ]
    convicted = Figure.objects.get(
        source=Source.national(), country=law["gt_trafficking"].country, year=2021,
        indicator=Indicator.CONVICTED, dimension="total", sex="total", age="total",
    )  # fmt: skip
    assert convicted.value == 4, "the statistics are refreshed by the import"


def test_spanish_headers_and_words_are_read_as_well(law):
    rows = court_file(
        court_level="primera instancia",
        reparation_ordered="sí",
        counts=[
            {"person": "procesado", "outcome": "condenado", "sex": "hombre", "age_group": "adulto",
             "citizenship": "Guatemala", "count": "3"},
            {"person": "víctima", "sex": "mujer", "age_group": "menor de edad",
             "citizenship": "Guatemala", "exploitation": "explotación sexual", "count": "4"},
        ],
    )  # fmt: skip
    run_import(csv_bytes(rows, "es"))
    assert DefendantCount.objects.get().count == 3
    assert VictimCount.objects.get().age_group == "minor"


def test_an_xlsx_workbook_imports_like_a_csv_file(law):
    run_import(xlsx_bytes(court_file(final_date=datetime.date(2021, 6, 30))), "s.xlsx")
    assert Sentence.objects.get().final_date == datetime.date(2021, 6, 30)


def test_the_downloaded_templates_list_the_headers_and_refuse_their_fictitious_example(
    law, client_for
):
    client = client_for("gt_editor")
    for language in ("es", "en"):
        response = client.get(reverse("sentence-import-template"), {"lang": language})
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert [c.value for c in book.worksheets[0][1]] == io_format.headers(language)
        assert book.worksheets[1].title == ("Códigos" if language == "es" else "Codes")
        content = client.get(
            reverse("sentence-import-template"), {"format": "csv", "lang": language}
        ).content
        problems = problems_of(content)
        assert any("fictitious example" in message for _r, _c, message in problems)


# --- every kind of problem, with its row and column ---------------------------------------------


@pytest.mark.parametrize(
    ("fields", "column", "message"),
    [
        ({"country": "Atlantis"}, "Country", "“Atlantis” is not a member country"),
        ({"court_level": "district"}, "Court level", "“district” is not one of"),
        ({"offences": "Art. 999"}, "Offences", "neither a legal article"),
        ({"offences": "trafficking; smuggling"}, "Offences", "no offence of the category"),
        ({"exploitation_forms": "slavery"}, "Forms of exploitation", "“slavery” is not one"),
        ({"final_date": "2021-02-30"}, "Date final", "“2021-02-30” is not a date"),
        ({"final_date": "2999-01-01"}, "Date final", "is in the future"),
        ({"final_date": "1921-01-01"}, "Date final", "is before 1990-01-01"),
        ({"area": "Atlantis"}, "First-level area", "Guatemala has no first-level area"),
        ({"defendants_total": "-3"}, "Defendants total", "not a whole number of 0 or more"),
        ({"prison_years": "many"}, "Prison years", "not an amount"),
        ({"fine_amount": "1e15"}, "Fine (USD)", "“1e15” is too large"),
        ({"reparation_ordered": "no"}, "Reparation amount (USD)", "needs “Reparation ordered”"),
        ({"summary": "La víctima, nacida el 12/03/1990, declaró."}, "Legal summary",
         "seems to identify a person"),
    ],
)  # fmt: skip
def test_a_wrong_sentence_field_is_named_with_its_row_and_column(law, fields, column, message):
    problems = problems_of(csv_bytes(court_file(**fields)))
    assert any(row == 2 and col == column and message in text for row, col, text in problems), (
        problems
    )


def test_the_summary_refusal_does_not_echo_the_identifier(law):
    problems = problems_of(csv_bytes(court_file(summary="Contacto: 5555-1234, Escuintla.")))
    assert problems and all("5555" not in message for _r, _c, message in problems)


@pytest.mark.parametrize(
    ("count", "column", "message"),
    [
        ({"count": "-2"}, "Count", "“-2” is not a whole number of 0 or more"),
        ({"count": "2.5"}, "Count", "“2.5” is not a whole number"),
        ({"sex": "x"}, "Sex", "“x” is not one of"),
        ({"age_group": "old"}, "Age group", "“old” is not one of"),
        ({"outcome": "pardoned"}, "Outcome", "“pardoned” is not one of"),
        ({"outcome": ""}, "Outcome", "needs its outcome"),
        ({"citizenship": "Narnia"}, "Citizenship", "“Narnia” is not a country"),
        ({"person": "witness"}, "Person", "“witness” is not one of"),
    ],
)
def test_a_wrong_count_is_named_with_its_row_and_column(law, count, column, message):
    counts = [{**COUNTS[0], **count}] + COUNTS[1:]
    problems = problems_of(csv_bytes(court_file(counts=counts)))
    assert any(row == 2 and col == column and message in text for row, col, text in problems), (
        problems
    )


def test_counts_that_do_not_add_up_to_the_declared_totals_name_the_rows(law):
    problems = problems_of(csv_bytes(court_file(defendants_total="5", victims_total="4")))
    assert problems == [
        (2, "Defendants total", "The defendants counted in rows 2–5 add up to 3, not 5.")
    ]


def test_a_later_row_that_changes_the_sentence_is_refused(law):
    rows = court_file()
    rows[2]["final_date"] = "2020-01-01"
    problems = problems_of(csv_bytes(rows))
    assert problems[0][:2] == (4, "Date final")
    assert "differs from row 2 of the same court file" in problems[0][2]


def test_a_court_file_twice_in_the_file_is_refused(law):
    content = csv_bytes(court_file("C-9") + court_file("C-10") + court_file("c 9"))
    problems = problems_of(content)
    assert problems == [
        (
            10,
            "Court file",
            "This court file is also at row 2: the rows of one court file go together, and a "
            "court file is imported once.",
        )
    ]


def test_a_court_file_already_recorded_is_refused(law):
    sentence(law["gt_trafficking"].country, court_file="C-01077-2021-00012")
    before = Sentence.objects.count()
    with pytest.raises(sentences_io.SentenceFileError) as refused:
        run_import(csv_bytes(court_file("c 01077 2021 00012")))
    assert Sentence.objects.count() == before
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "Court file")]
    assert "already recorded" in refused.value.problems[0].message


def test_an_approved_year_is_refused_with_a_message(law):
    Approval.objects.create(
        kind=APPROVAL_KIND,
        country=law["gt_trafficking"].country,
        year=2021,
        state=ApprovalState.APPROVED,
    )
    problems = problems_of(csv_bytes(court_file()))
    assert problems[0][:2] == (2, "Date final")
    assert "approved, so they may not change" in problems[0][2]


def test_a_guatemala_editor_cannot_import_costa_rica_rows(law, personas):
    rows = court_file("C-1", offences="Art. 172", area="", country="CR")
    problems = problems_of(csv_bytes(rows), user=personas["gt_editor"])
    assert (2, "Country", "You may not import sentences of Costa Rica.") in problems


def test_a_missing_column_and_an_unknown_one_are_named(law):
    content = csv_bytes(court_file()).replace(b",Count\r\n", b",Number\r\n", 1)
    problems = problems_of(content)
    assert (1, "Number", "Unknown column. Use the template of the sentences.") in problems
    assert (1, "Cantidad", "The column “Cantidad” (“Count”) is missing.") in problems


def test_problems_after_a_written_batch_leave_nothing_written(law, monkeypatch):
    monkeypatch.setattr(sentences_io, "BATCH", 2)
    rows = [r for n in range(6) for r in court_file(f"C-{n}")]
    rows[-1]["count"] = "-1"
    problems = problems_of(csv_bytes(rows))
    assert [p[:2] for p in problems][0] == (len(rows) + 1, "Count")


# --- the page, the job and the command -----------------------------------------------------------


def upload(client, content, name="sentences.csv"):
    return client.post(reverse("sentence-import"), {"file": SimpleUploadedFile(name, content)})


def test_the_page_is_for_country_editors_and_regional_administrators(law, client_for):
    assert client_for("gt_editor").get(reverse("sentence-import")).status_code == 200
    assert client_for("regional_admin").get(reverse("sentence-import")).status_code == 200
    for persona in ("partner", "cr_contributor", "auditor"):
        assert client_for(persona).get(reverse("sentence-import")).status_code in (403, 404)
    assert client_for("anonymous").get(reverse("sentence-import")).status_code == 302


def test_a_small_file_is_imported_at_once_and_audited(law, client_for):
    response = upload(client_for("gt_editor"), csv_bytes(court_file()))
    assert response.status_code == 302
    assert Sentence.objects.get().created_by.username == "gt_editor"
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.after["sentences"] == 1 and entry.after["years"] == [2021]


def test_a_refused_small_file_lists_its_problems_on_the_page(law, client_for):
    response = upload(client_for("gt_editor"), csv_bytes(court_file(country="CR", area="")))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was recorded" in text
    assert "<td>2</td><td>Country</td>" in text


def test_a_large_file_runs_as_a_job_whose_page_shows_the_result(law, client_for):
    rows = [r for n in range(200) for r in court_file(f"C-{n}")]
    content = csv_bytes(rows)
    assert len(content) > jobs.BACKGROUND_ROWS * 100
    response = upload(client_for("gt_editor"), content)
    job = Job.objects.get()
    assert response["Location"] == reverse("job-detail", kwargs={"pk": job.pk})
    page = client_for("gt_editor").get(response["Location"]).content.decode()
    assert "800 rows imported: 200 sentences" in page
    assert Sentence.objects.count() == 200


def test_a_large_refused_file_shows_its_problems_on_the_job_page(law, client_for):
    rows = [r for n in range(200) for r in court_file(f"C-{n}")]
    rows[401]["sex"] = "x"
    response = upload(client_for("gt_editor"), csv_bytes(rows))
    page = client_for("gt_editor").get(response["Location"]).content.decode()
    assert "Nothing was recorded: the file has 1 problem to fix." in page
    assert "<td>403</td><td>Sex</td>" in page
    assert not Sentence.objects.exists()


def test_the_job_reports_its_progress_while_it_reads(law, client_for, monkeypatch):
    reported = []
    monkeypatch.setattr(sentences_io, "PROGRESS_ROWS", 100)
    real = jobs.Progress.__call__
    monkeypatch.setattr(
        jobs.Progress, "__call__", lambda self, d, t: reported.append((d, t)) or real(self, d, t)
    )
    rows = [r for n in range(200) for r in court_file(f"C-{n}")]
    upload(client_for("gt_editor"), csv_bytes(rows))
    assert reported[0] == (100, 800) and reported[-1] == (800, 800)


@pytest.mark.django_db(transaction=True)
def test_the_job_page_shows_a_progress_bar_until_a_worker_has_imported_it(
    law, client_for, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_for("gt_editor")
    rows = [r for n in range(200) for r in court_file(f"C-{n}")]
    location = upload(client, csv_bytes(rows))["Location"]
    waiting = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert "progress-bar" in waiting and 'hx-trigger="every 1s"' in waiting
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    done = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert "800 rows imported" in done
    assert Sentence.objects.count() == 200


def test_the_command_imports_a_file_and_says_what_it_did(law, tmp_path):
    path = tmp_path / "sentences.csv"
    path.write_bytes(csv_bytes(court_file()))
    out = io.StringIO()
    call_command("import_sentences", str(path), stdout=out)
    assert "4 rows imported: 1 sentences" in out.getvalue()
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).actor_repr == "system:import_sentences"


def test_the_command_lists_the_problems_and_exits_non_zero(law, tmp_path, personas):
    path = tmp_path / "sentences.csv"
    path.write_bytes(csv_bytes(court_file(country="CR", area="", offences="Art. 172")))
    with pytest.raises(CommandError) as refused:
        call_command("import_sentences", str(path), "--user", "gt_editor")
    assert "nothing imported, 1 problem(s)" in str(refused.value)
    assert "Row 2, column “Country”: You may not import sentences of Costa Rica." in str(
        refused.value
    )
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_sentences", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="may not import sentences"):
        call_command("import_sentences", str(path), "--user", "partner")
