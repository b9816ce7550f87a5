"""The sheet "Progress" of a plan's workbook: each country's progress per product, in the
language asked and only what the user may read; imported back, it changes the progress of
the countries the importer edits, all or nothing, and a workbook exported and imported
unchanged changes nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Approval, AuditEntry
from coalition.lib.spreadsheets import WorkbookError
from coalition.plans import progress as plan_progress
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import ActivityItem, ProductProgress, Progress, ProgressRevision
from coalition.plans.progress import refresh
from coalition.plans.xlsx import export_plan, import_progress, import_workbook

pytestmark = pytest.mark.django_db

COLUMNS_EN = [
    "Objective",
    "Activity ref.",
    "Activity",
    "Product",
    "Country code",
    "Country",
    "Status",
    "Percent done",
    "Note on the product",
    "Narrative of the activity",
    "Next steps",
    "Last update",
    "Activity's status (computed)",
    "Activity's percent (computed)",
]


@pytest.fixture(autouse=True)
def messages_in_english():
    """Messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def reported(plan_data, countries):
    """The test plan with progress per product: I.1 has two products, reported by CR (one
    done, one in progress) and GT (both done); II.1 has none (reported as a whole)."""
    # The plan as a workbook import leaves it (as every plan loaded from its seed).
    import_workbook(export_plan(plan_data["plan"]), filename="plan-prueba.xlsx")
    meetings = plan_data["activities"]["I.1"]
    ActivityItem.objects.create(
        activity=meetings,
        kind=ItemKind.PRODUCT,
        position=2,
        text_es="Convenios firmados",
        text_en="[en] Convenios firmados",
    )
    products = list(meetings.items.filter(kind=ItemKind.PRODUCT).order_by("position"))
    assert [p.text_es for p in products] == ["Coalición fortalecida", "Convenios firmados"]
    cr, gt = plan_data["progress"]["CR"], plan_data["progress"]["GT"]
    cr.next_steps = "Firmar en marzo.\r\nLuego, publicar. "  # as a form saves it
    cr.save()
    rows = [
        (cr, products[0], ProgressStatus.DONE, 100, "Hecho en junio."),
        (cr, products[1], ProgressStatus.IN_PROGRESS, 30, ""),
        (gt, products[0], ProgressStatus.DONE, 100, ""),
        (gt, products[1], ProgressStatus.DONE, 100, ""),
    ]
    for progress, product, status, percent, note in rows:
        ProductProgress.objects.create(
            progress=progress,
            product=product,
            country=progress.country,
            status=status,
            percent=percent,
            note=note,
        )
    for progress in (cr, gt):
        refresh(progress)
    judges = plan_data["activities"]["II.1"]
    Progress.objects.create(
        activity=judges, country=countries["CR"], status=ProgressStatus.IN_PROGRESS, percent=20
    )
    return {**plan_data, "products": products}


def sheet_rows(content, title="Progress"):
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[title]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def export_as(user, plan, language="en"):
    return export_plan(plan, user=user, language=language)


def state(plan):
    """Everything the import may change, to compare before and after."""
    return {
        "progress": sorted(
            Progress.objects.filter(activity__plan=plan).values_list(
                "activity__ref", "country__iso2", "status", "percent", "narrative", "next_steps"
            )
        ),
        "products": sorted(
            ProductProgress.objects.filter(progress__activity__plan=plan).values_list(
                "progress__activity__ref",
                "country__iso2",
                "product__text_es",
                "status",
                "percent",
                "note",
            )
        ),
        "revisions": ProgressRevision.objects.count(),
        "changes": AuditEntry.objects.filter(
            action__in=[AuditAction.CREATE, AuditAction.UPDATE]
        ).count(),
    }


