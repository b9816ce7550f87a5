"""SWOT (FODA) pages as each persona sees them: the list, a SWOT's matrix and its items,
the comparison of countries and the consolidation into the regional SWOT."""

import pytest
from django.urls import reverse
from django.utils import translation

from coalition.core.choices import Axis
from coalition.core.models import AuditEntry, User
from coalition.core.tests.versions import versioned
from coalition.knowledge.choices import Quadrant
from coalition.knowledge.models import Swot, SwotItem
from coalition.knowledge.swot.consolidation import propose_groups
from coalition.knowledge.tests.conftest import YEAR, make_swot

Q, A = Quadrant, Axis


pytestmark = pytest.mark.usefixtures("in_english")


def text(response):
    return response.content.decode()


def audit_entries(action, **lookup):
    return AuditEntry.objects.filter(action=action, object_type="knowledge.swot", **lookup)


# --- the list ----------------------------------------------------------------------------


def test_the_list_shows_each_swot_with_its_item_counts(client_for, knowledge):
    response = client_for("regional_admin").get(reverse("swot-list"))
    assert response.status_code == 200
    page = text(response)
    for swot in knowledge["swots"].values():
        assert swot.get_absolute_url() in page
    assert page.count('text-bg-success">1</span>') == 3  # one strength in each
    assert reverse("swot-create") in page and reverse("swot-consolidate") in page
    assert reverse("swot-compare") in page


def test_an_editor_lists_its_country_and_the_regional_swot_only(client_for, knowledge):
    page = text(client_for("cr_editor").get(reverse("swot-list")))
    assert knowledge["swots"]["CR"].get_absolute_url() in page
    assert knowledge["swots"]["regional"].get_absolute_url() in page
    assert knowledge["swots"]["GT"].get_absolute_url() not in page
    assert reverse("swot-consolidate") not in page  # not a manager of the regional level


def test_partners_read_the_list_without_adding_and_auditors_do_not(client_for, knowledge):
    response = client_for("partner").get(reverse("swot-list"))
    page = text(response)
    assert response.status_code == 200 and "New SWOT" not in page
    assert knowledge["swots"]["regional"].get_absolute_url() in page
    assert knowledge["swots"]["CR"].get_absolute_url() not in page
    assert client_for("auditor").get(reverse("swot-list")).status_code == 403
    assert client_for("anonymous").get(reverse("swot-list")).status_code == 302


def test_the_list_filters_by_country_and_year(client_for, countries, knowledge):
    older, _items = make_swot(countries["CR"], year=2023)
    client = client_for("regional_admin")
    page = text(client.get(reverse("swot-list"), {"country": "CR"}))
    assert older.get_absolute_url() in page
    assert knowledge["swots"]["GT"].get_absolute_url() not in page
    page = text(client.get(reverse("swot-list"), {"year": 2023}))
    assert older.get_absolute_url() in page
    assert knowledge["swots"]["CR"].get_absolute_url() not in page


def test_the_list_says_when_nothing_matches(client_for, knowledge):
    response = client_for("regional_admin").get(reverse("swot-list"), {"year": 1999})
    assert response.status_code == 200
    assert "No SWOT matches these filters." in text(response)


def test_the_list_takes_a_bounded_number_of_queries(
    client_for, countries, knowledge, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    client.get(reverse("swot-list"))  # warm the session and the user's standing
    for year in range(2010, 2030):
        if year != YEAR:
            make_swot(countries["CR"], year=year, items=[(Q.THREAT, A.JUSTICE, "Rotación")])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("swot-list"))
    assert response.status_code == 200


# --- creating, editing, deleting a SWOT ----------------------------------------------------


def test_an_editor_starts_the_swot_of_its_country(client_for, countries, knowledge):
    response = client_for("cr_editor").post(
        reverse("swot-create"),
        {"country": countries["CR"].pk, "year": 2026, "summary": "Taller nacional de marzo"},
    )
    swot = Swot.objects.get(country=countries["CR"], year=2026)
    assert response.status_code == 302 and response.url == swot.get_absolute_url()
    assert swot.created_by.username == "cr_editor"
    entry = audit_entries("create").get(object_id=str(swot.pk))
    assert entry.after["summary"] == "Taller nacional de marzo" and entry.after["items"] == []


