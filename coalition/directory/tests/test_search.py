"""The directory's search: folding, prefixes, ranking, filters, who sees what, and an
index that follows the records."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from coalition.core import access
from coalition.core.choices import Axis, OrganizationKind, Service
from coalition.core.models import Organization, User
from coalition.directory import search as search_module
from coalition.directory.choices import ContactKind
from coalition.directory.models import Contact
from coalition.directory.search import CONTACT, INSTITUTION, search
from coalition.directory.tests.conftest import make_contact, make_institution
from coalition.lib.text import fold


def found(page):
    """{(type, name)} of a page's hits."""
    return {(hit.type, hit.obj.name) for hit in page.hits}


def names(page):
    return [hit.obj.name for hit in page.hits]


@pytest.fixture
def admin(personas):
    return personas["regional_admin"]


def test_a_word_without_accents_finds_the_accented_text(directory, admin):
    page = search(admin, "atencion")
    assert (INSTITUTION, "Albergue Nacional de Atención a Víctimas") in found(page)
    assert (CONTACT, "Línea de atención 24 horas") in found(page)


def test_it_finds_places_and_countries_without_their_accents(directory, admin, countries):
    panama = countries["PA"]
    office = make_institution(panama, "Oficina de Migración", coverage=["Colón"])
    make_contact(office, "Marta Ruiz")
    assert {(INSTITUTION, "Oficina de Migración"), (CONTACT, "Marta Ruiz")} <= found(
        search(admin, "panama")
    )
    assert found(search(admin, "colon")) == {
        (INSTITUTION, "Oficina de Migración"),
        (CONTACT, "Marta Ruiz"),
    }
    assert (CONTACT, "Lucía Fernández Mora") in found(search(admin, "san jose"))


def test_it_ignores_case_and_accents_in_the_query(directory, admin):
    assert found(search(admin, "LUCÍA")) == found(search(admin, "lucia")) != set()
    assert (CONTACT, "Lucía Fernández Mora") in found(search(admin, "FERNANDEZ"))


def test_every_word_is_a_prefix(directory, admin):
    assert (CONTACT, "José Pérez Ajú") in found(search(admin, "fisc"))
    assert (CONTACT, "José Pérez Ajú") in found(search(admin, "per aj"))
    assert search(admin, "xyzzy").total == 0


def test_every_word_must_match(directory, admin):
    both = found(search(admin, "lucia directora"))
    assert both == {(CONTACT, "Lucía Fernández Mora")}
    assert search(admin, "lucia fiscal").total == 0


def test_punctuation_and_operators_in_the_query_are_just_words(directory, admin):
    assert found(search(admin, 'OIM-OR, "protección" (')) == {
        (INSTITUTION, "Oficina Regional de Protección de la OIM"),
        (CONTACT, "Ana Smith"),
    }
    assert search(admin, "*").total == search(admin, "").total


@pytest.mark.parametrize("bm25_limit", [2000, 0], ids=["ranked-by-bm25", "many-matches"])
def test_a_match_in_the_name_ranks_above_a_match_in_the_services(
    admin, countries, monkeypatch, bm25_limit
):
    monkeypatch.setattr(search_module, "BM25_LIMIT", bm25_limit)
    # "Legal aid" is a service's English label, indexed whatever the translations say.
    by_name = make_institution(countries["CR"], "Oficina Legal Municipal")
    by_service = make_institution(countries["CR"], "Casa Abierta", services=[Service.LEGAL_AID])
    make_contact(by_service, "Carmen Díaz", position="Abogada")
    make_contact(by_service, "Marta Legal Soto", position="Abogada")
    page = search(admin, "legal", limit=100)
    order = names(page)
    assert order.index(by_name.name) < order.index(by_service.name)
    assert order.index("Marta Legal Soto") < order.index("Carmen Díaz")
    assert [hit.rank for hit in page.hits] == sorted((hit.rank for hit in page.hits), reverse=True)


