"""A plan's workbook: export in the seed's layout, import with every problem listed, the
import_plan and export_plan commands, and the export and import pages."""

import datetime
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.lib.spreadsheets import CONTENT_TYPE, WorkbookError
from coalition.plans.loader import load_plan
from coalition.plans.models import Activity, ActivityItem, Plan
from coalition.plans.tests.test_loader import activity, agenda_data, entries, plan_data
from coalition.plans.xlsx import export_plan, import_workbook, read_workbook

DATA = Path(__file__).resolve().parents[1] / "data"
SEED_FILES = [DATA / "plan-operativo-2012.json", DATA / "agenda-2012-2013.json"]
HEADER = [
    "Objetivos Operativos",
    "Actividades",
    "Productos",
    "Metas",
    "Fuentes de verificación",
    "Fuente de Financiamiento",
    "Fuentes de Apoyo",
    "Responsables",
]


@pytest.fixture(autouse=True)
def messages_in_english():
    """The loader's messages are asserted in English (the msgids); pages that render them
    switch to the user's language themselves."""
    with translation.override("en"):
        yield


NOT_XLSX = (
    "This file is not an Excel workbook (.xlsx). Save it as “Excel Workbook (.xlsx)” and try again."
)


def es(msgid):
    """What a Spanish-speaking user reads (Spanish is the default language)."""
    with translation.override("es"):
        return gettext(msgid)


def describe(code):
    """Everything a workbook carries of a plan, with the dates and links it implies."""
    plan = Plan.objects.select_related("continues").get(code=code)
    fields = {
        name: getattr(plan, name)
        for name in (
            "code",
            "kind",
            "name_es",
            "name_en",
            "subtitle_es",
            "subtitle_en",
            "period",
            "starts",
            "ends",
            "status",
            "source_document",
            "strategic_objective_es",
            "strategic_objective_en",
            "has_verification",
            "notes",
        )
    }
    fields["continues"] = plan.continues.code if plan.continues else None
    activities = plan.activities.select_related("continues__plan", "objective").prefetch_related(
        "items__countries", "items__organizations"
    )
    return {
        "fields": fields,
        "objectives": [
            (o.numeral, o.position, o.title_es, o.title_en) for o in plan.objectives.all()
        ],
        "activities": [
            (
                a.objective.numeral,
                a.ref,
                a.position,
                a.title_es,
                a.title_en,
                (a.continues.plan.code, a.continues.ref) if a.continues else None,
                a.starts,
                a.deadline,
                sorted(
                    (
                        i.kind,
                        i.position,
                        i.text_es,
                        i.text_en,
                        i.starts,
                        i.ends,
                        sorted(c.iso2 for c in i.countries.all()),
                        sorted(o.name for o in i.organizations.all()),
                        i.every_country,
                        i.regional,
                    )
                    for i in a.items.all()
                ),
            )
            for a in activities
        ],
    }


