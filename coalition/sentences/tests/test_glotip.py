"""The GLOTIP import (the real regional extract of the 2023-05-30 release, and small files
that go wrong), the sources' pages and the reconciliation with the national records."""

import csv
import datetime
import hashlib
import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections
from django.urls import reverse

from coalition.core import approvals
from coalition.core.choices import AuditAction
from coalition.core.models import Approval, AuditEntry
from coalition.sentences import glotip
from coalition.sentences.models import APPROVAL_KIND, Figure, Source
from coalition.sentences.reconciliation import compare
from coalition.sentences.tests.factories import sentence

pytestmark = pytest.mark.usefixtures("in_english")

REPO = Path(__file__).resolve().parents[3]
RELEASED = datetime.date(2023, 5, 30)
HEADER = (
    "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,"
    "Unit of measurement,txtVALUE,Source"
)


def glotip_file(*rows):
    """A GLOTIP CSV of ``rows``: (iso3, indicator, dimension, category, sex, age, year,
    value)."""
    lines = [HEADER]
    for iso3, indicator, dimension, category, sex, age, year, value in rows:
        value = f'"{value}"' if "," in value else value
        lines.append(
            f"{iso3},Name,Americas,Latin America,{indicator},{dimension},{category},{sex},"
            f"{age},{year},Counts,{value},GLOTIP"
        )
    return ("\n".join(lines) + "\n").encode()


def total(iso3, indicator, year, value):
    return (iso3, indicator, "Total", "Total", "Total", "Total", year, value)


def figure(source, iso2, year, indicator, dimension="total", category="total", **more):
    rows = Figure.objects.filter(
        source=source,
        country__iso2=iso2,
        year=year,
        indicator=indicator,
        dimension=dimension,
        category=category,
        sex=more.get("sex", "total"),
        age=more.get("age", "total"),
    )
    return [f"<{f.value}" if f.censored else f.value for f in rows]


def file_rows():
    with glotip.EXTRACT_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def release(countries):
    result = glotip.import_extract()
    return result, result.records[0]


# --- the real file ----------------------------------------------------------------------


def test_the_shipped_extract_is_the_published_file():
    candidates = [
        Path(settings.COALITION_SHARED_DIR),
        REPO.parent / "shared",
        REPO.parent.parent / "shared",
    ]
    for shared in candidates:
        published = shared / "data" / "glotip" / glotip.EXTRACT_FILE.name
        if published.exists():
            assert published.read_bytes() == glotip.EXTRACT_FILE.read_bytes()
            return
    pytest.skip("the shared data folder is not here")


def test_the_real_file_keeps_every_member_row_and_every_censored_value(release):
    result, source = release
    rows = file_rows()
    members = [r for r in rows if r["Iso3_code"] != "MEX"]
    assert source.name == "GLOTIP, release 2023-05-30"
    assert source.file_sha256 == hashlib.sha256(glotip.EXTRACT_FILE.read_bytes()).hexdigest()
    assert result.rows == 3149
    assert source.figures.count() == len(members) == 2764
    censored = sum(1 for r in members if r["txtVALUE"] == "<5")
    assert source.figures.filter(censored=True, value=5).count() == censored == 1455
    assert result.skipped == 385
    assert "385 rows of MEX skipped: not a member country." in [str(n) for n in result.notices]


def test_the_real_file_reproduces_its_published_totals(release):
    _result, source = release
    assert figure(source, "GT", 2021, "convicted") == [35]
    assert figure(source, "GT", 2021, "prosecuted") == [119]
    assert figure(source, "GT", 2021, "victims") == [425]
    assert figure(source, "CR", 2020, "convicted") == ["<5"]
    assert figure(source, "SV", 2019, "victims") == [104]
    assert sorted(figure(source, "DO", 2021, "victims", sex="male")) == [30, 42]
    # 2,020 is published with a thousands separator.
    assert figure(source, "DO", 2021, "victims", "repatriation", glotip.UNMAPPED) == [2020]