def change_cell(content, match, column, value, title="Progress"):
    """The workbook with ``column`` set to ``value`` on the row whose cells hold ``match``."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[title]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(header, (c.value for c in row), strict=True))
        if all(values[k] == v for k, v in match.items()):
            row[header.index(column)].value = value
            break
    else:
        raise AssertionError(f"no row {match}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- export ----------------------------------------------------------------------------------


def test_the_sheet_has_a_row_per_activity_product_and_country(reported, personas):
    header, rows = sheet_rows(export_as(personas["regional_admin"], reported["plan"]))
    assert header == COLUMNS_EN
    cr_swot = next(
        r
        for r in rows
        if r["Activity ref."] == "I.1"
        and r["Country code"] == "CR"
        and r["Product"] == "[en] Coalición fortalecida"
    )
    assert cr_swot["Status"] == "Done"
    assert cr_swot["Percent done"] == 100
    assert cr_swot["Note on the product"] == "Hecho en junio."
    assert cr_swot["Narrative of the activity"] == "Dos reuniones realizadas."
    assert cr_swot["Next steps"].startswith("Firmar en marzo.")
    assert cr_swot["Activity's status (computed)"] == "In progress"
    assert cr_swot["Activity's percent (computed)"] == 65
    assert cr_swot["Objective"] == "I. STRENGTHEN"
    assert cr_swot["Last update"] is not None
    # An activity without products: one row per country, the product empty.
    judges = [r for r in rows if r["Activity ref."] == "II.1" and r["Country code"] == "CR"]
    assert [(r["Product"], r["Status"], r["Percent done"]) for r in judges] == [
        (None, "In progress", 20)
    ]
    # Every country the administrator reads is listed, reported or not.
    honduras = [r for r in rows if r["Country code"] == "HN" and r["Activity ref."] == "I.1"]
    assert [r["Status"] for r in honduras] == ["Not started", "Not started"]


def test_a_country_editor_exports_only_what_it_reads(reported, personas):
    _header, rows = sheet_rows(export_as(personas["cr_editor"], reported["plan"]))
    codes = {r["Country code"] for r in rows}
    assert "GT" not in codes
    assert "CR" in codes


def test_the_sheet_is_in_the_language_asked(reported, personas, client_for):
    response = client_for("cr_editor").get(
        reverse("plan-export", args=[reported["plan"].code]), {"lang": "es"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    header, rows = sheet_rows(response.content, "Avance")
    assert header[6] == "Estado"
    statuses = {r["Estado"] for r in rows}
    with translation.override("es"):
        assert str(ProgressStatus.DONE.label) in statuses
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("seq")
    assert entry.after["language"] == "es"
    bad = client_for("cr_editor").get(
        reverse("plan-export", args=[reported["plan"].code]), {"lang": "fr"}
    )
    assert bad.status_code == 400


# --- the round trip ---------------------------------------------------------------------------


def test_the_workbook_round_trips_without_changes(reported, personas):
    admin = personas["regional_admin"]
    plan = reported["plan"]
    content = export_as(admin, plan, "es")
    before = state(plan)
    result = import_workbook(content, filename="plan.xlsx", user=admin)
    assert result.progress is not None
    assert result.progress.changes == []
    assert state(plan) == before


def test_one_changed_cell_changes_only_that_product(reported, personas):
    admin = personas["regional_admin"]
    plan = reported["plan"]
    content = export_as(admin, plan, "en")
    before = state(plan)
    changed = change_cell(
        content,
        {"Activity ref.": "I.1", "Country code": "CR", "Product": "[en] Convenios firmados"},
        "Status",
        "Realizada",  # a Spanish label in an English workbook
    )
    changed = change_cell(
        changed,
        {"Activity ref.": "I.1", "Country code": "CR", "Product": "[en] Convenios firmados"},
        "Percent done",
        100,
    )
    result = import_workbook(changed, filename="plan.xlsx", user=admin)
    assert result.progress.activities == 1
    after = state(plan)
    assert after["revisions"] == before["revisions"] + 1
    assert after["changes"] == before["changes"] + 1
    changed_products = set(after["products"]) - set(before["products"])
    assert changed_products == {
        ("I.1", "CR", "Convenios firmados", ProgressStatus.DONE, 100, ""),
    }
    cr = Progress.objects.get(pk=reported["progress"]["CR"].pk)
    assert (cr.status, cr.percent) == (ProgressStatus.DONE, 100)  # recomputed
    others = [row for row in after["progress"] if row[:2] != ("I.1", "CR")]
    assert others == [row for row in before["progress"] if row[:2] != ("I.1", "CR")]
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("seq")
    assert entry.object_id == str(cr.pk)
    assert entry.after["products"]["Convenios firmados"]["status"] == ProgressStatus.DONE


def test_the_narrative_changes_from_any_of_the_activitys_rows(reported, personas):
    admin = personas["regional_admin"]
    content = export_as(admin, reported["plan"])
    changed = change_cell(
        content,
        {"Activity ref.": "I.1", "Country code": "CR", "Product": "[en] Convenios firmados"},
        "Narrative of the activity",
        "Tres reuniones.",
    )
    import_workbook(changed, filename="plan.xlsx", user=admin)
    cr = Progress.objects.get(pk=reported["progress"]["CR"].pk)
    assert cr.narrative == "Tres reuniones."
    assert cr.revisions.first().narrative == "Tres reuniones."


def test_an_activity_without_products_is_reported_as_a_whole(reported, personas, countries):
    admin = personas["regional_admin"]
    content = export_as(admin, reported["plan"])
    changed = change_cell(
        content, {"Activity ref.": "II.1", "Country code": "HN"}, "Status", "in_progress"
    )
    changed = change_cell(
        changed, {"Activity ref.": "II.1", "Country code": "HN"}, "Percent done", 15
    )
    import_workbook(changed, filename="plan.xlsx", user=admin)
    created = Progress.objects.get(activity=reported["activities"]["II.1"], country=countries["HN"])
    assert (created.status, created.percent) == (ProgressStatus.IN_PROGRESS, 15)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(created.pk)).exists()


# --- refusals ---------------------------------------------------------------------------------


def refused(content, plan, user):
    before = state(plan)
    with pytest.raises(WorkbookError) as caught:
        import_progress(content, plan, user=user)
    assert state(plan) == before  # all or nothing
    return [str(p) for p in caught.value.problems]


def test_bad_rows_are_named_by_sheet_row_and_column(reported, personas):
    admin = personas["regional_admin"]
    plan = reported["plan"]
    content = export_as(admin, plan)
    _header, rows = sheet_rows(content)
    row_of = {
        (r["Activity ref."], r["Country code"], r["Product"]): n
        for n, r in enumerate(rows, start=2)
    }
    swot = "[en] Coalición fortalecida"
    content = change_cell(
        content, {"Activity ref.": "I.1", "Country code": "HN", "Product": swot}, "Status", "Hecho"
    )
    content = change_cell(
        content,
        {"Activity ref.": "I.1", "Country code": "PA", "Product": swot},
        "Percent done",
        140,
    )
    content = change_cell(
        content, {"Activity ref.": "I.1", "Country code": "NI", "Product": swot}, "Percent done", 50
    )
    content = change_cell(
        content,
        {"Activity ref.": "I.1", "Country code": "SV", "Product": swot},
        "Product",
        "Otro producto",
    )
    problems = refused(content, plan, admin)
    hn, pa, ni, sv = (row_of[("I.1", c, swot)] for c in ("HN", "PA", "NI", "SV"))
    assert any(p.startswith(f"Progress!G{hn} (Status): unknown status “Hecho”") for p in problems)
    assert any(
        p == f"Progress!H{pa} (Percent done): “140” is not a whole number from 0 to 100"
        for p in problems
    )
    assert f"Progress!H{ni} (Percent done): An activity that has not started is 0% done." in (
        problems
    )
    assert f"Progress!D{sv} (Product): activity I.1 has no product “Otro producto”" in problems


def test_a_country_editor_changes_only_its_country(reported, personas):
    plan = reported["plan"]
    admin_view = export_as(personas["regional_admin"], plan)
    guatemala = change_cell(
        admin_view,
        {"Activity ref.": "II.1", "Country code": "GT"},
        "Narrative of the activity",
        "Cambiado por otro país",
    )
    problems = refused(guatemala, plan, personas["cr_editor"])
    assert any("you may not change the progress of" in p for p in problems)
    # The rows of other countries the editor reads may stay in the file, unchanged.
    own = export_as(personas["cr_editor"], plan)
    own = change_cell(
        own, {"Activity ref.": "II.1", "Country code": "CR"}, "Next steps", "Taller en enero."
    )
    outcome = import_progress(own, plan, user=personas["cr_editor"])
    assert outcome.activities == 1
    assert Progress.objects.get(
        activity=reported["activities"]["II.1"], country__iso2="CR"
    ).next_steps == ("Taller en enero.")


def test_a_locked_country_refuses_the_import(reported, personas, countries):
    plan = reported["plan"]
    Approval.objects.create(
        kind=plan_progress.APPROVAL_KIND,
        country=countries["CR"],
        year=timezone.localdate().year,
        state=ApprovalState.SUBMITTED,
    )
    content = export_as(personas["cr_editor"], plan)
    # Unchanged, the locked country's rows are accepted.
    assert import_progress(content, plan, user=personas["cr_editor"]).changes == []
    changed = change_cell(
        content, {"Activity ref.": "II.1", "Country code": "CR"}, "Percent done", 60
    )
    problems = refused(changed, plan, personas["cr_editor"])
    assert any("has been submitted" in p for p in problems)


# --- pages ------------------------------------------------------------------------------------


def test_the_progress_import_page(reported, personas, client_for):
    plan = reported["plan"]
    client = client_for("cr_editor")
    url = reverse("plan-progress-import", args=[plan.code])
    page = client.get(url)
    assert page.status_code == 200
    content = export_as(personas["cr_editor"], plan)
    changed = change_cell(
        content, {"Activity ref.": "II.1", "Country code": "CR"}, "Percent done", 60
    )
    response = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", changed)}, follow=True)
    assert response.status_code == 200
    assert (
        Progress.objects.get(activity=reported["activities"]["II.1"], country__iso2="CR").percent
        == 60
    )
    bad = change_cell(content, {"Activity ref.": "II.1", "Country code": "CR"}, "Status", "??")
    response = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", bad)})
    assert response.status_code == 400
    assert "Progress!G" in response.content.decode() or "Avance!G" in response.content.decode()
    assert client_for("auditor").get(url).status_code in (403, 404)


def test_the_import_page_explains_the_progress_sheet(client_for):
    page = client_for("regional_admin").get(reverse("plan-import"))
    assert page.status_code == 200
    assert 'id="progress-sheet"' in page.content.decode()


def test_the_plan_import_page_reads_the_progress_sheet_back(
    reported, personas, client_for, in_english
):
    plan = reported["plan"]
    client = client_for("regional_admin")
    exported = client.get(reverse("plan-export", args=[plan.code]), {"lang": "en"}).content
    before = state(plan)
    response = client.post(
        reverse("plan-import"), {"file": SimpleUploadedFile("plan.xlsx", exported)}, follow=True
    )
    assert response.status_code == 200
    assert "nothing changed" in response.content.decode()
    assert state(plan) == before