def workbook(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def save(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def plans(countries, organizations):
    plan, _ = load_plan(plan_data())
    agenda, _ = load_plan(agenda_data())
    return plan, agenda


def problems_of(content, **kwargs):
    with pytest.raises(WorkbookError) as caught:
        import_workbook(content, **kwargs)
    return [str(problem) for problem in caught.value.problems]


# --- export --------------------------------------------------------------------------------


def test_the_export_has_the_seed_columns_one_row_per_activity_and_the_objective_merged(plans):
    plan, _agenda = plans
    book = workbook(export_plan(plan))
    assert book.sheetnames == ["Plan", "English", "Info"]
    sheet = book["Plan"]
    assert [c.value for c in sheet[1]] == [*HEADER, "Ref."]
    assert sheet.freeze_panes == "B2"
    assert all(cell.font.bold for cell in sheet[1])
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == ["I. FORTALECIMIENTO", None, "II. CAPACITACIONES"]
    assert "A2:A3" in {str(r) for r in sheet.merged_cells.ranges}
    assert rows[0][1:] == [
        "Propiciar encuentros",
        "Coalición Regional fortalecida",
        "Agosto de 2012",
        "Listas de asistencia",
        "Interno en cada país",
        "OIM y Save the Children (marzo 2012)",
        "Belice y Nicaragua\nST Regional",
        "I.1",
    ]
    assert sheet["B3"].value == "Construir una herramienta\nde indicadores"
    assert sheet["B3"].alignment.wrap_text
    english = book["English"]
    assert [c.value for c in english[1]][:4] == [
        "Operational objectives",
        "Activities",
        "Products",
        "Goals",
    ]
    assert english["A2"].value == "I. STRENGTHENING"
    assert english["H2"].value == "[en] Belice y Nicaragua\n[en] ST Regional"
    info = {row[0].value: row[1].value for row in book["Info"].iter_rows(min_row=2)}
    assert info["code"] == "plan-prueba-2012"
    assert (info["name_es"], info["name_en"], info["period"]) == (
        "Plan de prueba 2012",
        "Test plan 2012",
        "2012",
    )
    assert (info["kind"], info["status"], info["continues"]) == ("plan", "active", None)
    assert info["strategic_objective_en"] == "Coordinate actions"


def test_an_agenda_has_no_verification_column_and_says_what_each_activity_continues(plans):
    _plan, agenda = plans
    book = workbook(export_plan(agenda))
    header = [c.value for c in book["Plan"][1]]
    assert header == [*HEADER[:4], *HEADER[5:], "Ref.", "Continúa"]
    assert book["Plan"]["I2"].value == "I.1"
    info = {row[0].value: row[1].value for row in book["Info"].iter_rows(min_row=2)}
    assert (info["kind"], info["continues"]) == ("agenda", "plan-prueba-2012")


def test_text_that_looks_like_a_formula_is_exported_as_text(countries):
    data = plan_data()
    activity(data, "I.1")["products"] = entries('=HYPERLINK("http://x")')
    plan, _ = load_plan(data)
    cell = workbook(export_plan(plan))["Plan"]["C2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


# --- export, then import -------------------------------------------------------------------


def test_export_then_import_into_a_fresh_database_reproduces_the_plan_exactly(plans):
    plan, agenda = plans
    before = {code: describe(code) for code in (plan.code, agenda.code)}
    files = {code: export_plan(Plan.objects.get(code=code)) for code in before}
    Plan.objects.all().delete()
    for code, content in files.items():
        result = import_workbook(content, filename=f"{code}.xlsx")
        assert result.created
    assert {code: describe(code) for code in before} == before


@pytest.mark.skipif(not all(p.exists() for p in SEED_FILES), reason="seed data not written yet")
def test_the_2012_plan_and_agenda_come_back_exactly_from_their_workbooks(countries):
    for path in SEED_FILES:
        load_plan(json.loads(path.read_text(encoding="utf-8")))
    codes = list(Plan.objects.order_by("pk").values_list("code", flat=True))
    before = {code: describe(code) for code in codes}
    files = {code: export_plan(Plan.objects.get(code=code)) for code in codes}
    Plan.objects.all().delete()
    for code in codes:
        import_workbook(files[code], filename="seed.xlsx")
    assert {code: describe(code) for code in codes} == before


def test_importing_an_unchanged_export_changes_nothing(plans):
    plan, _agenda = plans
    entries_before = AuditEntry.objects.count()
    result = import_workbook(export_plan(plan), filename="x.xlsx")
    assert (result.created, result.updated) == (False, False)
    assert AuditEntry.objects.count() == entries_before


def test_a_workbook_with_the_objective_on_every_row_imports_the_same(plans):
    plan, _agenda = plans
    before = describe(plan.code)
    book = workbook(export_plan(plan))
    for name in ("Plan", "English"):
        sheet = book[name]
        sheet.unmerge_cells("A2:A3")
        sheet["A3"] = sheet["A2"].value
    Plan.objects.filter(pk=plan.pk).delete()
    import_workbook(save(book), filename="x.xlsx")
    assert describe(plan.code) == before


def test_a_workbook_with_only_the_spanish_table_imports_with_its_code_from_the_file_name(
    countries, organizations
):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Hoja1"
    sheet.append(["PLAN OPERATIVO 2014"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(
        [
            "I. FORTALECIMIENTO",
            "Propiciar encuentros",
            "Coalición fortalecida\nActas",
            "Agosto de 2014",
            "",
            "",
            "OIM",
            "Belice y Nicaragua",
        ]
    )
    sheet.append(["", "Construir", "", 2015, "", "", "", ""])
    sheet.append(["II  CAPACITACIONES", "Capacitar", "", "Primer semestre de 2015", "", "", "", ""])
    result = import_workbook(save(book), filename="Plan Operativo 2014.xlsx")
    plan = result.records[0]
    assert (plan.code, plan.name_es, plan.name_en, plan.period, plan.kind) == (
        "plan-operativo-2014",
        "Plan Operativo 2014",
        "",
        "2014-2015",
        "plan",
    )
    assert list(plan.activities.values_list("ref", "title_es", "title_en")) == [
        ("I.1", "Propiciar encuentros", ""),
        ("I.2", "Construir", ""),
        ("II.1", "Capacitar", ""),
    ]
    products = ActivityItem.objects.filter(activity__ref="I.1", kind="product")
    assert sorted(products.values_list("text_es", flat=True)) == ["Actas", "Coalición fortalecida"]
    assert Activity.objects.get(ref="I.2").deadline == datetime.date(2015, 12, 31)
    again = import_workbook(save(book), filename="whatever.xlsx", code="plan-2014")
    assert again.created and again.records[0].code == "plan-2014"


def test_a_workbook_with_mistakes_in_several_rows_lists_them_all_and_writes_nothing(plans):
    plan, _agenda = plans
    book = workbook(export_plan(plan))
    sheet = book["Plan"]
    sheet["D2"] = "Agostro 2012"  # I.1's goal
    sheet["I3"] = "I.2-con-una-referencia-larga"
    sheet["D4"] = "Agosto de 2012\nQuinto semestre de 2012"
    book["English"]["D4"] = None  # English left empty: no count to compare
    sheet["I4"] = "I.1"  # II.1 takes I.1's reference
    book["English"]["C3"] = "Tool\nIndicators\nMore"
    info = book["Info"]
    info["B2"] = "Plan 2012!"  # the code
    info["A15"] = "colour"
    entries_before = AuditEntry.objects.count()
    problems = problems_of(save(book), filename="plan.xlsx")
    assert problems == [
        "Info!A15: unknown field “colour”",
        "English!C3 (Products): 3 entries, but Plan!C3 has 2: one line per entry in both",
        "Info!B2 (code): “Plan 2012!” is not a code: use letters, digits and hyphens",
        "Plan!D2 (Metas): cannot read “Agostro 2012” as a period",
        "Plan!I3 (Ref.): the reference is longer than 20 characters",
        "Plan!I4 (Ref.): this reference is used twice",
        "Plan!D4 (Metas): cannot read “Quinto semestre de 2012” as a period",
    ]
    assert describe(plan.code)["activities"][0][3] == "Propiciar encuentros"
    assert AuditEntry.objects.count() == entries_before


def test_an_agenda_whose_plan_is_not_loaded_is_refused_with_the_info_cell(plans):
    _plan, agenda = plans
    content = export_plan(agenda)
    Plan.objects.all().delete()
    assert problems_of(content, filename="agenda.xlsx") == [
        "Info!B10 (continues): continues the plan “plan-prueba-2012”, which is not loaded: "
        "load that plan first"
    ]
    assert not Plan.objects.exists()


def test_a_table_without_its_objective_numerals_is_refused_row_by_row(countries):
    book = openpyxl.Workbook()
    book.active.title = "Hoja1"
    book.active.append(HEADER)
    book.active.append(["FORTALECIMIENTO", "Propiciar", "", "2012", "", "", "", ""])
    book.active.append(["", "Construir", "", "2012", "", "", "", ""])
    book.active.append(["II. OTRO", "Capacitar", "", "2012", "", "", "", "", ""])
    book.active.append(["I. OTRA VEZ", "Capacitar", "", "2012", "", "", "", ""])
    assert problems_of(save(book), filename="p.xlsx") == [
        "Hoja1!A2: cannot find the objective's numeral: write it as “I. TITLE”",
        "Hoja1!A3: the first row names no objective",
    ]


def test_an_unknown_column_or_an_objective_out_of_place_is_refused(countries):
    book = openpyxl.Workbook()
    book.active.append([*HEADER, "Presupuesto"])
    book.active.append(["I. UNO", "Propiciar", "", "2012", "", "", "", ""])
    book.active.append(["II. DOS", "Construir", "", "2012", "", "", "", ""])
    book.active.append(["I. UNO", "Capacitar", "", "2012", "", "", "", ""])
    assert problems_of(save(book), filename="p.xlsx") == [
        "Sheet!I1: unknown column “Presupuesto”",
        "Sheet!A4: objective I appears again after row 2",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Objetivos;Actividades\n", "This file is not an Excel workbook (.xlsx)."),
        (b"%PDF-1.4\n", "This file is not an Excel workbook (.xlsx)."),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "This file is not an Excel workbook (.xlsx)."),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused(countries, content, message):
    assert problems_of(content, filename="plan.xlsx")[0].startswith(message)


def test_a_zip_that_is_not_a_workbook_is_refused(countries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert problems_of(out.getvalue())[0].startswith("This file is not an Excel workbook")


def test_a_file_over_10_mb_is_refused_before_it_is_read(countries):
    assert problems_of(b"0" * (10 * 1024 * 1024 + 1)) == ["The file is larger than 10 MB."]


def test_reading_a_workbook_gives_the_loader_s_data(plans):
    plan, _agenda = plans
    data, _reader = read_workbook(export_plan(plan), filename="x.xlsx")
    assert (data["code"], data["kind"], data["continues"]) == (plan.code, "plan", None)
    assert data["columns"] == [
        "objective",
        "activity",
        "products",
        "goals",
        "verification",
        "funding",
        "support",
        "responsible",
    ]
    assert activity(data, "I.1")["responsible"] == [
        {"es": "Belice y Nicaragua", "en": "[en] Belice y Nicaragua"},
        {"es": "ST Regional", "en": "[en] ST Regional"},
    ]


# --- commands ------------------------------------------------------------------------------


def command(*args, **kwargs):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


def test_export_plan_writes_the_workbook_by_code_or_id_and_is_audited(plans, tmp_path):
    plan, _agenda = plans
    target = tmp_path / "plan.xlsx"
    assert command("export_plan", plan.code, str(target)) == f"{plan.code}: written to {target}.\n"
    assert workbook(target.read_bytes())["Plan"]["B2"].value == "Propiciar encuentros"
    command("export_plan", str(plan.pk), str(tmp_path / "again.xlsx"))
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="plans.plan")
    assert exports.count() == 2
    assert exports.first().actor_repr == "system:export_plan"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nothing", "x.xlsx"), "No plan 'nothing'. Plans: agenda-prueba, plan-prueba-2012."),
        (("plan-prueba-2012", "x.csv"), "x.csv: the file name must end in .xlsx."),
        (("plan-prueba-2012", "/nowhere/x.xlsx"), "/nowhere/x.xlsx: cannot be written"),
    ],
)
def test_export_plan_explains_what_is_wrong_on_one_line(plans, args, message):
    with pytest.raises(CommandError) as caught:
        command("export_plan", *args)
    assert str(caught.value).startswith(message)
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_import_plan_creates_the_plan_and_is_audited(plans, tmp_path):
    plan, _agenda = plans
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_plan(plan))
    out = command("import_plan", str(path), code="plan-copia")
    assert out == "plan-copia: created (2 objectives, 3 activities, 16 entries).\n"
    entry = AuditEntry.objects.filter(object_type="plans.plan").first()
    assert (entry.action, entry.actor_repr, entry.after["source"]) == (
        AuditAction.IMPORT,
        "system:import_plan",
        "plan.xlsx",
    )
    assert describe("plan-copia")["activities"] == describe(plan.code)["activities"]


def test_import_plan_lists_every_problem_on_one_line(plans, tmp_path):
    plan, _agenda = plans
    book = workbook(export_plan(plan))
    book["Plan"]["D2"] = "Agostro 2012"
    book["Plan"]["D3"] = "Nunca 2012"
    book["English"]["D3"] = "Never 2012"
    path = tmp_path / "plan.xlsx"
    path.write_bytes(save(book))
    with pytest.raises(CommandError) as caught:
        command("import_plan", str(path), code="plan-nuevo")
    assert str(caught.value) == (
        f"{path}: nothing imported: Plan!D2 (Metas): cannot read “Agostro 2012” as a period; "
        "Plan!D3 (Metas): cannot read “Nunca 2012” as a period"
    )
    assert not Plan.objects.filter(code="plan-nuevo").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.xlsx", None, "missing.xlsx: no such file."),
        ("notes.xlsx", b"just text", "notes.xlsx: nothing imported: This file is not an Excel"),
    ],
)
def test_import_plan_explains_a_bad_file(countries, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        command("import_plan", str(path))
    assert str(caught.value).startswith(f"{tmp_path}/{message}")


# --- pages ---------------------------------------------------------------------------------


def test_a_reader_downloads_the_plan_s_workbook_and_the_export_is_audited(client_for, plans):
    plan, _agenda = plans
    response = client_for("partner").get(reverse("plan-export", args=[plan.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="plan-prueba-2012-{today}.xlsx"'
    )
    assert workbook(response.content)["Plan"]["B2"].value == "Propiciar encuentros"
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert (entry.actor_repr, entry.object_id) == ("partner", str(plan.pk))


def test_the_auditor_may_not_export_a_plan(client_for, plans):
    response = client_for("auditor").get(reverse("plan-export", args=["plan-prueba-2012"]))
    assert response.status_code == 403


def test_exporting_an_unknown_plan_answers_404(client_for, plans):
    response = client_for("cr_editor").get(reverse("plan-export", args=["no-such-plan"]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_before_exporting(client_for, plans):
    response = client_for("anonymous").get(reverse("plan-export", args=["plan-prueba-2012"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_export_refuses_a_post(client_for, plans):
    response = client_for("regional_admin").post(reverse("plan-export", args=["plan-prueba-2012"]))
    assert response.status_code == 405


def upload(content, name="plan.xlsx"):
    return SimpleUploadedFile(name, content, content_type=CONTENT_TYPE)


def test_a_regional_admin_sees_the_import_form(client_for, countries):
    response = client_for("regional_admin").get(reverse("plan-import"))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'name="file"' in response.content and b'name="code"' in response.content


@pytest.mark.parametrize("persona", ["cr_editor", "partner", "auditor"])
def test_only_regional_admins_may_import_a_plan(client_for, countries, persona):
    assert client_for(persona).get(reverse("plan-import")).status_code == 403


def test_importing_a_workbook_creates_the_plan_and_opens_its_page(client_for, plans):
    plan, _agenda = plans
    client = client_for("regional_admin")
    response = client.post(
        reverse("plan-import"), {"file": upload(export_plan(plan)), "code": "plan-2013"}
    )
    created = Plan.objects.get(code="plan-2013")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    entry = AuditEntry.objects.filter(object_type="plans.plan").first()
    assert (entry.action, entry.actor_repr, entry.object_id) == (
        AuditAction.IMPORT,
        "regional_admin",
        str(created.pk),
    )
    assert created.activities.count() == 3


def test_a_workbook_with_mistakes_shows_every_problem_and_imports_nothing(client_for, plans):
    plan, _agenda = plans
    book = workbook(export_plan(plan))
    book["Plan"]["D2"] = "Agostro 2012"
    book["Plan"]["D4"] = "Nunca 2012"
    response = client_for("regional_admin").post(
        reverse("plan-import"), {"file": upload(save(book)), "code": "plan-2013"}
    )
    assert response.status_code == 400
    assert [(p.where, p.message) for p in response.context["problems"]] == [
        ("Plan!D2 (Metas)", es("cannot read “%(text)s” as a period") % {"text": "Agostro 2012"}),
        ("Plan!D4 (Metas)", es("cannot read “%(text)s” as a period") % {"text": "Nunca 2012"}),
    ]
    page = response.content.decode()
    assert "Plan!D2 (Metas)" in page and "Plan!D4 (Metas)" in page
    assert es("Correct them in the workbook and upload it again.") in page
    assert not Plan.objects.filter(code="plan-2013").exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"file": upload(b"a;b;c\n", "plan.csv")}, NOT_XLSX),
        ({}, "This field is required."),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message(client_for, countries, files, message):
    response = client_for("regional_admin").post(reverse("plan-import"), files)
    assert response.status_code == 400
    assert es(message) in response.content.decode()
    assert not Plan.objects.exists()


def test_an_upload_over_10_mb_is_refused(client_for, countries, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client_for("regional_admin").post(
        reverse("plan-import"), {"file": upload(b"0" * (10 * 1024 * 1024 + 1))}
    )
    assert response.status_code == 400
    assert es("The file is larger than 10 MB.") in response.content.decode()


def test_the_import_page_refuses_other_methods(client_for, countries):
    assert client_for("regional_admin").put(reverse("plan-import")).status_code == 405


def test_import_is_not_read_as_a_plan_code():
    assert reverse("plan-import") == "/plans/import/"
    from django.urls import resolve

    assert resolve("/plans/import/").url_name == "plan-import"


def test_the_export_needs_the_same_queries_for_3_activities_or_120(
    client_for, plans, django_assert_max_num_queries
):
    from coalition.plans.tests.test_loader import _big_plan

    big, _ = load_plan(_big_plan(6, 20))
    client = client_for("cr_editor")
    # The structure, then the sheet "Progress" of what the editor reads: a few more.
    for plan in (plans[0], big):
        with django_assert_max_num_queries(24):
            response = client.get(reverse("plan-export", args=[plan.code]))
        assert response.status_code == 200
    assert workbook(response.content)["Plan"].max_row == 121