def test_duplicate_cells_of_the_release_are_all_kept(release):
    _result, source = release
    others = figure(source, "GT", 2021, "convicted", "exploitation", "other")
    published = [
        r["txtVALUE"]
        for r in file_rows()
        if r["Iso3_code"] == "GTM"
        and r["Year"] == "2021"
        and r["Indicator"] == "Persons convicted"
        and r["Category"] == "Other forms of exploitation"
    ]
    assert len(published) == 3
    assert sorted(map(str, others)) == sorted(published)


def test_damaged_and_national_names_are_repaired_through_the_mapping(release):
    result, source = release
    by_citizenship = dict(
        source.figures.filter(
            country__iso2="GT", year=2021, indicator="convicted", dimension="citizenship"
        ).values_list("category", "category_label")
    )
    assert by_citizenship == {"GT": "Guatemaltecos", "HN": "Hondureño", "SV": "Salvadoreña"}
    assert figure(source, "GT", 2021, "convicted", "citizenship", "GT") == [33]
    labels = set(source.figures.values_list("category", "category_label"))
    assert ("PA", "Panamá") in labels
    assert ("DO", "República Dominicana") in labels
    assert ("SV", "Salvadoreña") in labels
    # "Citizens of your country", reported by the Dominican Republic: Dominicans.
    assert figure(source, "DO", 2018, "convicted", "citizenship", "DO") == [11]
    assert figure(source, "HN", 2020, "convicted", "citizenship", "HN") == [14]
    assert not source.figures.filter(category_label__contains="\ufffd").exists()
    assert result.repaired == 49


def test_the_labels_the_mapping_cannot_read_are_reported_and_kept(release):
    result, source = release
    unmapped = [n for n in result.notices if n.column == "Category"]
    assert [n.row for n in unmapped] == [835, 885, 922, 2054, 2056, 2323]
    assert result.unmapped == 6
    assert source.figures.filter(category=glotip.UNMAPPED, category_label="").count() == 6


def test_every_entry_of_the_mapping_is_a_code_the_importer_knows():
    entries = glotip.mapping()
    assert entries["Hondure\ufffdo"] == ("HN", "Hondureño")
    assert entries["Nationals"][0] == glotip.REPORTING
    assert entries["Abroad"] == (glotip.ABROAD, "Abroad")


# --- small files ------------------------------------------------------------------------


def test_an_unmappable_label_is_imported_as_published_and_reported(countries):
    content = glotip_file(
        ("GTM", "Persons convicted", "by citizenship", "Atlántida", "Total", "Total", "2021", "4"),
        (
            "GTM",
            "Persons convicted",
            "by citizenship",
            "Nicarag\ufffdense",
            "Total",
            "Total",
            "2021",
            "<5",
        ),
    )
    result = glotip.import_release(content, "small.csv", RELEASED)
    notices = [(n.row, n.column, n.message) for n in result.notices]
    assert notices == [
        (2, "Category", "“Atlántida” is not in the reviewed mapping: imported as published."),
        (
            3,
            "Category",
            "“Nicarag\ufffdense” is not in the reviewed mapping: imported as published.",
        ),
    ]
    source = result.records[0]
    assert set(source.figures.values_list("category", "category_label")) == {
        (glotip.UNMAPPED, "Atlántida"),
        (glotip.UNMAPPED, "Nicarag\ufffdense"),
    }