def test_an_empty_query_lists_everything_by_name(directory, admin):
    page = search(admin, "")
    assert page.total == Contact.objects.count() + 9  # 6 persona institutions + 3 directory
    assert [fold(name) for name in names(page)] == sorted(fold(name) for name in names(page))


def test_limit_and_offset_page_through_the_results(directory, admin):
    everything = names(search(admin, "", limit=100))
    assert names(search(admin, "", limit=3, offset=3)) == everything[3:6]
    late = search(admin, "a", limit=5, offset=1000)
    assert late.hits == [] and late.total == search(admin, "a").total > 0


def test_hits_carry_their_records_with_relations_loaded(
    directory, admin, django_assert_num_queries
):
    admin = User.objects.get(pk=admin.pk)
    with django_assert_num_queries(4):  # memberships, the count, the page, the contacts
        page = search(admin, "lucia")
        hit = page.hits[0]
        assert hit.obj.organization.name and hit.obj.country.iso2 == "CR"


def test_it_filters_by_country(directory, admin, countries):
    page = search(admin, "", country=countries["GT"], limit=100)
    assert {hit.obj.country.iso2 for hit in page.hits} == {"GT"}
    assert (CONTACT, "José Pérez Ajú") in found(page)
    assert found(search(admin, "", country=countries["GT"].pk, limit=100)) == found(page)


def test_it_filters_by_axis(directory, admin):
    page = search(admin, "", axis=Axis.JUSTICE, limit=100)
    assert found(page) == {
        (CONTACT, "José Pérez Ajú"),
        (INSTITUTION, "Fiscalía contra la Trata de Personas"),
    }


def test_it_filters_by_service(directory, admin):
    page = search(admin, "", service=Service.SHELTER, limit=100)
    assert found(page) == {
        (INSTITUTION, "Albergue Nacional de Atención a Víctimas"),
        (CONTACT, "Lucía Fernández Mora"),
        (CONTACT, "Línea de atención 24 horas"),
    }
    # A service's code is not a word of another's ("care" is in two codes).
    assert search(admin, "", service=Service.HEALTH_CARE).total == 0


def test_it_filters_by_kind(directory, admin):
    lines = search(admin, "", kind=ContactKind.LINE, limit=100)
    assert found(lines) == {(CONTACT, "Línea de atención 24 horas")}
    prosecutors = search(admin, "", kind=OrganizationKind.PROSECUTOR, limit=100)
    assert {hit.type for hit in prosecutors.hits} == {INSTITUTION}
    assert (INSTITUTION, "Fiscalía contra la Trata de Personas") in found(prosecutors)
    people = search(admin, "", kind=ContactKind.PERSON, limit=100)
    assert {hit.type for hit in people.hits} == {CONTACT} and people.total == 3


def test_it_filters_by_public(directory, admin):
    public = search(admin, "", public=True, limit=100)
    assert found(public) == {
        (INSTITUTION, "Albergue Nacional de Atención a Víctimas"),
        (CONTACT, "Línea de atención 24 horas"),
    }
    private = search(admin, "", public=False, limit=100)
    assert not found(public) & found(private)
    assert public.total + private.total == search(admin, "").total


def test_it_filters_international_contacts(directory, admin):
    page = search(admin, "", international=True, limit=100)
    assert found(page) == {(CONTACT, "Ana Smith")}
    others = search(admin, "", international=False, limit=100)
    assert {hit.type for hit in others.hits} == {CONTACT} and others.total == 3


def test_a_country_editor_does_not_see_another_countrys_people(directory, personas):
    editor = personas["cr_editor"]
    assert search(editor, "jose perez").total == 0
    assert (CONTACT, "Lucía Fernández Mora") in found(search(editor, "lucia"))
    assert (CONTACT, "Ana Smith") in found(search(editor, "smith"))  # the regional level


def test_everyone_finds_public_records_of_any_country(directory, personas, countries):
    line = make_contact(
        directory["institutions"]["GT"], "Línea 1511", kind=ContactKind.LINE, public=True
    )
    for user in (personas["cr_editor"], personas["partner"], AnonymousUser()):
        assert (CONTACT, line.name) in found(search(user, "linea 1511")), user


