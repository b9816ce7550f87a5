"""The directory's search page as a spreadsheet (``?export=xlsx`` or ``?export=csv``): every
contact and institution of the current search and filters, with what the page shows."""

import io

import openpyxl
import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.exported import table
from coalition.directory.tests.conftest import make_contact

SHELTER = "Albergue Nacional de Atención a Víctimas"
LUCIA = "Lucía Fernández Mora"
LINE = "Línea de atención 24 horas"
JOSE = "José Pérez Ajú"


def export(client, **params):
    return client.get(reverse("directory"), {"export": "xlsx", **params})


def names(rows):
    return {row[1] for row in rows[1:]}


def test_the_export_holds_every_result_with_what_the_page_shows(client_for, directory, in_english):
    rows = table(export(client_for("regional_admin")))
    header = rows[0]
    assert header[:3] == ("Record", "Name", "Kind")
    assert {SHELTER, LUCIA, LINE, JOSE, "Ana Smith"} <= names(rows)
    lucia = next(row for row in rows if row[1] == LUCIA)
    values = dict(zip(header, lucia, strict=True))
    assert values["Record"] == "Contact" and values["Position"] == "Directora"
    assert values["Institution"] == SHELTER and values["Country"] == "Costa Rica"
    assert values["E-mails"] == "lucia@example.test"
    assert values["Phones"].startswith("+506")
    assert values["Link"].endswith(directory["contacts"]["cr_person"].get_absolute_url())
    shelter = dict(zip(header, next(row for row in rows if row[1] == SHELTER), strict=True))
    assert shelter["Record"] == "Institution" and shelter["Acronym"] == "ANAV"
    assert "Shelter" in shelter["Services"] and shelter["Coverage"] == "San José; Heredia"
    line = dict(zip(header, next(row for row in rows if row[1] == LINE), strict=True))
    assert line["Stale"] == "Yes" and line["Public"] == "Yes"


def test_the_export_keeps_the_search_and_the_filters_and_every_page(client_for, directory):
    client = client_for("regional_admin")
    assert names(table(export(client, kind="line"))) == {LINE}
    assert names(table(export(client, q="fiscal", page="3"))) >= {JOSE}
    assert LUCIA not in names(table(export(client, q="fiscal")))
    in_guatemala = names(table(export(client, country="GT")))
    assert {JOSE, "Fiscalía contra la Trata de Personas"} <= in_guatemala
    assert LUCIA not in in_guatemala and SHELTER not in in_guatemala
    for n in range(30):
        make_contact(directory["institutions"]["CR"], f"Persona {n:02d}")
    assert len(table(export(client, country="CR"))) > 30  # more than one page of 25


def test_a_country_editor_exports_only_what_the_page_shows_them(client_for, directory):
    rows = table(export(client_for("cr_editor")))
    assert JOSE not in names(rows)
    assert LUCIA in names(rows)


def test_the_headers_follow_the_language(client_for, directory):
    client = client_for("regional_admin")
    spanish = table(client.get(reverse("directory"), {"export": "csv", "lang": "es"}))
    english = table(client.get(reverse("directory"), {"export": "csv", "lang": "en"}))
    assert spanish[0][1] == "Nombre" and english[0][1] == "Name"
    assert spanish[0][6] == "País" and english[0][6] == "Country"


@pytest.mark.parametrize(
    "params",
    [
        {"export": "pdf"},
        {"axis": "nope"},
        {"service": "nope"},
        {"kind": "nope"},
        {"public": "maybe"},
        {"country": "ZZ"},
        {"lang": "xx"},
    ],
)
def test_a_bad_format_or_filter_is_refused_naming_it(params, client_for, directory):
    response = export(client_for("regional_admin"), **params)
    assert response.status_code == 400
    name = next(iter(params))
    assert (name if name != "export" else "export=") in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_is_audited_and_refused_to_those_who_may_not_export(client_for, directory):
    for persona in ("partner", "cr_contributor"):
        client = client_for(persona)
        assert export(client).status_code == 403
        assert "export=xlsx" not in client.get(reverse("directory")).content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()
    client = client_for("cr_editor")
    assert "export=csv" in client.get(reverse("directory")).content.decode()
    export(client, kind="person")
    entry = AuditEntry.objects.get(action="export", object_type="directory.contact")
    assert entry.after["kind"] == "person" and entry.after["count"] >= 1


def test_a_name_that_looks_like_a_formula_stays_text(client_for, directory):
    make_contact(directory["institutions"]["CR"], "=1+2")
    client = client_for("regional_admin")
    sheet = openpyxl.load_workbook(io.BytesIO(export(client).content)).active
    found = [c for c in sheet["B"] if c.value == "=1+2"]
    assert found and found[0].data_type == "s"
    rows = table(client.get(reverse("directory"), {"export": "csv"}))
    assert "'=1+2" in names(rows)


def test_the_export_reads_a_bounded_number_of_queries(
    client_for, directory, django_assert_max_num_queries
):
    for n in range(20):
        make_contact(directory["institutions"]["CR"], f"Persona {n:02d}", emails=[f"p{n}@x.test"])
    client = client_for("regional_admin")
    client.get(reverse("home"))
    with django_assert_max_num_queries(20):
        rows = table(export(client))
    assert len(rows) > 20


def test_the_links_redrawn_by_the_search_keep_the_new_search(client_for, directory):
    partial = client_for("cr_editor").get(
        reverse("directory"), {"q": "albergue", "kind": "line"}, HTTP_HX_REQUEST="true"
    )
    html = partial.content.decode()
    link = html.split('id="export-links"')[1].split('href="')[1].split('"')[0]
    assert "q=albergue" in link and "kind=line" in link and "export=xlsx" in link


def test_a_search_larger_than_an_export_is_refused_not_cut(client_for, directory, monkeypatch):
    monkeypatch.setattr("coalition.directory.list_export.LIMIT", 1)
    response = export(client_for("regional_admin"))
    assert response.status_code == 400
    assert "narrow" in response.content.decode() or "acote" in response.content.decode()