def test_a_bad_row_refuses_the_file_naming_its_row_and_column_and_writes_nothing(countries):
    content = glotip_file(
        total("GTM", "Persons convicted", "2021", "35"),
        total("GTM", "Persons convicted", "21", "35"),
        total("GTM", "Persons convicted", "2020", "many"),
        total("XYZ", "Persons convicted", "2020", "3"),
        ("GTM", "Persons jailed", "Total", "Total", "Total", "Total", "2020", "3"),
        total("GTM", "Persons convicted", "2019", "-3"),
    )
    with pytest.raises(glotip.GlotipFileError) as refused:
        glotip.import_release(content, "bad.csv", RELEASED)
    where = [(p.row, p.column) for p in refused.value.problems]
    assert where == [
        (3, "Year"),
        (4, "txtVALUE"),
        (5, "Iso3_code"),
        (6, "Indicator"),
        (7, "txtVALUE"),
    ]
    assert "“many” is not a count" in str(refused.value.problems[1])
    assert not Source.objects.filter(kind="glotip").exists()
    assert not Figure.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_a_workbook_is_read_as_the_csv_is(countries):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "GTM",
            "Guatemala",
            "",
            "",
            "Persons convicted",
            "Total",
            "Total",
            "Total",
            "Total",
            2021,
            "Counts",
            35,
            "GLOTIP",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    result = glotip.import_release(out.getvalue(), "glotip.xlsx", RELEASED)
    assert figure(result.records[0], "GT", 2021, "convicted") == [35]


def test_importing_a_release_again_replaces_its_figures(countries):
    glotip.import_release(
        glotip_file(total("GTM", "Persons convicted", "2021", "30")), "a.csv", RELEASED
    )
    result = glotip.import_release(
        glotip_file(total("GTM", "Persons convicted", "2021", "35")), "b.csv", RELEASED
    )
    source = Source.objects.get(kind="glotip")
    assert result.replaced == 1
    assert figure(source, "GT", 2021, "convicted") == [35]
    assert source.file_name == "b.csv"
    entry = AuditEntry.objects.filter(action=AuditAction.IMPORT).latest("seq")
    assert entry.before["file"] == "a.csv"


def test_the_command_imports_and_exits_non_zero_without_a_traceback_on_bad_input(
    countries, tmp_path, capsys, monkeypatch
):
    # Run as from the command line, but keep the test's database connection open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    good = tmp_path / "glotip.csv"
    good.write_bytes(glotip_file(total("GTM", "Persons convicted", "2021", "35")))
    call_command("import_glotip", str(good), "--released", "2023-05-30")
    assert "GLOTIP, release 2023-05-30" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(glotip_file(total("GTM", "Persons convicted", "1800", "35")))
    with pytest.raises(CommandError, match=r"Row 2, column “Year”"):
        call_command("import_glotip", str(bad), "--released", "2023-05-30")
    for argv in (
        [str(bad), "--released", "2023-05-30"],
        [str(good), "--released", "30/05/2023"],
        [str(tmp_path / "missing.csv"), "--released", "2023-05-30"],
    ):
        with pytest.raises(SystemExit) as exited:
            execute_from_command_line(["coalition", "import_glotip", *argv])
        assert exited.value.code != 0
        err = capsys.readouterr().err
        assert "CommandError" in err and "Traceback" not in err
    assert Figure.objects.get().value == 35


# --- the pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,status",
    [("gt_editor", 403), ("cr_contributor", 403), ("partner", 403), ("auditor", 403)],
)
def test_only_the_regional_administrator_opens_the_sources_and_import_pages(
    client_for, persona, status
):
    for name in ("glotip-sources", "glotip-import"):
        assert client_for(persona).get(reverse(name)).status_code == status
        assert client_for("regional_admin").get(reverse(name)).status_code == 200


def test_the_import_page_imports_the_real_file_and_lists_what_it_could_not_map(client_for):
    client = client_for("regional_admin")
    upload = SimpleUploadedFile("glotip.csv", glotip.EXTRACT_FILE.read_bytes(), "text/csv")
    response = client.post(
        reverse("glotip-import"), {"file": upload, "released": "2023-05-30"}, follow=True
    )
    page = response.content.decode()
    assert "GLOTIP, release 2023-05-30 was imported." in page
    assert "2764 figures imported (1455 of them below a threshold" in page
    assert "The category is empty: imported as published." in page
    assert "385 rows of MEX skipped" in page
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.actor.username == "regional_admin"
    assert entry.after["imported"] == 2764


