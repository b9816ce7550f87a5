"""The knowledge lists as spreadsheets (``?export=xlsx`` or ``?export=csv``): good
practices with their details, campaigns with their reach figures, agreements and SWOT
analyses; each with the list's current filter, in the page's language, audited, for those
who may export."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.exported import by_first, cell, column, table
from coalition.knowledge.models import Agreement, Campaign, Practice, Swot

LISTS = ["practice-list", "campaign-list", "agreement-list", "swot-list"]


def export(client, name, **params):
    return client.get(reverse(name), {"export": "xlsx", **params})


# --- good practices ----------------------------------------------------------------------


def test_practices_export_with_their_details(client_for, knowledge, in_english):
    rows = table(export(client_for("regional_admin"), "practice-list"))
    assert set(by_first(rows)) == {p.title for p in knowledge["practices"].values()}
    published = knowledge["practices"]["cr_published"]
    assert cell(rows, published.title, "Country") == "Costa Rica"
    assert cell(rows, published.title, "Review status") == "Published"
    assert cell(rows, published.title, "Description") == published.description
    assert cell(rows, published.title, "Results") == published.results
    assert cell(rows, published.title, "Year") == 2024
    assert cell(rows, published.title, "Published").date() == published.published_at.date()
    assert cell(rows, published.title, "Link").endswith(published.get_absolute_url())


def test_practices_export_keeps_the_filter(client_for, knowledge):
    rows = table(export(client_for("regional_admin"), "practice-list", country="GT"))
    assert list(by_first(rows)) == ["Fiscalía con enfoque en víctimas"]


def test_a_contributor_may_not_export_practices(client_for, knowledge):
    assert export(client_for("cr_contributor"), "practice-list").status_code == 403


# --- campaigns ---------------------------------------------------------------------------


def test_campaigns_export_with_their_reach_figures(client_for, knowledge, in_english):
    rows = table(export(client_for("regional_admin"), "campaign-list"))
    assert set(by_first(rows)) == {c.title for c in knowledge["campaigns"].values()}
    radio = "No te dejés engañar"
    assert cell(rows, radio, "Radio and TV broadcasts") == 320
    assert cell(rows, radio, "Social media reach") == 45000
    assert cell(rows, radio, "Brochures printed") is None  # not recorded, not zero
    assert cell(rows, radio, "Channels") == "Radio; Social media"
    assert cell(rows, radio, "Starts") == datetime.datetime(2025, 2, 1)
    assert cell(rows, radio, "Materials") == 2 and cell(rows, radio, "Public materials") == 1
    assert cell(rows, "Tarjetas de contactos clave", "Cards printed") == 5000
    # Newest first, as the list.
    assert column(rows, "Campaign")[0] == "Tarjetas de contactos clave"


def test_campaigns_export_keeps_the_filter_and_the_users_scope(client_for, knowledge):
    rows = table(export(client_for("regional_admin"), "campaign-list", channel="cards"))
    assert list(by_first(rows)) == ["Tarjetas de contactos clave"]
    rows = table(export(client_for("cr_editor"), "campaign-list"))
    assert "Tarjetas de contactos clave" not in by_first(rows)


# --- agreements --------------------------------------------------------------------------


def test_agreements_export_from_the_list_as_csv(client_for, knowledge, in_english):
    rows = table(
        client_for("regional_admin").get(
            reverse("agreement-list"), {"export": "csv", "status": "in_force"}
        )
    )
    assert rows[0][:4] == ("Title", "Country", "Type", "Status")
    police = knowledge["agreements"]["cr_police"]
    assert list(by_first(rows)) == [police.title]
    assert cell(rows, police.title, "Expires") == police.expires_on.isoformat()
    assert cell(rows, police.title, "Parties") == "Costa Rica, Nicaragua"


def test_the_former_export_address_gives_the_same_file(client_for, knowledge):
    client = client_for("regional_admin")
    old = table(client.get(reverse("agreement-export"), {"kind": "police"}))
    new = table(export(client, "agreement-list", kind="police"))
    assert old == new and len(old) == 2


# --- SWOT --------------------------------------------------------------------------------


def test_swots_export_with_their_items_per_quadrant(client_for, knowledge, in_english):
    rows = table(export(client_for("regional_admin"), "swot-list"))
    header = rows[0]
    assert header[:2] == ("Country or regional level", "Exercise (year)")
    assert set(by_first(rows)) == {"Costa Rica", "Guatemala", "Regional"}
    assert cell(rows, "Costa Rica", "Items: Strengths") == 1
    assert cell(rows, "Costa Rica", "Items: Threats") == 1
    assert cell(rows, "Guatemala", "Items: Opportunities") == 1
    rows = table(export(client_for("regional_admin"), "swot-list", country="GT"))
    assert list(by_first(rows)) == ["Guatemala"]


# --- every list --------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_each_list_offers_the_links_to_those_who_may_export(name, client_for, knowledge):
    page = client_for("cr_editor").get(reverse(name)).content.decode()
    assert "export=xlsx" in page and "export=csv" in page
    page = client_for("partner").get(reverse(name)).content.decode()
    assert "export=xlsx" not in page


@pytest.mark.parametrize("name", LISTS)
def test_each_export_is_in_spanish_by_default_and_english_when_asked(name, client_for, knowledge):
    client = client_for("regional_admin")
    spanish = table(client.get(reverse(name), {"export": "csv", "lang": "es"}))
    english = table(client.get(reverse(name), {"export": "csv", "lang": "en"}))
    assert spanish[0] != english[0]
    assert "País" in spanish[0][:2] or "País o nivel regional" in spanish[0]
    assert "Country" in english[0][:2] or "Country or regional level" in english[0]
    assert len(spanish) == len(english) > 1


@pytest.mark.parametrize("name", LISTS)
def test_each_export_refuses_a_bad_format_or_filter(name, client_for, knowledge):
    client = client_for("regional_admin")
    assert client.get(reverse(name), {"export": "ods"}).status_code == 400
    response = client.get(reverse(name), {"export": "xlsx", "country": "ZZ"})
    assert response.status_code == 400 and "country" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()


MODELS = {
    "practice-list": Practice,
    "campaign-list": Campaign,
    "agreement-list": Agreement,
    "swot-list": Swot,
}


@pytest.mark.parametrize("name", LISTS)
def test_each_export_is_audited_and_refused_to_those_who_may_not_export(
    name, client_for, knowledge
):
    for persona in ("partner", "auditor"):
        assert export(client_for(persona), name).status_code in (403, 404)
    assert not AuditEntry.objects.filter(action="export").exists()
    assert export(client_for("cr_editor"), name).status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert entry.object_type == MODELS[name]._meta.label_lower
    assert entry.after["format"] == "xlsx" and entry.after["count"] >= 1


@pytest.mark.parametrize("name", LISTS)
def test_a_title_that_looks_like_a_formula_stays_text(name, client_for, knowledge, countries):
    record = {
        "practice-list": knowledge["practices"]["cr_draft"],
        "campaign-list": knowledge["campaigns"]["cr_radio"],
        "agreement-list": knowledge["agreements"]["cr_police"],
        "swot-list": knowledge["swots"]["CR"],
    }[name]
    field = "summary" if name == "swot-list" else "title"
    type(record).objects.filter(pk=record.pk).update(**{field: "=SUM(A1:A9)"})
    client = client_for("regional_admin")
    response = export(client, name)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    found = [c for row in sheet.iter_rows() for c in row if c.value == "=SUM(A1:A9)"]
    assert found and all(c.data_type == "s" for c in found)
    text = client.get(reverse(name), {"export": "csv"}).content.decode()
    assert "'=SUM(A1:A9)" in text


@pytest.mark.parametrize("name", LISTS)
def test_each_export_reads_a_bounded_number_of_queries(
    name, client_for, knowledge, countries, django_assert_max_num_queries
):
    cr = countries["CR"]
    for n in range(10):
        Practice.objects.create(
            country=cr, title=f"Práctica {n}", axis="prevention", description="-"
        )
        Campaign.objects.create(
            country=cr, title=f"Campaña {n}", starts=datetime.date(2025, 1, 1 + n)
        )
        Agreement.objects.create(country=cr, title=f"Convenio {n}", kind="police", status="signed")
        Swot.objects.create(country=cr, year=2000 + n)
    client = client_for("regional_admin")
    client.get(reverse("home"))
    with django_assert_max_num_queries(18):
        response = export(client, name)
    assert len(table(response)) > 10
