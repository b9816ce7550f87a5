"""Attendance import: the template, every mistake reported with its row and column, nothing
written on error, the same list twice changes nothing; the command and the upload page."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from coalition.core import jobs
from coalition.core.choices import JobStatus
from coalition.core.models import AuditEntry, Job
from coalition.events.attendance_io import (
    AttendanceFileError,
    import_attendance,
    template_csv,
    template_xlsx,
)
from coalition.events.choices import Profession, Sex
from coalition.events.models import Attendance, Participant
from coalition.events.tests.conftest import make_event


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def one_day(countries):
    return make_event(countries["CR"], "Taller de un día", datetime.date(2026, 10, 5))


@pytest.fixture
def three_days(countries):
    return make_event(countries["GT"], "Curso de tres días", datetime.date(2026, 10, 5), days=3)


def csv_bytes(*rows, delimiter=",", encoding="utf-8"):
    return "\n".join(delimiter.join(row) for row in rows).encode(encoding)


def xlsx_bytes(*rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["Nombre", "Sexo", "Institución", "Profesión", "País", "Correo electrónico", "Teléfono"]


def test_a_file_with_mistakes_in_five_rows_reports_all_five_and_writes_nothing(
    one_day, organizations, english
):
    content = csv_bytes(
        HEADER,
        ["Ana Mora", "F", "Poder Judicial", "Jueces y magistrados", "CR", "", ""],
        ["", "M", "Fiscalía", "Fiscal", "CR", "", ""],  # row 3: no name
        ["Luis Solís", "Q", "Fiscalía", "Fiscal", "CR", "", ""],  # row 4: sex
        ["Eva Rojas", "F", "OIJ", "Astronauta", "CR", "", ""],  # row 5: profession
        ["Juan Pérez", "M", "PCD", "Policía", "Atlántida", "", ""],  # row 6: country
        ["Rosa Díaz", "F", "PANI", "ONG", "CR", "rosa@", ""],  # row 7: e-mail
        ["Mario Vega", "M", "DGME", "Migración", "CR", "", "+506 2222 3333"],
    )
    with pytest.raises(AttendanceFileError) as error:
        import_attendance(one_day, content, "lista.csv")
    problems = error.value.problems
    assert [(p.row, p.column) for p in problems] == [
        (3, "Nombre"),
        (4, "Sexo"),
        (5, "Profesión"),
        (6, "País"),
        (7, "Correo electrónico"),
    ]
    assert "“Q” is not a sex on the list" in str(problems[1])
    assert str(problems[0]) == "Row 3, column “Nombre”: This field is required."
    assert Participant.objects.count() == 0
    assert Attendance.objects.count() == 0
    assert not AuditEntry.objects.filter(action="import").exists()


def test_the_xlsx_template_filled_in_imports_every_row(three_days, organizations):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(three_days, "es")))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:7] == HEADER
    # ISO dates: "05/10/2026" would read as 10 May in the United States.
    assert headers[7:] == ["Día 1 (2026-10-05)", "Día 2 (2026-10-06)", "Día 3 (2026-10-07)"]
    sheet.append(["María  López", "Mujer", "Organismo Judicial", "Jueces y magistrados", "GT",
                  "maria@example.test", "", "x", "x", ""])  # fmt: skip
    sheet.append(["Pedro Gómez", "Hombre", "Ministerio Público", "Fiscales", "",
                  "", "", "", "sí", "X"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    result = import_attendance(three_days, out.getvalue(), "lista.xlsx")
    assert (result.rows, result.people_new, result.attendance_added) == (2, 2, 4)
    maria = Participant.objects.get(email="maria@example.test")
    assert maria.name == "María López" and maria.sex == Sex.FEMALE
    assert maria.profession == Profession.JUDGES and maria.country.iso2 == "GT"
    pedro = Participant.objects.get(name="Pedro Gómez")
    assert pedro.country.iso2 == "GT"  # empty country: the event's country
    days = sorted(Attendance.objects.filter(participant=pedro).values_list("day", flat=True))
    assert days == [datetime.date(2026, 10, 6), datetime.date(2026, 10, 7)]
    entry = AuditEntry.objects.get(action="import")
    assert entry.after["people_new"] == 2 and entry.after["attendance_added"] == 4


def test_importing_the_same_list_twice_changes_nothing(one_day, organizations):
    content = csv_bytes(HEADER, ["Ana Mora", "F", "Poder Judicial", "Jueces", "CR", "", ""])
    import_attendance(one_day, content, "lista.csv")
    again = import_attendance(one_day, content, "lista.csv")
    assert (
        again.people_new,
        again.people_known,
        again.attendance_added,
        again.attendance_already_recorded,
    ) == (0, 1, 0, 1)
    assert Attendance.objects.count() == 1


def test_english_headers_semicolons_and_latin_1_are_read(one_day, organizations):
    content = csv_bytes(
        ["Name", "Sex", "Institution", "Profession", "Country"],
        ["José Núñez", "male", "Fiscalía General", "prosecutors", "Costa Rica"],
        delimiter=";",
        encoding="cp1252",
    )
    result = import_attendance(one_day, content, "list.csv")
    assert result.people_new == 1
    assert Participant.objects.get().name == "José Núñez"


def test_a_missing_required_column_and_an_unknown_one_are_named(one_day, english):
    content = csv_bytes(["Nombre", "Sexo", "Color favorito"], ["Ana", "F", "azul"])
    with pytest.raises(AttendanceFileError) as error:
        import_attendance(one_day, content, "lista.csv")
    text = str(error.value)
    assert "“Color favorito”: Unknown column" in text
    assert "“Institución” (“Institution”) is missing" in text
    assert "“Profesión” (“Profession”) is missing" in text


def test_a_multi_day_row_with_no_day_marked_is_an_error(three_days, english):
    header = [*HEADER, "Día 1 (05/10/2026)", "Día 2 (06/10/2026)", "Día 3 (07/10/2026)"]
    content = csv_bytes(
        header,
        ["Ana Mora", "F", "OJ", "Jueces", "GT", "", "", "", "", ""],
        ["Luis Solís", "M", "MP", "Fiscales", "GT", "", "", "x", "quizás", ""],
    )
    with pytest.raises(AttendanceFileError) as error:
        import_attendance(three_days, content, "lista.csv")
    assert [str(p) for p in error.value.problems] == [
        "Row 2: No day is marked: mark at least one with “x”.",
        "Row 3, column “Día 2 (06/10/2026)”: “quizás”: mark the day with “x”, or leave it empty.",
    ]


def test_the_same_person_twice_in_a_file_is_reported(one_day, english):
    content = csv_bytes(
        HEADER,
        ["Ana Mora", "F", "Poder Judicial", "Jueces", "CR", "", ""],
        ["ANA  MORÁ", "F", "poder judicial", "Jueces", "CR", "", ""],
    )
    with pytest.raises(AttendanceFileError) as error:
        import_attendance(one_day, content, "lista.csv")
    assert [str(p) for p in error.value.problems] == [
        "Row 3: The same person as row 2 (same name and institution, or e-mail)."
    ]


def test_not_a_spreadsheet_is_refused_with_a_clear_message(one_day, english):
    with pytest.raises(AttendanceFileError) as error:
        import_attendance(one_day, b"PK\x03\x04 not really a zip", "lista.xlsx")
    assert "not an Excel workbook" in str(error.value)
    with pytest.raises(AttendanceFileError, match="no rows"):
        import_attendance(one_day, b"", "lista.csv")
    huge = b"Nombre,Sexo\n" + b"x" * 200_000 + b",F\n"
    with pytest.raises(AttendanceFileError, match="cannot be read as CSV"):
        import_attendance(one_day, huge, "lista.csv")


def test_the_csv_template_has_the_headers_in_the_language_asked(three_days):
    text = template_csv(three_days, "en").decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "Name,Sex,Institution,Profession,Country,E-mail,Phone,"
        "Day 1 (2026-10-05),Day 2 (2026-10-06),Day 3 (2026-10-07)"
    )


# --- the command -------------------------------------------------------------------------


def test_the_command_imports_a_file(one_day, tmp_path, organizations):
    path = tmp_path / "lista.csv"
    path.write_bytes(csv_bytes(HEADER, ["Ana Mora", "F", "Poder Judicial", "Jueces", "", "", ""]))
    out = io.StringIO()
    call_command("import_attendance", str(one_day.pk), str(path), stdout=out)
    assert "1 new people" in out.getvalue()
    assert AuditEntry.objects.get(action="import").actor_repr == "system:import_attendance"


def test_the_command_lists_every_problem_and_writes_nothing(one_day, tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes(
        csv_bytes(
            HEADER,
            ["", "F", "Poder Judicial", "Jueces", "", "", ""],
            ["Luis", "F", "Poder Judicial", "Bombero", "", "", ""],
        )
    )
    with pytest.raises(CommandError) as error:
        call_command("import_attendance", str(one_day.pk), str(path))
    message = str(error.value)
    assert "nothing imported, 2 problem(s)" in message
    assert "Row 2, column “Nombre”: This field is required." in message
    assert "Row 3, column “Profesión”: “Bombero” is not a profession" in message
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("event_id", "file", "message"),
    [
        ("abc", "x.csv", "EVENT_ID must be a number"),
        ("999999", "x.csv", "There is no event 999999."),
        (None, "/no/such/file.csv", "no such file"),
    ],
)
def test_the_command_refuses_bad_arguments_with_a_message(one_day, event_id, file, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_attendance", event_id or str(one_day.pk), file)


# --- the page ----------------------------------------------------------------------------


def test_the_upload_page_lists_the_problems_and_imports_a_good_file(client_for, countries):
    event = make_event(countries["CR"], "Taller", datetime.date(2026, 10, 5))
    client = client_for("cr_editor")
    url = reverse("attendance-import", args=[event.pk])
    assert client.get(url).status_code == 200
    bad = io.BytesIO(csv_bytes(HEADER, ["Ana", "F", "PJ", "Astronauta", "", "", ""]))
    bad.name = "lista.csv"
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "Astronauta" in response.content.decode()
    assert Participant.objects.count() == 0
    good = io.BytesIO(xlsx_bytes(HEADER, ["Ana Mora", "F", "PJ", "Jueces", "", "", ""]))
    good.name = "lista.xlsx"
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert event.attendance.count() == 1


def test_the_template_downloads_as_xlsx_and_csv(client_for, countries):
    event = make_event(countries["CR"], "Taller", datetime.date(2026, 10, 5))
    client = client_for("cr_contributor")
    url = reverse("attendance-template", args=[event.pk])
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value == (
        "Nombre"
    )
    response = client.get(url, {"format": "csv", "lang": "en"})
    assert response.content.decode("utf-8-sig").startswith("Name,Sex,Institution")


def test_a_long_list_is_imported_in_the_background_by_its_uploader(client_for, countries):
    event = make_event(countries["CR"], "Congreso", datetime.date(2026, 10, 5))
    client = client_for("cr_editor")
    people = [
        [f"Persona {n:03d}", "F", "PJ", "Jueces", "", f"p{n}@x.test", ""]
        for n in range(1, jobs.BACKGROUND_ROWS + 11)
    ]
    good = io.BytesIO(csv_bytes(HEADER, *people))
    good.name = "lista.csv"
    response = client.post(reverse("attendance-import", args=[event.pk]), {"file": good})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert event.attendance.count() == len(people)
    assert job.status == JobStatus.DONE
    assert job.result["messages"][0].startswith(f"{len(people)} filas importadas")  # in Spanish
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor.username == "cr_editor"


def test_a_long_list_with_a_wrong_row_is_refused_whole_in_the_background(client_for, countries):
    event = make_event(countries["CR"], "Congreso", datetime.date(2026, 10, 5))
    people = [
        [f"Persona {n:03d}", "F", "PJ", "Astronauta" if n == 200 else "Jueces", "", "", ""]
        for n in range(1, jobs.BACKGROUND_ROWS + 11)
    ]
    bad = io.BytesIO(csv_bytes(HEADER, *people))
    bad.name = "lista.csv"
    client_for("cr_editor").post(reverse("attendance-import", args=[event.pk]), {"file": bad})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert [p["row"] for p in job.result["problems"]] == [201]
    assert Participant.objects.count() == 0