def test_the_import_page_lists_every_problem_and_records_nothing(client_for):
    client = client_for("regional_admin")
    content = glotip_file(total("GTM", "Persons convicted", "2021", "3.5"))
    upload = SimpleUploadedFile("bad.csv", content, "text/csv")
    response = client.post(reverse("glotip-import"), {"file": upload, "released": "2023-05-30"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-problems"' in page
    assert "“3.5” is not a count" in page and "txtVALUE" in page
    assert not Source.objects.filter(kind="glotip").exists()


def test_a_release_is_removed_after_confirmation_and_the_removal_audited(client_for, release):
    _result, source = release
    client = client_for("regional_admin")
    url = reverse("glotip-source-delete", args=[source.pk])
    assert "2764 figures" in client.get(url).content.decode()
    assert client_for("gt_editor").post(url).status_code == 403
    assert Source.objects.filter(pk=source.pk).exists()
    assert client.post(url).status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not Figure.objects.filter(source_id=source.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert entry.before["figures"] == 2764
    national = Source.national()
    assert client.get(reverse("glotip-source-delete", args=[national.pk])).status_code == 404


# --- the reconciliation ------------------------------------------------------------------


@pytest.fixture
def national_and_glotip(countries):
    """Fictitious national records for Guatemala and Costa Rica beside a small release."""
    gt, cr = countries["GT"], countries["CR"]
    convicted = (
        ("convicted", "male", "adult", "GT", 20),
        ("convicted", "female", "adult", "GT", 10),
        ("acquitted", "male", "adult", "GT", 4),
    )
    sentence(
        gt,
        final_date=datetime.date(2021, 5, 1),
        defendants=convicted,
        victims=(("female", "minor", "GT", "sexual", 12),),
    )
    sentence(
        gt,
        final_date=datetime.date(2020, 5, 1),
        defendants=(("convicted", "male", "adult", "GT", 3),),
        victims=(),
    )
    sentence(
        cr,
        final_date=datetime.date(2021, 5, 1),
        defendants=(("convicted", "female", "adult", "CR", 7),),
        victims=(),
    )
    result = glotip.import_release(
        glotip_file(
            total("GTM", "Persons convicted", "2021", "35"),
            ("GTM", "Persons convicted", "Total", "Total", "Female", "Total", "2021", "<5"),
            total("GTM", "Persons convicted", "2020", "<5"),
            total("GTM", "Detected trafficking victims", "2021", "<5"),
            total("GTM", "Persons convicted", "2019", "8"),
            total("CRI", "Persons convicted", "2021", "7"),
        ),
        "small.csv",
        RELEASED,
    )
    return result.records[0]


def table(response):
    """The reconciliation table of a page (not its filters)."""
    page = response.content.decode()
    start = page.find('id="reconciliation"')
    return page[start : page.find("</table>", start)] if start >= 0 else ""


def cells(lines):
    return {
        (line.country.iso2, line.year, line.indicator, line.sex): (
            str(line.national) if line.national else None,
            line.glotip_text,
            line.difference_text,
            line.status,
        )
        for line in lines
    }


def test_the_reconciliation_sets_national_records_beside_glotip(countries, national_and_glotip):
    found = cells(compare.compare([countries["GT"], countries["CR"]], national_and_glotip))
    assert found[("GT", 2021, "convicted", "total")] == ("30", "35", "−5", "different")
    # 3 against <5: the difference is a range that holds 0.
    assert found[("GT", 2020, "convicted", "total")] == ("3", "<5", "−1 to +3", "consistent")
    assert found[("GT", 2021, "victims", "total")] == ("12", "<5", "+8 to +12", "different")
    assert found[("GT", 2019, "convicted", "total")] == (None, "8", "", "glotip_only")
    assert found[("GT", 2021, "prosecuted", "total")] == ("34", "", "", "national_only")
    assert found[("CR", 2021, "convicted", "total")] == ("7", "7", "0", "same")
    assert ("GT", 2021, "convicted", "female") not in found


def test_an_indicator_the_records_do_not_keep_is_said_so(countries):
    release = glotip.import_release(
        glotip_file(total("GTM", "Offences of trafficking in persons", "2021", "260")),
        "offences.csv",
        RELEASED,
    ).records[0]
    (line,) = compare.compare([countries["GT"]], release)
    assert (line.national, line.status) == (None, compare.NOT_KEPT)


def test_the_reconciliation_by_sex_and_which_source_is_newer(countries, national_and_glotip):
    lines = compare.compare([countries["GT"]], national_and_glotip, by_sex=True)
    found = cells(lines)
    assert found[("GT", 2021, "convicted", "female")] == ("10", "<5", "+6 to +10", "different")
    line = next(x for x in lines if (x.year, x.indicator, x.sex) == (2021, "convicted", "total"))
    assert line.newer == compare.NEWER_NATIONAL  # the sentences were recorded after 2023
    assert not line.approved


def test_the_page_shows_the_regional_administrator_every_country(client_for, national_and_glotip):
    response = client_for("regional_admin").get(reverse("sentence-reconciliation"))
    shown = table(response)
    assert response.status_code == 200
    assert "Costa Rica" in shown and "Guatemala" in shown and "−1 to +3" in shown
    assert "GLOTIP, release 2023-05-30" in response.content.decode()


def test_a_country_editor_sees_only_their_country(client_for, national_and_glotip):
    client = client_for("gt_editor")
    response = client.get(reverse("sentence-reconciliation"))
    assert "Guatemala" in table(response) and "Costa Rica" not in response.content.decode()
    assert client.get(reverse("sentence-reconciliation") + "?country=CR").status_code == 404
    assert client.get(reverse("sentence-reconciliation") + "?country=GT").status_code == 200


@pytest.mark.parametrize("persona", ["cr_contributor", "partner", "auditor"])
def test_the_reconciliation_is_refused_to_other_roles(client_for, persona):
    assert client_for(persona).get(reverse("sentence-reconciliation")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client_for):
    response = client_for("anonymous").get(reverse("sentence-reconciliation"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_filters_narrow_and_only_differences_are_kept(client_for, national_and_glotip):
    client = client_for("regional_admin")
    url = reverse("sentence-reconciliation")
    shown = table(client.get(url + "?show=differences&year_from=2021&sort=-difference"))
    assert shown.index("+8 to +12") < shown.index("−5")
    assert "−1 to +3" not in shown and "Costa Rica" not in shown
    assert client.get(url + "?year_from=2022&year_to=2020").status_code == 400
    assert client.get(url + "?indicator=arrests").status_code == 400
    assert client.get(url + "?format=pdf").status_code == 400


def test_the_export_has_exactly_the_rows_shown_and_is_audited(client_for, national_and_glotip):
    client = client_for("gt_editor")
    url = reverse("sentence-reconciliation") + "?show=both&format=csv"
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Country", "ISO code", "Year"]
    # A difference that starts with "+" would run as a formula: the CSV keeps it text.
    assert [(r[1], r[2], r[5], r[6], r[7]) for r in rows[1:]] == [
        ("GT", "2021", "12", "<5", "'+8 to +12"),
        ("GT", "2021", "30", "35", "−5"),
        ("GT", "2020", "3", "<5", "−1 to +3"),
    ]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.after["count"] == 3 and entry.actor.username == "gt_editor"
    xlsx = client.get(url.replace("csv", "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4


def test_an_approved_year_is_marked_as_such(countries, national_and_glotip):
    gt = countries["GT"]
    Approval.objects.create(kind=APPROVAL_KIND, country=gt, year=2021, state="approved")
    assert approvals.is_locked(APPROVAL_KIND, gt.pk, 2021)
    lines = compare.compare([gt], national_and_glotip)
    assert {line.year for line in lines if line.approved} == {2021}


def test_the_demo_imports_the_shipped_extract_once(countries):
    from coalition.sentences.demo import load_demo_glotip

    assert load_demo_glotip("system:load_demo") == 2764
    assert load_demo_glotip("system:load_demo") == 0
    assert Source.objects.get(kind="glotip").name == "GLOTIP, release 2023-05-30"
