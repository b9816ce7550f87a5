"""The directory's export and import: the page, the template and ``import_directory``."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.directory.io import HEADERS, DirectoryFileError, import_directory
from coalition.directory.models import Contact

ES = ["Nombre", "Tipo", "Cargo", "Institución", "País", "Teléfonos", "Correos", "Público"]


pytestmark = pytest.mark.usefixtures("in_english")


def csv_file(rows, headers=ES):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(client, content, name="contacts.csv"):
    return client.post(reverse("directory-import"), {"file": SimpleUploadedFile(name, content)})


def problems_of(content, user=None):
    with pytest.raises(DirectoryFileError) as caught:
        import_directory(content, "contacts.csv", user=user)
    return caught.value.problems


def test_a_file_with_mistakes_in_several_rows_lists_them_all_and_writes_nothing(directory):
    before = Contact.objects.count()
    content = csv_file(
        [
            [
                "Marta Solís",
                "persona",
                "Psicóloga",
                "ANAV",
                "CR",
                "8888-1111",
                "marta@x.test",
                "no",
            ],
            ["", "persona", "", "ANAV", "CR", "", "", ""],
            ["Pedro Ruiz", "robot", "", "Instituto Inexistente", "CR", "", "", ""],
            ["Rosa Mena", "persona", "", "ANAV", "Atlantis", "", "", ""],
            ["Luis Vega", "", "", "ANAV", "CR", "12", "no-es-correo", "quizás"],
        ]
    )
    problems = problems_of(content)
    found = {(p.row, p.column) for p in problems}
    assert (3, "Nombre") in found
    assert (4, "Tipo") in found and (4, "Institución") in found
    assert (5, "País") in found
    assert {(6, "Teléfonos"), (6, "Correos"), (6, "Público")} <= found
    assert not any(p.row == 2 for p in problems)
    institution = next(p for p in problems if p.column == "Institución")
    assert "Instituto Inexistente" in institution.message
    phone = next(p for p in problems if p.column == "Teléfonos")
    assert "12" in phone.message
    assert Contact.objects.count() == before
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_the_page_shows_every_problem_in_a_table(client_for, directory):
    content = csv_file([["", "persona", "", "ANAV", "CR", "", "", ""], ["X", "", "", "", "CR"]])
    response = upload(client_for("cr_editor"), content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "import-problems" in page and "This field is required." in page
    assert "Nothing was recorded: the file has 2 problems to fix." in page


def test_two_rows_of_the_same_contact_are_refused_naming_both_rows(directory):
    content = csv_file(
        [
            ["Marta Solís", "persona", "", "ANAV", "CR", "", "marta@x.test", "no"],
            ["MARTA SOLIS", "persona", "", "Albergue Nacional de Atención a Víctimas", "CR"],
            ["Otra Persona", "persona", "", "ANAV", "CR", "", "Marta@X.test", "no"],
        ]
    )
    problems = problems_of(content)
    assert [(p.row, "row 2" in str(p).lower()) for p in problems] == [(3, True), (4, True)]
    assert not Contact.objects.filter(name="Marta Solís").exists()


def test_a_row_of_a_known_contact_updates_it_and_is_reported(client_for, directory):
    lucia = directory["contacts"]["cr_person"]
    verified = lucia.last_verified
    content = csv_file(
        [
            ["lucia fernandez mora", "persona", "Directora general", "ANAV", "CR", "", "", "no"],
            ["Marta Solís", "persona", "", "ANAV", "Costa Rica", "2222 4444", "", "no"],
        ]
    )
    response = upload(client_for("cr_editor"), content)
    assert response.status_code == 302 and response["Location"] == reverse("directory")
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "2 rows imported: 1 contacts created, 1 updated, 0 unchanged." in texts
    assert f"Row 2: duplicate of contact #{lucia.pk} (updated)" in texts
    lucia.refresh_from_db()
    assert lucia.position == "Directora general" and lucia.name == "lucia fernandez mora"
    assert lucia.last_verified == verified  # no date in the row: the date is kept
    marta = Contact.objects.get(name="Marta Solís")
    assert marta.phones == ["+50622224444"] and marta.last_verified is None and marta.is_stale
    assert Contact.objects.filter(pk=lucia.pk).count() == 1


def test_a_shared_email_is_the_same_contact(directory):
    ana = directory["contacts"]["regional_person"]
    content = csv_file(
        [["Ana María Smith", "persona", "", "OIM-OR", "Regional", "", "ASMITH@example.test"]],
        headers=ES[:7],
    )
    result = import_directory(content, "contacts.csv", actor_repr="test")
    assert (result.created, result.updated) == (0, 1)
    ana.refresh_from_db()
    assert ana.name == "Ana María Smith"


def test_a_contact_belongs_to_its_institutions_country(directory):
    # The regional institution is not found from a Costa Rica row: its contacts are "Regional".
    content = csv_file([["Pedro Ruiz", "persona", "", "OIM-OR", "CR", "", ""]], headers=ES[:7])
    problems = problems_of(content)
    assert [(p.row, p.column) for p in problems] == [(2, "Institución")]
    assert problems[0].message == "There is no institution “OIM-OR” in Costa Rica."


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(client_for, directory, fmt):
    client = client_for("regional_admin")
    exported = client.get(reverse("directory-export"), {"format": fmt})
    assert exported.status_code == 200
    before = {c.pk: (c.updated, c.last_verified) for c in Contact.objects.all()}
    entries = AuditEntry.objects.count()
    response = upload(client, exported.content, f"directory.{fmt}")
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "4 rows imported: 0 contacts created, 0 updated, 4 unchanged." in texts
    assert {c.pk: (c.updated, c.last_verified) for c in Contact.objects.all()} == before
    # Only the import itself is written to the audit log.
    assert list(AuditEntry.objects.filter(seq__gt=entries).values_list("action", flat=True)) == [
        AuditAction.IMPORT
    ]


def test_the_export_in_spanish_has_the_spanish_columns_and_words(client_for, directory):
    response = client_for("regional_admin").get(reverse("directory-export"), {"lang": "es"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == list(HEADERS["es"].values())
    line = next(r for r in rows if r[0] == "Línea de atención 24 horas")
    assert line[1] == "línea" and line[10] == "sí" and line[6] == "+50622223333"


def test_a_person_marked_public_is_an_error(directory):
    content = csv_file([["Marta Solís", "persona", "", "ANAV", "CR", "", "", "sí"]])
    problems = problems_of(content)
    assert [(p.row, p.column) for p in problems] == [(2, "Público")]
    assert "never public" in problems[0].message
    line = csv_file([["Línea 1-1-1", "línea", "", "ANAV", "CR", "", "", "sí"]])
    result = import_directory(line, "contacts.csv", actor_repr="test")
    assert result.created == 1 and Contact.objects.get(name="Línea 1-1-1").public


def test_english_headers_and_words_are_read_without_accents(directory):
    content = csv_file(
        [["Marta Solis", "line", "ANAV", "cr", "Prevention; justice", "yes", "", "15/01/2024"]],
        headers=[
            "NAME",
            "kind",
            "institution",
            "Country",
            "Axes",
            "International",
            "Public",
            "Last verified",
        ],
    )
    import_directory(content, "contacts.csv", actor_repr="test")
    marta = Contact.objects.get(name="Marta Solis")
    assert marta.kind == "line" and marta.axes == ["prevention", "justice"]
    assert marta.international and not marta.public
    assert marta.last_verified == datetime.date(2024, 1, 15)


def test_another_countrys_row_is_refused_for_a_country_editor(client_for, directory, personas):
    content = csv_file(
        [
            ["Marta Solís", "persona", "", "ANAV", "CR", "", "", "no"],
            ["Juan López", "persona", "", "FETP", "GT", "", "", "no"],
        ]
    )
    problems = problems_of(content, user=personas["cr_editor"])
    assert [(p.row, p.column) for p in problems] == [(3, "País")]
    assert "You may not write contacts of" in problems[0].message
    response = upload(client_for("cr_editor"), content)
    assert (
        response.status_code == 400 and "You may not write contacts of" in response.content.decode()
    )
    assert not Contact.objects.filter(name__in=["Marta Solís", "Juan López"]).exists()


def test_the_import_is_audited(client_for, directory, personas):
    content = csv_file(
        [
            ["Marta Solís", "persona", "", "ANAV", "CR", "", "", "no"],
            ["Lucía Fernández Mora", "persona", "Jefa", "ANAV", "CR", "", "", "no"],
        ]
    )
    assert upload(client_for("cr_editor"), content).status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.actor == personas["cr_editor"]
    assert entry.after["created"] == 1 and entry.after["updated"] == 1
    assert entry.after["unchanged"] == 0 and entry.object_type == "directory.contact"
    marta = Contact.objects.get(name="Marta Solís")
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="directory.contact", object_id=str(marta.pk)
    ).exists()
    lucia = directory["contacts"]["cr_person"]
    update = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(lucia.pk))
    assert update.before["position"] == "Directora" and update.after["position"] == "Jefa"


def test_the_command_imports_a_file(directory, tmp_path):
    path = tmp_path / "contactos.csv"
    path.write_bytes(
        csv_file(
            [
                ["Marta Solís", "persona", "", "ANAV", "CR", "", "", "no"],
                ["Juan López", "persona", "", "FETP", "GT", "", "", "no"],
            ]
        )
    )
    out = io.StringIO()
    call_command("import_directory", str(path), stdout=out)
    assert "2 contacts created, 0 updated, 0 unchanged" in out.getvalue()
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.actor_repr == "system:import_directory"
    call_command("import_directory", str(path), stdout=out)
    assert "0 contacts created, 0 updated, 2 unchanged" in out.getvalue()


def test_the_command_lists_every_problem_and_writes_nothing(directory, tmp_path, personas):
    path = tmp_path / "contactos.csv"
    path.write_bytes(
        csv_file(
            [
                ["Marta Solís", "persona", "", "Nadie", "CR", "", "", "no"],
                ["Juan López", "persona", "", "FETP", "GT", "", "", "no"],
            ]
        )
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_directory", str(path), "--user", "cr_editor")
    message = str(caught.value)
    assert "nothing imported, 2 problem(s)" in message
    assert "Row 2" in message and "Nadie" in message and "Row 3" in message
    assert not Contact.objects.filter(name__in=["Marta Solís", "Juan López"]).exists()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_directory", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="no user"):
        call_command("import_directory", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="may not write contacts"):
        call_command("import_directory", str(path), "--user", "partner")


def test_a_country_editors_export_holds_only_what_it_may_see(client_for, directory):
    response = client_for("cr_editor").get(reverse("directory-export"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Lucía Fernández Mora", "Línea de atención 24 horas", "Ana Smith"}
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.after["count"] == 3 and entry.after["format"] == "xlsx"


def test_the_export_follows_the_filters(client_for, directory):
    response = client_for("regional_admin").get(reverse("directory-export"), {"country": "GT"})
    text = response.content.decode("utf-8")
    assert "José Pérez Ajú" in text and "Lucía" not in text
    assert AuditEntry.objects.get(action=AuditAction.EXPORT).after["country"] == "GT"
    refused = client_for("regional_admin").get(reverse("directory-export"), {"country": "XX"})
    assert refused.status_code == 400 and "country" in refused.content.decode()


def test_the_export_takes_the_search_pages_filters(client_for, directory):
    client = client_for("regional_admin")
    lines = client.get(reverse("directory-export"), {"q": "atencion", "kind": "line"})
    assert lines.status_code == 200
    text = lines.content.decode("utf-8")
    assert "Línea de atención 24 horas" in text and "Lucía" not in text
    # An institution kind shows institutions only on the page: no contact to export.
    offices = client.get(reverse("directory-export"), {"kind": "government"})
    assert offices.status_code == 200
    assert len(offices.content.decode("utf-8").strip().splitlines()) == 1  # the header


@pytest.mark.parametrize("persona", ["cr_contributor", "partner", "auditor"])
def test_the_export_is_refused_to_roles_that_may_not_export(client_for, directory, persona):
    assert client_for(persona).get(reverse("directory-export")).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client_for, directory):
    client = client_for("anonymous")
    for name in ("directory-export", "directory-import", "directory-import-template"):
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize("persona", ["partner", "auditor"])
def test_the_import_is_refused_to_read_only_roles(client_for, directory, persona):
    client = client_for(persona)
    assert client.get(reverse("directory-import")).status_code == 403
    content = csv_file([["Marta Solís", "persona", "", "ANAV", "CR", "", "", "no"]])
    assert upload(client, content).status_code == 403
    assert client.get(reverse("directory-import-template")).status_code == 403
    assert not Contact.objects.filter(name="Marta Solís").exists()


def test_the_import_page_links_to_the_template(client_for, directory):
    client = client_for("cr_editor")
    page = client.get(reverse("directory-import"))
    assert page.status_code == 200
    assert reverse("directory-import-template") in page.content.decode()
    template = client.get(reverse("directory-import-template"), {"format": "csv", "lang": "es"})
    rows = list(csv.reader(io.StringIO(template.content.decode("utf-8-sig"))))
    assert rows == [list(HEADERS["es"].values())]
    xlsx = client.get(reverse("directory-import-template"), {"lang": "en"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == list(HEADERS["en"].values()) and sheet.max_row == 1
    assert client.put(reverse("directory-import")).status_code == 405


def test_a_contributor_writes_only_its_own_institutions_contacts(directory, personas):
    content = csv_file([["Marta Solís", "persona", "", "ANAV", "CR", "", "", "no"]])
    problems = problems_of(content, user=personas["cr_contributor"])
    assert [(p.row, p.column) for p in problems] == [(2, "Institución")]
    own = csv_file([["Marta Solís", "persona", "", "FAI", "CR", "", "", "no"]])
    result = import_directory(own, "c.csv", user=personas["cr_contributor"])
    assert result.created == 1


def test_a_date_in_the_row_replaces_the_verification_date(directory):
    line = directory["contacts"]["cr_line"]
    today = timezone.localdate()
    content = csv_file(
        [
            [
                "Línea de atención 24 horas",
                "línea",
                "",
                "ANAV",
                "CR",
                "2222-3333",
                "",
                "sí",
                today.strftime("%d/%m/%Y"),
            ]
        ],
        headers=[*ES, "Última verificación"],
    )
    result = import_directory(content, "c.csv", actor_repr="test")
    assert result.updated == 1
    line.refresh_from_db()
    assert line.last_verified == today and not line.is_stale


def test_notes_longer_than_a_contacts_notes_may_be_are_an_error_of_their_row(directory):
    before = Contact.objects.count()
    notes = "n" * (Contact._meta.get_field("notes").max_length + 1)
    content = csv_file(
        [["Marta Solís", "persona", "", "ANAV", "CR", "", "", "no", notes]], headers=[*ES, "Notas"]
    )
    problems = problems_of(content)
    assert [(p.row, p.column) for p in problems] == [(2, "Notas")]
    assert "1001" in problems[0].message and "1000" in problems[0].message
    assert Contact.objects.count() == before
