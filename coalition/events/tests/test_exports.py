"""The events list as a spreadsheet: every event of the current filter with its attendance
figures (counts, never names), and the people trained by year, country, profession and sex."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry, Organization
from coalition.core.tests.exported import by_first, cell, column, table
from coalition.events.choices import EventKind
from coalition.events.tests.conftest import attend, make_event, make_participant

WORKSHOP = "Taller para jueces penales"
MEETING = "Reunión técnica con la PNC"
REGIONAL = "Reunión de la Coalición Regional"


def export(client, **params):
    return client.get(reverse("event-list"), {"when": "all", "export": "xlsx", **params})


def test_the_export_holds_every_event_of_the_filter_with_its_attendance_figures(
    client_for, events, in_english
):
    rows = table(export(client_for("regional_admin")))
    assert set(by_first(rows)) == {WORKSHOP, MEETING, REGIONAL}
    header = rows[0]
    for name in ("Title", "Country", "Starts", "Ends", "People", "Sex: Female", "Link"):
        assert name in header
    assert "Profession: Judges and magistrates" in header
    assert cell(rows, WORKSHOP, "People") == 3
    assert cell(rows, WORKSHOP, "Sex: Female") == 2
    assert cell(rows, WORKSHOP, "Sex: Male") == 1
    assert cell(rows, WORKSHOP, "Profession: Judges and magistrates") == 2
    assert cell(rows, WORKSHOP, "Profession: Prosecutors") == 1
    assert cell(rows, WORKSHOP, "Starts") == datetime.datetime(2026, 8, 10)
    assert cell(rows, WORKSHOP, "Days") == 3
    assert cell(rows, REGIONAL, "Host country") == "Panama"
    assert cell(rows, REGIONAL, "People") == 0
    assert cell(rows, WORKSHOP, "Link").startswith("http://testserver/")
    assert cell(rows, WORKSHOP, "Link").endswith(events["workshop"].get_absolute_url())
    # Counts only: no participant's name anywhere in the file.
    flat = " ".join(str(value) for row in rows for value in row)
    assert "Ana Mora" not in flat and "Marta" not in flat


def test_the_export_keeps_the_filter_and_the_order_and_leaves_out_paging(client_for, events):
    client = client_for("regional_admin")
    rows = table(export(client, country="CR", page="7"))
    assert list(by_first(rows)) == [WORKSHOP]
    rows = table(export(client, ordering="title"))
    assert column(rows, rows[0][0]) == sorted([WORKSHOP, MEETING, REGIONAL])
    # The list's default tab: upcoming events only.
    rows = table(client.get(reverse("event-list"), {"export": "csv"}))
    assert list(by_first(rows)) == [REGIONAL]


def test_the_headers_are_in_the_pages_language_or_the_one_asked_for(client_for, events):
    client = client_for("regional_admin")
    spanish = table(client.get(reverse("event-list"), {"when": "all", "export": "csv"}))
    assert spanish[0][:2] == ("Título", "Tipo")
    english = table(export(client, lang="en"))
    assert english[0][:2] == ("Title", "Kind")
    assert cell(english, WORKSHOP, "Kind") == "Workshop or training"


def test_the_training_table_counts_people_trained_per_year_country_profession_and_sex(
    client_for, events, in_english
):
    rows = table(export(client_for("regional_admin"), table="training"))
    assert rows[0] == ("Year", "Country", "Profession", "Sex", "People trained")
    # The workshop only (the technical meeting trains nobody), by the participants' country.
    assert sorted(rows[1:]) == sorted(
        [
            (2026, "Costa Rica", "Judges and magistrates", "Female", 1),
            (2026, "Costa Rica", "Prosecutors", "Male", 1),
            (2026, "Guatemala", "Judges and magistrates", "Female", 1),
        ]
    )
    rows = table(export(client_for("regional_admin"), table="training", country="GT"))
    assert rows[1:] == []


def test_a_person_at_two_workshops_of_a_year_is_counted_once(client_for, events, countries):
    second = make_event(countries["CR"], "Segundo taller", datetime.date(2026, 10, 5))
    attend(second, events["people"]["ana"])
    rows = table(export(client_for("regional_admin"), table="training", lang="en"))
    assert (2026, "Costa Rica", "Judges and magistrates", "Female", 1) in rows


def test_a_bad_format_table_or_filter_is_refused_with_400_and_not_recorded(client_for, events):
    client = client_for("regional_admin")
    for params in ({"export": "pdf"}, {"table": "people"}, {"kind": "x"}, {"lang": "xx"}):
        response = export(client, **params)
        assert response.status_code == 400, params
    assert "kind" in export(client, kind="x").content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_is_audited_with_its_filters(client_for, events):
    export(client_for("cr_editor"), country="CR")
    entry = AuditEntry.objects.get(action="export", object_type="events.event")
    assert entry.after["format"] == "xlsx" and entry.after["country"] == "CR"
    assert entry.after["count"] == 1


def test_those_who_may_not_export_get_403_and_no_links(client_for, events):
    for persona in ("partner", "cr_contributor"):
        client = client_for(persona)
        assert export(client).status_code == 403
        assert "export=xlsx" not in client.get(reverse("event-list")).content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()
    page = client_for("cr_editor").get(reverse("event-list"), {"country": "CR"}).content.decode()
    assert "export=xlsx" in page and "table=training" in page and "country=CR" in page


def test_an_editor_exports_only_the_events_they_see(client_for, events):
    rows = table(export(client_for("gt_editor")))
    assert WORKSHOP not in by_first(rows)


def test_a_title_that_looks_like_a_formula_stays_text(client_for, events, countries):
    make_event(countries["CR"], '=HYPERLINK("http://x")', datetime.date(2026, 7, 1))
    client = client_for("regional_admin")
    response = export(client)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for c in sheet["A"] if c.value and str(c.value).startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    rows = table(client.get(reverse("event-list"), {"when": "all", "export": "csv"}))
    assert '\'=HYPERLINK("http://x")' in by_first(rows)


@pytest.mark.parametrize("kind", ["events", "training"])
def test_the_export_reads_a_bounded_number_of_queries(
    client_for, events, countries, django_assert_max_num_queries, kind
):
    for n in range(12):
        event = make_event(
            countries["CR" if n % 2 else "GT"], f"Taller {n}", datetime.date(2026, 3, 1 + n)
        )
        event.organizers.add(*Organization.objects.filter(country=countries["CR"])[:2])
        person = make_participant(countries["CR"], f"Persona {n}", email=f"p{n}@example.test")
        attend(event, person)
        if n % 3 == 0:
            event.kind = EventKind.TECHNICAL_MEETING
            event.save()
    client = client_for("regional_admin")
    client.get(reverse("home"))
    with django_assert_max_num_queries(20):
        response = export(client, table=kind)
    assert response.status_code == 200


def test_the_links_redrawn_by_the_filters_keep_the_new_filter(client_for, events):
    partial = client_for("cr_editor").get(
        reverse("event-list"), {"kind": "workshop", "when": "all"}, HTTP_HX_REQUEST="true"
    )
    html = partial.content.decode()
    assert "<html" not in html and 'id="export-links"' in html
    link = html.split('id="export-links"')[1].split('href="')[1].split('"')[0]
    assert "kind=workshop" in link and "when=all" in link and "export=xlsx" in link