def test_a_second_swot_for_the_same_country_and_year_is_refused_clearly(
    client_for, countries, knowledge
):
    response = client_for("cr_editor").post(
        reverse("swot-create"), {"country": countries["CR"].pk, "year": YEAR}
    )
    assert response.status_code == 400
    assert f"Costa Rica already has a SWOT for {YEAR}" in text(response)
    assert Swot.objects.filter(country=countries["CR"]).count() == 1
    assert not audit_entries("create").exists()


def test_an_editor_cannot_start_a_swot_for_another_country(client_for, countries, knowledge):
    client = client_for("cr_editor")
    page = text(client.get(reverse("swot-create")))
    assert ">Costa Rica</option>" in page and ">Guatemala</option>" not in page
    response = client.post(reverse("swot-create"), {"country": countries["GT"].pk, "year": 2026})
    assert response.status_code == 400
    assert "Select a valid choice" in text(response)
    assert not Swot.objects.filter(year=2026).exists()


def test_a_year_out_of_range_is_refused(client_for, countries, knowledge):
    response = client_for("cr_editor").post(
        reverse("swot-create"), {"country": countries["CR"].pk, "year": 1899}
    )
    assert response.status_code == 400
    assert "greater than or equal to 2000" in text(response)


def test_partners_cannot_start_a_swot(client_for, knowledge):
    assert client_for("partner").get(reverse("swot-create")).status_code == 403


def test_an_editor_changes_the_summary_and_the_change_is_audited(client_for, countries, knowledge):
    swot = knowledge["swots"]["CR"]
    response = client_for("cr_editor").post(
        reverse("swot-update", args=[swot.pk]),
        versioned(
            swot, {"country": countries["CR"].pk, "year": YEAR, "summary": "Validado en mayo"}
        ),
    )
    assert response.status_code == 302
    swot.refresh_from_db()
    assert swot.summary == "Validado en mayo"
    entry = audit_entries("update").get(object_id=str(swot.pk))
    assert entry.before["summary"] == "" and entry.after["summary"] == "Validado en mayo"
    assert len(entry.after["items"]) == 3


def test_editing_a_swot_answers_outsiders_404_and_readers_403(client_for, knowledge):
    cr, regional = knowledge["swots"]["CR"], knowledge["swots"]["regional"]
    assert client_for("gt_editor").get(reverse("swot-update", args=[cr.pk])).status_code == 404
    assert (
        client_for("cr_editor").get(reverse("swot-update", args=[regional.pk])).status_code == 403
    )
    assert client_for("partner").get(reverse("swot-update", args=[regional.pk])).status_code == 403


def test_deleting_a_swot_takes_a_post_and_is_audited(client_for, knowledge):
    swot = knowledge["swots"]["GT"]
    client = client_for("gt_editor")
    assert client.get(reverse("swot-delete", args=[swot.pk])).status_code == 405
    response = client.post(reverse("swot-delete", args=[swot.pk]))
    assert response.status_code == 302 and response.url == reverse("swot-list")
    assert not Swot.objects.filter(pk=swot.pk).exists()
    entry = audit_entries("delete").get(object_id=str(swot.pk))
    assert "Mesa interinstitucional que sesiona cada mes" in {
        i["text"] for i in entry.before["items"]
    }
    # The regional item stays, with its other source.
    regional_item = knowledge["items"]["regional"][0]
    assert list(regional_item.sources.all()) == [knowledge["items"]["CR"][0]]