def test_anonymous_visitors_find_only_public_records(directory):
    page = search(AnonymousUser(), "", limit=100)
    assert found(page) == {
        (INSTITUTION, "Albergue Nacional de Atención a Víctimas"),
        (CONTACT, "Línea de atención 24 horas"),
    }
    assert search(AnonymousUser(), "lucia").total == 0


def test_a_partner_finds_only_public_contacts(directory, personas):
    page = search(personas["partner"], "", limit=100)
    contacts = {hit.obj.name for hit in page.hits if hit.type == CONTACT}
    assert contacts == {"Línea de atención 24 horas"}


@pytest.mark.parametrize("persona", ["regional_admin", "cr_editor", "gt_editor", "partner"])
def test_what_it_shows_is_what_the_access_layer_allows(directory, personas, persona):
    user = personas[persona]
    page = search(user, "", public=False, limit=1000)
    contacts = {hit.obj.pk for hit in page.hits if hit.type == CONTACT}
    institutions = {hit.obj.pk for hit in page.hits if hit.type == INSTITUTION}
    assert contacts == set(
        access.restrict(Contact.objects.filter(public=False), user).values_list("pk", flat=True)
    )
    assert institutions == set(
        Organization.objects.filter(public=False).visible_to(user).values_list("pk", flat=True)
    )


def test_a_saved_contact_is_found_at_once(directory, admin):
    contact = directory["contacts"]["cr_person"]
    contact.name = "Lucía Fernández Rojas"
    contact.save()
    assert search(admin, "rojas").total == 1
    assert search(admin, "mora").total == 0


def test_a_deleted_contact_is_no_longer_found(directory, admin):
    directory["contacts"]["gt_person"].delete()
    assert search(admin, "jose perez").total == 0


def test_renaming_an_institution_reindexes_its_contacts(directory, admin):
    shelter = directory["institutions"]["CR"]
    shelter.name = "Casa Refugio Esperanza"
    shelter.save()
    assert found(search(admin, "esperanza")) == {
        (INSTITUTION, "Casa Refugio Esperanza"),
        (CONTACT, "Lucía Fernández Mora"),
        (CONTACT, "Línea de atención 24 horas"),
    }
    assert search(admin, "albergue nacional").total == 0
    lucia = Contact.objects.get(name="Lucía Fernández Mora")
    assert "esperanza" in lucia.search_text
    assert lucia.search_text == lucia.text_for_search()


def test_an_institution_made_public_is_found_by_anonymous_visitors(directory):
    prosecutors = directory["institutions"]["GT"]
    assert search(AnonymousUser(), "fiscalia").total == 0
    prosecutors.public = True
    prosecutors.save()
    assert found(search(AnonymousUser(), "fiscalia")) == {(INSTITUTION, prosecutors.name)}


def test_a_deleted_institution_is_no_longer_found(admin, countries):
    office = make_institution(countries["HN"], "Oficina Temporal")
    assert search(admin, "temporal").total == 1
    office.delete()
    assert search(admin, "temporal").total == 0


def test_the_index_text_is_the_contacts_own(directory):
    for contact in Contact.objects.select_related("organization__country"):
        text = search_module.institution_text(contact.organization)
        assert search_module.contact_text(contact, text) == contact.text_for_search()


def test_the_rebuild_command_restores_a_stale_index(directory, admin):
    Contact.objects.filter(name="Ana Smith").update(name="Ann Smythe")  # no signal
    with search_module.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search_module.TABLE} WHERE doc_type = 'institution'")
    assert search(admin, "smythe").total == 0
    out = StringIO()
    call_command("rebuild_directory_index", stdout=out)
    assert out.getvalue().strip() == "Indexed 4 contacts and 9 institutions for search."
    assert found(search(admin, "smythe")) == {(CONTACT, "Ann Smythe")}
    assert search(admin, "albergue nacional").total == 3
    assert Contact.objects.get(name="Ann Smythe").search_text.startswith("ann smythe")


POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's capped ranking"
)


@pytest.fixture
def zorzal(countries):
    """Seven records found by "zorzal": three by their name (one holding it twice), four
    only by their institution's."""
    shelter = make_institution(countries["CR"], "Albergue Zorzal")
    for name in ("Ana Zorzal", "Zorzal Zorzal Mora", "Diego Ruiz", "Bruno Paz"):
        make_contact(shelter, name)
    make_contact(shelter, "Carla Soto", kind=ContactKind.LINE, public=True)
    make_contact(shelter, "Elsa Vega")
    return shelter


# Names first (the one holding the word twice above the others, then by name), then the
# rest by name.
ZORZAL = [
    "Zorzal Zorzal Mora",
    "Albergue Zorzal",
    "Ana Zorzal",
    "Bruno Paz",
    "Carla Soto",
    "Diego Ruiz",
    "Elsa Vega",
]


def test_under_the_rank_limit_every_match_is_counted_and_ranked(zorzal, admin):
    page = search(admin, "zorzal", limit=100)
    assert (page.total, page.capped) == (7, False)
    order = names(page)
    # Every match ranked: bm25 and ts_rank may order the names differently.
    assert order[0] == ZORZAL[0] and set(order[1:3]) == set(ZORZAL[1:3])
    assert sorted(order[3:]) == ZORZAL[3:]


@POSTGRESQL_ONLY
def test_over_the_rank_limit_names_come_first_and_paging_loses_nothing(zorzal, admin, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_LIMIT", 6)
    first = search(admin, "zorzal", limit=2)
    assert (first.total, first.capped) == (6, True)
    assert names(first) == ZORZAL[:2]
    # Pages inside the names, across the boundary, past it; the last ends at the cap.
    for limit, offset in [(2, 0), (2, 2), (2, 4), (3, 1), (1, 3), (1, 5), (10, 4), (4, 3)]:
        page = search(admin, "zorzal", limit=limit, offset=offset)
        assert names(page) == ZORZAL[offset : min(offset + limit, 6)], (limit, offset)
        assert (page.total, page.capped) == (6, True)
    listed = []
    for offset in range(0, 6, 2):
        listed += names(search(admin, "zorzal", limit=2, offset=offset))
    assert listed == ZORZAL[:6]
    past = search(admin, "zorzal", limit=2, offset=6)
    assert (past.hits, past.total, past.capped) == ([], 6, True)
    ranks = [hit.rank for hit in search(admin, "zorzal", limit=6).hits]
    assert ranks == sorted(ranks, reverse=True) and ranks[2] > ranks[3]


@POSTGRESQL_ONLY
def test_over_the_rank_limit_the_filters_apply_to_names_and_to_the_rest(zorzal, admin, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_LIMIT", 3)
    people = search(admin, "zorzal", kind=ContactKind.PERSON, limit=10)
    assert (people.total, people.capped) == (3, True)
    assert names(people) == ["Zorzal Zorzal Mora", "Ana Zorzal", "Bruno Paz"]
    public = search(AnonymousUser(), "zorzal", limit=10)  # one public line: not capped
    assert (names(public), public.total, public.capped) == (["Carla Soto"], 1, False)


@POSTGRESQL_ONLY
def test_the_page_says_when_there_are_more_results_than_counted(zorzal, client_for, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_LIMIT", 2)
    client = client_for("regional_admin")
    response = client.get("/directory/", {"q": "zorzal"})
    assert 'id="results-capped"' in response.content.decode()
    assert response.context["page_obj"].paginator.count == 2
    assert [hit.obj.name for hit in response.context["hits"]] == ZORZAL[:2]
    # A page past the cap shows the last one offered.
    late = client.get("/directory/", {"q": "zorzal", "page": 9})
    assert late.context["page_obj"].number == 1
    assert [hit.obj.name for hit in late.context["hits"]] == ZORZAL[:2]
    assert "results-capped" not in client.get("/directory/", {"q": "mora"}).content.decode()