def test_outsiders_cannot_delete_a_swot(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    assert client_for("gt_editor").post(reverse("swot-delete", args=[swot.pk])).status_code == 404
    assert client_for("partner").post(reverse("swot-delete", args=[swot.pk])).status_code == 404
    assert Swot.objects.filter(pk=swot.pk).exists()


# --- a SWOT's page ---------------------------------------------------------------------------


def test_the_page_shows_the_classic_matrix_with_each_items_axis(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    response = client_for("cr_editor").get(swot.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    positions = [page.index(f'id="quadrant-{code}"') for code in Quadrant.values]
    assert positions == sorted(positions)  # strengths, weaknesses, then opportunities, threats
    assert "Mesa interinstitucional activa desde 2010" in page
    assert "Prosecution and justice" in page and "Prevention" in page
    assert reverse("swot-item-create", args=[swot.pk]) in page  # the add-item form
    assert reverse("swot-export-pdf", args=[swot.pk]) in page


def test_a_country_item_in_the_regional_swot_is_marked(client_for, knowledge):
    page = text(client_for("cr_editor").get(knowledge["swots"]["CR"].get_absolute_url()))
    assert page.count("in the regional SWOT</span>") == 1


def test_a_regional_item_shows_where_it_came_from(client_for, knowledge):
    regional = knowledge["swots"]["regional"]
    cr_item, gt_item = knowledge["items"]["CR"][0], knowledge["items"]["GT"][0]
    page = text(client_for("regional_admin").get(regional.get_absolute_url()))
    assert "Consolidated from" in page
    assert f'href="{knowledge["swots"]["CR"].get_absolute_url()}#item-{cr_item.pk}"' in page
    assert f'href="{knowledge["swots"]["GT"].get_absolute_url()}#item-{gt_item.pk}"' in page
    # Costa Rica's editor sees that Guatemala's item is a source, not its text, and is
    # led only to the SWOT it may see.
    page = text(client_for("cr_editor").get(regional.get_absolute_url()))
    assert gt_item.text not in page and "Guatemala" in page
    assert knowledge["swots"]["GT"].get_absolute_url() not in page
    assert knowledge["swots"]["CR"].get_absolute_url() in page


def test_the_page_filters_items_by_axis(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    page = text(client_for("cr_editor").get(swot.get_absolute_url(), {"axis": "justice"}))
    assert "Rotación de fiscales especializados" in page
    assert "Pocas campañas fuera del Valle Central" not in page
    assert "Showing 1 of 3 items" in page


def test_the_page_is_in_spanish_for_a_spanish_speaker(client_for, knowledge):
    User.objects.update(language="es")
    with translation.override("es"):
        page = text(client_for("cr_editor").get(knowledge["swots"]["CR"].get_absolute_url()))
    assert "Prevención" in page


def test_a_swot_answers_outsiders_404_and_readers_see_no_editing(client_for, knowledge):
    cr, regional = knowledge["swots"]["CR"], knowledge["swots"]["regional"]
    assert client_for("gt_editor").get(cr.get_absolute_url()).status_code == 404
    assert client_for("partner").get(cr.get_absolute_url()).status_code == 404
    response = client_for("partner").get(regional.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert reverse("swot-item-create", args=[regional.pk]) not in page
    assert reverse("swot-export-xlsx", args=[regional.pk]) not in page  # partners don't export


def test_a_swot_page_takes_a_bounded_number_of_queries(
    client_for, countries, knowledge, django_assert_max_num_queries
):
    regional = knowledge["swots"]["regional"]
    client = client_for("cr_editor")
    client.get(regional.get_absolute_url())
    for code in ("BZ", "SV", "HN", "NI", "PA", "DO"):
        _swot, items = make_swot(countries[code], items=[(Q.THREAT, A.PREVENTION, code)] * 3)
        made = SwotItem.objects.create(swot=regional, quadrant=Q.THREAT, axis=A.JUSTICE, text=code)
        made.sources.set(items)
    with django_assert_max_num_queries(16):  # as many as with one item
        response = client.get(regional.get_absolute_url())
    assert text(response).count("swot-sources") == 7


# --- items -------------------------------------------------------------------------------


def test_an_editor_adds_an_item_and_the_swot_change_is_audited(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    response = client_for("cr_editor").post(
        reverse("swot-item-create", args=[swot.pk]),
        {
            "quadrant": "opportunity",
            "axis": "attention",
            "text": "  Nueva ley de   atención integral ",
            "evidence": "Ley 9999",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{swot.get_absolute_url()}#quadrant-opportunity"
    item = swot.items.get(quadrant="opportunity")
    assert item.text == "Nueva ley de atención integral" and item.position == 4
    entry = audit_entries("update").get(object_id=str(swot.pk))
    assert len(entry.before["items"]) == 3 and len(entry.after["items"]) == 4


def test_an_item_without_text_is_refused_and_nothing_is_written(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    response = client_for("cr_editor").post(
        reverse("swot-item-create", args=[swot.pk]),
        {"quadrant": "opportunity", "axis": "attention", "text": "   "},
    )
    assert response.status_code == 400
    assert "This field is required." in text(response)
    assert swot.items.count() == 3 and not audit_entries("update").exists()


def test_an_item_with_an_unknown_quadrant_is_refused(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    response = client_for("cr_editor").post(
        reverse("swot-item-create", args=[swot.pk]),
        {"quadrant": "dream", "axis": "attention", "text": "Algo"},
    )
    assert response.status_code == 400 and "Select a valid choice" in text(response)


def test_the_item_form_opens_on_the_quadrant_asked(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    page = text(
        client_for("cr_editor").get(
            reverse("swot-item-create", args=[swot.pk]), {"quadrant": "threat"}
        )
    )
    assert '<option value="threat" selected>' in page


def test_adding_an_item_answers_outsiders_404_and_readers_403(client_for, knowledge):
    data = {"quadrant": "threat", "axis": "justice", "text": "Algo"}
    cr, regional = knowledge["swots"]["CR"], knowledge["swots"]["regional"]
    url = reverse("swot-item-create", args=[cr.pk])
    assert client_for("gt_editor").post(url, data).status_code == 404
    url = reverse("swot-item-create", args=[regional.pk])
    assert client_for("cr_editor").post(url, data).status_code == 403
    assert client_for("partner").post(url, data).status_code == 403
    assert SwotItem.objects.count() == 6


def test_an_editor_edits_an_item_through_its_swot(client_for, knowledge):
    item = knowledge["items"]["CR"][1]
    client = client_for("cr_contributor")  # SWOTs belong to the country, not an institution
    response = client.post(
        reverse("swot-item-update", args=[item.pk]),
        versioned(
            item, {"quadrant": "weakness", "axis": "prevention", "text": "Pocas campañas rurales"}
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Pocas campañas rurales"
    entry = audit_entries("update").get(object_id=str(item.swot_id))
    texts = lambda side: {i["text"] for i in side["items"]}  # noqa: E731
    assert "Pocas campañas rurales" in texts(entry.after) - texts(entry.before)


def test_editing_an_item_answers_outsiders_404_and_readers_403(client_for, knowledge):
    cr_item, regional_item = knowledge["items"]["CR"][0], knowledge["items"]["regional"][0]
    url = reverse("swot-item-update", args=[cr_item.pk])
    assert client_for("gt_editor").get(url).status_code == 404
    assert client_for("partner").get(url).status_code == 404
    url = reverse("swot-item-update", args=[regional_item.pk])
    assert client_for("cr_editor").get(url).status_code == 403
    assert client_for("regional_admin").get(url).status_code == 200
    assert (
        client_for("gt_editor").get(reverse("swot-item-update", args=[999999])).status_code == 404
    )


def test_deleting_an_item_takes_a_post_and_is_audited(client_for, knowledge):
    item = knowledge["items"]["CR"][2]
    client = client_for("cr_editor")
    url = reverse("swot-item-delete", args=[item.pk])
    assert client.get(url).status_code == 405
    assert client_for("gt_editor").post(url).status_code == 404
    response = client.post(url)
    assert response.status_code == 302
    assert not SwotItem.objects.filter(pk=item.pk).exists()
    entry = audit_entries("update").get(object_id=str(item.swot_id))
    assert len(entry.before["items"]) == 3 and len(entry.after["items"]) == 2


# --- the comparison --------------------------------------------------------------------------


def columns(page):
    return [
        chunk.split("</a>")[0].split(">")[-1] for chunk in page.split('class="compare-country"')[1:]
    ]


def test_the_comparison_sets_countries_side_by_side_for_the_latest_exercise(
    client_for, countries, knowledge
):
    make_swot(countries["CR"], year=2020, items=[(Q.THREAT, A.JUSTICE, "Antigua amenaza")])
    response = client_for("regional_admin").get(reverse("swot-compare"))
    assert response.status_code == 200
    page = text(response)
    assert columns(page) == ["Costa Rica", "Guatemala", "Regional"]
    assert "Antigua amenaza" not in page  # 2020 is not the latest exercise
    assert "Nuevos albergues con apoyo de la cooperación" in page
    assert '<option value="2025" selected>' in page and '<option value="2020">' in page


def test_the_comparison_filters_by_axis_quadrant_and_countries(client_for, knowledge):
    client = client_for("regional_admin")
    page = text(client.get(reverse("swot-compare"), {"year": YEAR, "axis": "prevention"}))
    assert "Mesa interinstitucional que sesiona cada mes" in page
    assert "Rotación de fiscales especializados" not in page
    assert "Nuevos albergues" not in page
    page = text(client.get(reverse("swot-compare"), {"quadrant": "threat"}))
    assert "Rotación de fiscales especializados" in page and "Mesa interinstitucional" not in page
    page = text(client.get(reverse("swot-compare"), {"country": ["CR", "GT"]}))
    assert columns(page) == ["Costa Rica", "Guatemala"]


def test_the_comparison_shows_only_the_swots_the_user_may_see(client_for, knowledge):
    page = text(client_for("cr_editor").get(reverse("swot-compare")))
    assert columns(page) == ["Costa Rica", "Regional"]
    assert "Nuevos albergues" not in page


def test_the_comparison_refuses_a_bad_filter(client_for, knowledge):
    client = client_for("regional_admin")
    for bad in ({"axis": "nothing"}, {"country": "ZZ"}, {"year": "next"}):
        response = client.get(reverse("swot-compare"), bad)
        assert response.status_code == 400, bad
        assert 'class="text-danger small mt-1" role="alert"' in text(response)


def test_the_comparison_has_an_empty_state(client_for, personas, countries):
    response = client_for("regional_admin").get(reverse("swot-compare"))
    assert response.status_code == 200
    assert "No SWOT recorded yet: nothing to compare." in text(response)


def test_the_comparison_takes_a_bounded_number_of_queries(
    client_for, countries, knowledge, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    client.get(reverse("swot-compare"))
    for code in ("BZ", "SV", "HN", "NI", "PA", "DO"):
        make_swot(
            countries[code],
            items=[(q, a, f"{code} {q} {a}") for q in Quadrant.values for a in Axis.values],
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("swot-compare"))
    assert len(columns(text(response))) == 9


def test_auditors_do_not_compare(client_for, knowledge):
    assert client_for("auditor").get(reverse("swot-compare")).status_code == 403


# --- consolidation -------------------------------------------------------------------------


@pytest.fixture
def threats(countries, knowledge):
    """Two similar prevention threats, in Costa Rica's and Guatemala's SWOTs of 2025."""
    cr = SwotItem.objects.create(
        swot=knowledge["swots"]["CR"], quadrant=Q.THREAT, axis=A.PREVENTION,
        text="Redes de reclutamiento en redes sociales", evidence="Informe OIJ 2024",
    )  # fmt: skip
    gt = SwotItem.objects.create(
        swot=knowledge["swots"]["GT"], quadrant=Q.THREAT, axis=A.PREVENTION,
        text="Reclutamiento por redes sociales en aumento",
    )  # fmt: skip
    return cr, gt


def review(client, year, ids):
    return client.post(reverse("swot-consolidate"), {"step": "review", "year": year, "item": ids})


def test_only_managers_of_the_regional_level_consolidate(client_for, knowledge):
    url = reverse("swot-consolidate")
    assert client_for("regional_admin").get(url).status_code == 200
    for persona in ("cr_editor", "gt_editor", "cr_contributor", "partner", "auditor"):
        assert client_for(persona).get(url).status_code == 403, persona
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("cr_editor").post(url, {"step": "review"}).status_code == 403


def test_the_first_step_lists_country_items_and_marks_those_already_consolidated(
    client_for, knowledge
):
    page = text(client_for("regional_admin").get(reverse("swot-consolidate")))
    for item in knowledge["items"]["CR"] + knowledge["items"]["GT"]:
        assert f'id="pick-item-{item.pk}"' in page
    assert f'id="pick-item-{knowledge["items"]["regional"][0].pk}"' not in page
    assert page.count("already in the regional SWOT</span>") == 2
    # Grouped by quadrant, then axis.
    assert page.index('id="pick-strength"') < page.index('id="pick-weakness"')
    assert page.index('id="pick-opportunity"') < page.index('id="pick-threat"')


def test_similar_items_are_proposed_as_one_group_with_the_longest_text(
    client_for, knowledge, threats
):
    cr, gt = threats
    other = knowledge["items"]["CR"][2]  # a justice threat: another group
    response = review(client_for("regional_admin"), YEAR, [cr.pk, gt.pk, other.pk])
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g.ids for g in groups] == [[cr.pk, gt.pk], [other.pk]]
    assert groups[0].text == "Reclutamiento por redes sociales en aumento"
    assert 'name="group-1-split"' in text(response)


def test_only_alike_items_of_the_same_quadrant_and_axis_are_grouped(knowledge):
    cr, gt = knowledge["items"]["CR"], knowledge["items"]["GT"]
    # The two prevention strengths are alike; a weakness on the same axis is not grouped.
    groups = propose_groups([cr[0], gt[0], cr[1], gt[1]])
    assert [len(g.items) for g in groups] == [2, 1, 1]
    gt[0].axis = A.COORDINATION
    assert [len(g.items) for g in propose_groups([cr[0], gt[0]])] == [1, 1]


def test_confirming_creates_one_regional_item_per_group_with_its_sources(
    client_for, knowledge, threats
):
    cr, gt = threats
    regional = knowledge["swots"]["regional"]
    response = client_for("regional_admin").post(
        reverse("swot-consolidate"),
        {
            "step": "confirm",
            "year": YEAR,
            "group": ["1"],
            "group-1-item": [cr.pk, gt.pk],
            "group-1-text": "Reclutamiento en redes sociales en la región",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == regional.get_absolute_url()
    assert "1 item consolidated into SWOT Regional 2025." in text(response)
    item = regional.items.get(text="Reclutamiento en redes sociales en la región")
    assert (item.quadrant, item.axis, item.position) == (Q.THREAT, A.PREVENTION, 2)
    assert set(item.sources.all()) == {cr, gt}
    assert item.evidence == "CR: Informe OIJ 2024"
    entry = audit_entries("update").get(object_id=str(regional.pk))
    assert len(entry.before["items"]) == 1 and len(entry.after["items"]) == 2
    assert entry.after["consolidated"] == [[cr.pk, gt.pk]]
    assert sorted(entry.after["items"][1]["sources"]) == sorted([cr.pk, gt.pk])


def test_a_split_group_gives_one_regional_item_per_country_item(client_for, knowledge, threats):
    cr, gt = threats
    client_for("regional_admin").post(
        reverse("swot-consolidate"),
        {"step": "confirm", "year": YEAR, "group": ["1"], "group-1-item": [cr.pk, gt.pk],
         "group-1-text": "", "group-1-split": "1"},
    )  # fmt: skip
    made = knowledge["swots"]["regional"].items.filter(quadrant=Q.THREAT)
    assert {(i.text, tuple(i.sources.all())) for i in made} == {(cr.text, (cr,)), (gt.text, (gt,))}


def test_the_regional_swot_of_the_year_is_created_when_missing(client_for, countries, knowledge):
    _swot, (item,) = make_swot(countries["GT"], year=2026, items=[(Q.WEAKNESS, A.DETECTION, "X")])
    response = client_for("regional_admin").post(
        reverse("swot-consolidate"),
        {"step": "confirm", "year": 2026, "group": ["1"], "group-1-item": [item.pk],
         "group-1-text": "Poca detección en fronteras"},
    )  # fmt: skip
    regional = Swot.objects.get(country__is_regional=True, year=2026)
    assert response.status_code == 302 and response.url == regional.get_absolute_url()
    assert regional.created_by.username == "regional_admin"
    assert list(regional.items.get().sources.all()) == [item]
    entry = audit_entries("create").get(object_id=str(regional.pk))
    assert entry.before is None and len(entry.after["items"]) == 1


def test_picking_no_item_is_refused_with_a_message(client_for, knowledge):
    response = review(client_for("regional_admin"), YEAR, [])
    assert response.status_code == 400
    assert "Pick at least one item to consolidate." in text(response)


@pytest.mark.parametrize("case", ["unknown", "other year", "regional", "not a number"])
def test_items_that_cannot_be_consolidated_are_refused_and_nothing_is_written(
    client_for, countries, knowledge, case
):
    older, (old_item,) = make_swot(countries["CR"], year=2020, items=[(Q.THREAT, A.JUSTICE, "X")])
    bad = {
        "unknown": "999999",
        "other year": str(old_item.pk),
        "regional": str(knowledge["items"]["regional"][0].pk),
        "not a number": "abc",
    }[case]
    good = knowledge["items"]["CR"][0].pk
    client = client_for("regional_admin")
    before = (SwotItem.objects.count(), AuditEntry.objects.count())
    response = review(client, YEAR, [good, bad])
    assert response.status_code == 400
    page = text(response)
    assert "is not an item" in page or "are not country items of 2025" in page
    response = client.post(
        reverse("swot-consolidate"),
        {"step": "confirm", "year": YEAR, "group": ["1", "2"], "group-1-item": [good],
         "group-1-text": "Mesa", "group-2-item": [bad], "group-2-text": "Otra"},
    )  # fmt: skip
    assert response.status_code == 400
    assert (SwotItem.objects.count(), AuditEntry.objects.count()) == before


def test_items_the_manager_cannot_see_are_refused(client_for, countries, knowledge, personas):
    # A country editor who also manages the regional level sees Costa Rica, not Guatemala.
    from coalition.core.choices import Role
    from coalition.core.models import Membership

    Membership.objects.create(
        user=personas["cr_editor"], country=countries["regional"], role=Role.COUNTRY_EDITOR
    )
    client = client_for("cr_editor")
    page = text(client.get(reverse("swot-consolidate")))
    assert f'id="pick-item-{knowledge["items"]["GT"][0].pk}"' not in page
    response = review(client, YEAR, [knowledge["items"]["GT"][0].pk])
    assert response.status_code == 400
    assert "are not country items of 2025 that you may see" in text(response)


def test_a_merged_group_needs_a_text(client_for, knowledge, threats):
    cr, gt = threats
    response = client_for("regional_admin").post(
        reverse("swot-consolidate"),
        {"step": "confirm", "year": YEAR, "group": ["1"], "group-1-item": [cr.pk, gt.pk],
         "group-1-text": "  "},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Group 1: write the text of the merged item." in text(response)
    assert knowledge["swots"]["regional"].items.count() == 1


def test_a_group_cannot_mix_quadrants(client_for, knowledge, threats):
    cr, _gt = threats
    strength = knowledge["items"]["GT"][0]
    response = client_for("regional_admin").post(
        reverse("swot-consolidate"),
        {"step": "confirm", "year": YEAR, "group": ["1"], "group-1-item": [cr.pk, strength.pk],
         "group-1-text": "Mezcla"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Group 1 mixes quadrants or axes: split it." in text(response)
    assert knowledge["swots"]["regional"].items.count() == 1


def test_an_item_in_two_groups_is_refused(client_for, knowledge, threats):
    cr, _gt = threats
    response = client_for("regional_admin").post(
        reverse("swot-consolidate"),
        {"step": "confirm", "year": YEAR, "group": ["1", "2"], "group-1-item": [cr.pk],
         "group-2-item": [cr.pk], "group-1-text": "A", "group-2-text": "B"},
    )  # fmt: skip
    assert response.status_code == 400 and "An item was picked twice." in text(response)


def test_a_bad_year_or_step_is_refused(client_for, knowledge):
    client = client_for("regional_admin")
    response = client.get(reverse("swot-consolidate"), {"year": "next"})
    assert response.status_code == 400 and "is not an exercise (year)" in text(response)
    response = client.post(reverse("swot-consolidate"), {"step": "jump", "year": YEAR})
    assert response.status_code == 400 and "Unknown step" in text(response)


def test_consolidation_takes_get_and_post_only(client_for, knowledge):
    assert client_for("regional_admin").delete(reverse("swot-consolidate")).status_code == 405


def test_a_reader_of_the_regional_swot_sees_where_items_came_from_but_not_other_countries_text(
    client_for, knowledge
):
    regional = knowledge["swots"]["regional"]
    cr_text, gt_text = knowledge["items"]["CR"][0].text, knowledge["items"]["GT"][0].text
    partner = text(client_for("partner").get(reverse("swot-detail", args=[regional.pk])))
    assert "Costa Rica" in partner and "Guatemala" in partner
    assert cr_text not in partner and gt_text not in partner
    editor = text(client_for("cr_editor").get(reverse("swot-detail", args=[regional.pk])))
    assert cr_text in editor and gt_text not in editor
    admin = text(client_for("regional_admin").get(reverse("swot-detail", args=[regional.pk])))
    assert cr_text in admin and gt_text in admin
