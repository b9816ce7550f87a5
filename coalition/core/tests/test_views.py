"""Organization pages, the country list and the audit log pages, as each persona sees them."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from coalition.core import audit
from coalition.core.choices import AuditAction, OrganizationKind
from coalition.core.models import AuditEntry, Organization
from coalition.core.tests.versions import versioned
from coalition.core.views import AUDIT_COLUMNS, PAGE_SIZE

LIST = reverse("organization-list")
CREATE = reverse("organization-create")
AUDIT = reverse("audit-list")
EXPORT = reverse("audit-export")


def es(msgid):
    """What a Spanish-speaking user reads (Spanish is the default language)."""
    with translation.override("es"):
        return gettext(msgid)


def names(response):
    return [org.name for org in response.context["organizations"]]


def edit_url(org):
    return reverse("organization-update", args=[org.pk])


def add_organizations(country, count, prefix="Red Local"):
    Organization.objects.bulk_create(
        Organization(
            name=f"{prefix} {n:03d}",
            kind=OrganizationKind.NGO,
            country=country,
            axes=["prevention"],
            search_text=f"{prefix.lower()} {n:03d}",
        )
        for n in range(count)
    )


# --- organization list -------------------------------------------------------------------


def test_the_list_shows_a_country_editor_its_country_and_the_regional_bodies(client_for):
    response = client_for("cr_editor").get(LIST)
    assert response.status_code == 200
    assert set(names(response)) == {
        "Fundación Atención Integral",
        "Organización Internacional para las Migraciones",
        "Secretaría Técnica Nacional de Costa Rica",
        "Secretaría Técnica Regional",
    }
    assert b"Guatemala</a>" not in response.content


def test_searching_ignores_accents_and_case(client_for):
    client = client_for("regional_admin")
    assert names(client.get(LIST, {"q": "fundacion atencion"})) == ["Fundación Atención Integral"]
    assert names(client.get(LIST, {"q": "FUNDACIÓN"})) == ["Fundación Atención Integral"]
    assert set(names(client.get(LIST, {"q": "secretaria"}))) == {
        "Secretaría Técnica Nacional de Costa Rica",
        "Secretaría Técnica Nacional de Guatemala",
        "Secretaría Técnica Regional",
    }


def test_searching_finds_an_organization_by_its_acronym(client_for):
    assert names(client_for("regional_admin").get(LIST, {"q": "oim"})) == [
        "Organización Internacional para las Migraciones"
    ]


def test_every_search_word_must_match(client_for):
    response = client_for("regional_admin").get(LIST, {"q": "secretaria guatemala"})
    assert names(response) == ["Secretaría Técnica Nacional de Guatemala"]


def test_the_list_filters_by_country(client_for):
    response = client_for("regional_admin").get(LIST, {"country": "GT"})
    assert set(names(response)) == {
        "Fiscalía contra la Trata de Guatemala",
        "Secretaría Técnica Nacional de Guatemala",
    }


def test_filtering_by_another_country_shows_nothing_of_it(client_for):
    response = client_for("cr_editor").get(LIST, {"country": "GT"})
    assert names(response) == []
    assert es("No organizations match these filters.") in response.content.decode()


def test_the_list_filters_by_kind(client_for):
    response = client_for("regional_admin").get(LIST, {"kind": OrganizationKind.PROSECUTOR})
    assert names(response) == ["Fiscalía contra la Trata de Guatemala"]


def test_the_list_filters_by_axis_of_action(client_for, organizations):
    fiscalia = organizations["fiscalia_gt"]
    fiscalia.axes = ["detection", "justice"]
    fiscalia.save()
    client = client_for("regional_admin")
    assert names(client.get(LIST, {"axis": "justice"})) == [fiscalia.name]
    assert fiscalia.name not in names(client.get(LIST, {"axis": "prevention"}))
    assert len(names(client.get(LIST, {"axis": "prevention"}))) == 5


def test_the_list_is_sorted_by_name_and_can_be_reversed(client_for):
    client = client_for("regional_admin")
    ascending = names(client.get(LIST))
    assert ascending == sorted(ascending)
    assert names(client.get(LIST, {"ordering": "-name"})) == list(reversed(ascending))


def test_the_list_can_be_sorted_by_country(client_for):
    response = client_for("regional_admin").get(LIST, {"ordering": "country"})
    countries = [org.country.name_es for org in response.context["organizations"]]
    assert countries == sorted(countries)


def test_the_list_is_paginated_and_keeps_the_filters_across_pages(client_for, countries):
    add_organizations(countries["CR"], 30)
    client = client_for("regional_admin")
    first = client.get(LIST, {"q": "red local"})
    assert len(names(first)) == PAGE_SIZE
    assert "q=red+local&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"q": "red local", "page": 2})
    assert names(second) == [f"Red Local {n:03d}" for n in range(PAGE_SIZE, 30)]


def test_an_empty_result_says_so(client_for):
    response = client_for("regional_admin").get(LIST, {"q": "nothing like this"})
    assert response.status_code == 200
    assert es("No organizations match these filters.") in response.content.decode()


def test_an_htmx_request_gets_only_the_table(client_for):
    client = client_for("regional_admin")
    response = client.get(LIST, {"q": "fundacion"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "<table" in body
    assert "Fundación Atención Integral" in body
    assert "<html" in client.get(LIST).content.decode()


def test_the_list_sends_anonymous_visitors_to_sign_in(client_for):
    response = client_for("anonymous").get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_only_those_who_may_write_are_offered_a_new_organization(client_for):
    assert CREATE in client_for("cr_editor").get(LIST).content.decode()
    assert CREATE not in client_for("partner").get(LIST).content.decode()
    assert CREATE not in client_for("cr_contributor").get(LIST).content.decode()


def test_the_organization_list_does_not_query_per_row(
    client_for, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for code in ("CR", "GT", "regional"):
        add_organizations(countries[code], 20, prefix=f"Institución {code}")
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)
    assert len(names(response)) == PAGE_SIZE


# --- organization detail -----------------------------------------------------------------


def test_a_country_editor_opens_its_own_organization_with_an_edit_link(client_for, organizations):
    org = organizations["st_cr"]
    response = client_for("cr_editor").get(org.get_absolute_url())
    assert response.status_code == 200
    assert org.name in response.content.decode()
    assert edit_url(org) in response.content.decode()


def test_a_partner_reads_a_regional_organization_without_an_edit_link(client_for, organizations):
    org = organizations["oim"]
    response = client_for("partner").get(org.get_absolute_url())
    assert response.status_code == 200
    assert org.name in response.content.decode()
    assert edit_url(org) not in response.content.decode()


def test_another_countrys_organization_is_not_found(client_for, organizations):
    client = client_for("gt_editor")
    org = organizations["ngo_cr"]
    assert client.get(org.get_absolute_url()).status_code == 404
    assert client.get(edit_url(org)).status_code == 404
    assert client.post(edit_url(org), {"name": "Tomada"}).status_code == 404
    org.refresh_from_db()
    assert org.name == "Fundación Atención Integral"


def test_an_organization_page_refuses_other_methods(client_for, organizations):
    org = organizations["st_cr"]
    client = client_for("cr_editor")
    assert client.post(org.get_absolute_url()).status_code == 405
    assert client.delete(org.get_absolute_url()).status_code == 405
    assert Organization.objects.filter(pk=org.pk).exists()


def test_the_auditor_finds_no_organization(client_for, organizations):
    assert client_for("auditor").get(organizations["oim"].get_absolute_url()).status_code == 404


# --- create ------------------------------------------------------------------------------


def form_data(country, **overrides):
    return {
        "name": "Red Nacional contra la Trata",
        "acronym": "RNT",
        "kind": OrganizationKind.NGO,
        "country": country.pk,
        "axes": ["prevention", "attention"],
        **overrides,
    }


def test_a_country_editor_creates_an_organization_in_its_country(client_for, countries, personas):
    response = client_for("cr_editor").post(CREATE, form_data(countries["CR"]))
    org = Organization.objects.get(name="Red Nacional contra la Trata")
    assert response.status_code == 302
    assert response.url == org.get_absolute_url()
    assert org.country == countries["CR"]
    assert org.axes == ["prevention", "attention"]
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="core.organization", object_id=str(org.pk)
    )
    assert entry.actor == personas["cr_editor"]
    assert entry.object_type == "core.organization"
    assert entry.country_id == countries["CR"].pk
    assert entry.before is None
    assert entry.after["name"] == "Red Nacional contra la Trata"
    assert entry.after["country"] == countries["CR"].pk
    assert audit.verify() is None


def test_the_form_offers_a_country_editor_only_its_own_country(client_for, countries):
    response = client_for("cr_editor").get(CREATE)
    assert response.status_code == 200
    offered = list(response.context["form"].fields["country"].queryset)
    assert offered == [countries["CR"]]


def test_a_country_editor_cannot_create_an_organization_in_another_country(client_for, countries):
    before = AuditEntry.objects.count()
    response = client_for("cr_editor").post(CREATE, form_data(countries["GT"]))
    assert response.status_code == 400
    assert "country" in response.context["form"].errors
    assert not Organization.objects.filter(name="Red Nacional contra la Trata").exists()
    # Only the sign-in of the test client was recorded; no create.
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE, seq__gt=before).exists()


def test_a_duplicate_name_in_the_same_country_is_a_form_error(client_for, countries):
    data = form_data(countries["CR"], name="Fundación Atención Integral")
    response = client_for("cr_editor").post(CREATE, data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Organization.objects.filter(name="Fundación Atención Integral").count() == 1


def test_a_missing_name_is_a_form_error(client_for, countries):
    response = client_for("cr_editor").post(CREATE, form_data(countries["CR"], name=""))
    assert response.status_code == 400
    assert "name" in response.context["form"].errors


@pytest.mark.parametrize("name", ["partner", "auditor", "cr_contributor"])
def test_those_who_cannot_write_may_not_open_the_new_organization_form(client_for, name):
    client = client_for(name)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"name": "X"}).status_code == 403


def test_the_new_organization_form_sends_anonymous_visitors_to_sign_in(client_for):
    response = client_for("anonymous").get(CREATE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_change_and_its_audit_entry_are_written_together_or_not_at_all(
    client_for, countries, monkeypatch
):
    def record_then_fail(*args, **kwargs):
        real_record(*args, **kwargs)
        raise RuntimeError("the database went away after the audit entry")

    client = client_for("cr_editor")
    count = AuditEntry.objects.count()
    real_record = audit.record
    monkeypatch.setattr(audit, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        client.post(CREATE, form_data(countries["CR"]))
    assert not Organization.objects.filter(name="Red Nacional contra la Trata").exists()
    assert AuditEntry.objects.count() == count


# --- update ------------------------------------------------------------------------------


def test_a_contributor_may_not_edit_another_institution_of_its_country(client_for, organizations):
    response = client_for("cr_contributor").get(edit_url(organizations["st_cr"]))
    assert response.status_code == 403


def test_a_contributor_edits_its_own_institution(client_for, organizations, personas):
    org = organizations["ngo_cr"]
    client = client_for("cr_contributor")
    assert client.get(edit_url(org)).status_code == 200
    data = form_data(org.country, name="Fundación Atención Integral de Costa Rica", acronym="FAI")
    response = client.post(edit_url(org), versioned(org, data))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Fundación Atención Integral de Costa Rica"
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE, object_type="core.organization", object_id=str(org.pk)
    )
    assert entry.actor == personas["cr_contributor"]
    assert entry.before["name"] == "Fundación Atención Integral"
    assert entry.after["name"] == "Fundación Atención Integral de Costa Rica"


def test_a_partner_may_not_edit_a_regional_organization_it_can_see(
    client_for, organizations, personas
):
    org = organizations["oim"]
    client = client_for("partner")
    assert client.get(edit_url(org)).status_code == 403
    response = client.post(edit_url(org), form_data(org.country, name="Cambiada"))
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name == "Organización Internacional para las Migraciones"
    refused = AuditEntry.objects.filter(
        action=AuditAction.PERMISSION_DENIED, actor=personas["partner"]
    )
    assert refused.count() == 2


def test_a_country_editor_may_not_edit_a_regional_organization(client_for, organizations):
    assert client_for("cr_editor").get(edit_url(organizations["oim"])).status_code == 403


def test_a_country_editor_cannot_move_an_organization_to_another_country(
    client_for, organizations, countries
):
    org = organizations["st_cr"]
    response = client_for("cr_editor").post(
        edit_url(org), versioned(org, form_data(countries["GT"]))
    )
    assert response.status_code == 400
    assert "country" in response.context["form"].errors
    org.refresh_from_db()
    assert org.country == countries["CR"]
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


# --- countries ---------------------------------------------------------------------------


def test_the_country_list_counts_organizations_per_country(client_for):
    response = client_for("regional_admin").get(reverse("country-list"))
    assert response.status_code == 200
    rows = {c.iso2: c for c in response.context["countries"]}
    assert len(rows) == 10
    assert rows["CR"].organization_count == 2
    assert rows["GT"].organization_count == 2
    assert rows["BZ"].organization_count == 0
    assert "Usuarios" in response.content.decode()


def test_the_country_list_counts_only_what_the_user_may_see(client_for):
    response = client_for("cr_editor").get(reverse("country-list"))
    rows = {c.iso2: c for c in response.context["countries"]}
    assert rows["CR"].organization_count == 2
    assert rows["GT"].organization_count == 0
    assert "Usuarios" not in response.content.decode()


def test_the_auditor_reads_the_audit_log_and_no_country_data(client_for):
    client = client_for("auditor")
    assert client.get(reverse("country-list")).status_code == 403
    assert client.get(reverse("organization-list")).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert reverse("audit-list") in home
    assert reverse("organization-list") not in home


def test_the_country_list_does_not_query_per_row(
    client_for, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("country-list")).status_code == 200
    for code in ("CR", "GT", "HN", "regional"):
        add_organizations(countries[code], 15, prefix=f"Institución {code}")
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("country-list"))
    assert {c.iso2: c.organization_count for c in response.context["countries"]}["HN"] == 15


# --- audit log ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["regional_admin", "auditor"])
def test_the_audit_log_opens_for_the_regional_admin_and_the_auditor(client_for, name):
    response = client_for(name).get(AUDIT)
    assert response.status_code == 200
    assert "system:load_countries" in response.content.decode()


@pytest.mark.parametrize("name", ["cr_editor", "cr_contributor", "partner"])
def test_the_audit_log_is_forbidden_to_everyone_else(client_for, name):
    client = client_for(name)
    assert client.get(AUDIT).status_code == 403
    assert client.get(EXPORT).status_code == 403
    entry = AuditEntry.objects.first()
    assert client.get(entry.get_absolute_url()).status_code == 403


def test_the_audit_log_sends_anonymous_visitors_to_sign_in(client_for):
    response = client_for("anonymous").get(AUDIT)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={AUDIT}"


def test_the_audit_log_refuses_other_methods(client_for):
    assert client_for("auditor").post(AUDIT).status_code == 405


def entries(response):
    return list(response.context["page_obj"])


def test_the_audit_log_filters_by_action(client_for):
    client = client_for("auditor")
    shown = entries(client.get(AUDIT, {"action": AuditAction.LOGIN}))
    assert shown
    assert {e.action for e in shown} == {AuditAction.LOGIN}
    both = entries(client.get(AUDIT, {"action": [AuditAction.LOGIN, AuditAction.CREATE]}))
    assert {e.action for e in both} == {AuditAction.LOGIN, AuditAction.CREATE}


def test_the_audit_log_filters_by_actor(client_for):
    client_for("cr_editor")
    shown = entries(client_for("auditor").get(AUDIT, {"actor": "CR_EDI"}))
    assert [e.actor_repr for e in shown] == ["cr_editor"]


def test_the_audit_log_filters_by_country(client_for, countries):
    shown = entries(client_for("auditor").get(AUDIT, {"country": "PA"}))
    assert len(shown) == 1
    assert shown[0].country == countries["PA"]


def test_the_audit_log_filters_by_date(client_for):
    client = client_for("auditor")
    today = timezone.localdate()
    yesterday = today - timezone.timedelta(days=1)
    tomorrow = today + timezone.timedelta(days=1)
    total = AuditEntry.objects.count()
    assert len(entries(client.get(AUDIT, {"since": today, "until": today}))) == total
    assert entries(client.get(AUDIT, {"since": tomorrow})) == []
    assert entries(client.get(AUDIT, {"until": yesterday})) == []


def test_an_invalid_date_is_explained_rather_than_failing(client_for):
    response = client_for("auditor").get(AUDIT, {"since": "31/02/2024"})
    assert response.status_code == 200
    assert entries(response) == []
    assert es("Enter a valid date.") in response.content.decode()


def test_an_unknown_country_in_the_audit_filter_is_explained(client_for):
    response = client_for("auditor").get(AUDIT, {"country": "ZZ"})
    assert response.status_code == 200
    assert entries(response) == []
    assert "alert-danger" in response.content.decode()


def test_an_htmx_request_gets_only_the_audit_table(client_for):
    response = client_for("auditor").get(AUDIT, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert "system:load_countries" in response.content.decode()


def test_the_audit_list_does_not_query_per_row(
    client_for, countries, django_assert_max_num_queries
):
    client = client_for("auditor")
    with CaptureQueriesContext(connection) as few:
        assert client.get(AUDIT).status_code == 200
    scopes = list(countries.values())
    for n in range(200):
        audit.record(
            None,
            AuditAction.VIEW,
            actor_repr="system:test",
            object_repr=f"row {n}",
            country=scopes[n % len(scopes)],
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(AUDIT)
    assert len(entries(response)) == 50


def test_an_audit_entry_shows_its_detail(client_for, organizations):
    client = client_for("cr_editor")
    client.post(CREATE, form_data(organizations["st_cr"].country))
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, actor_repr="cr_editor")
    response = client_for("auditor").get(entry.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert entry.hash in body
    assert entry.prev_hash in body
    assert "Red Nacional contra la Trata" in body


def test_an_audit_entry_that_does_not_exist_is_not_found(client_for):
    assert client_for("auditor").get(reverse("audit-detail", args=[10**9])).status_code == 404


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def test_the_audit_export_is_a_csv_of_the_filtered_entries(client_for):
    response = client_for("auditor").get(EXPORT, {"action": AuditAction.CREATE})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response)
    assert rows[0] == AUDIT_COLUMNS
    action = AUDIT_COLUMNS.index("action")
    assert len(rows) == 1 + AuditEntry.objects.filter(action=AuditAction.CREATE).count()
    assert {row[action] for row in rows[1:]} == {"create"}
    seq = AUDIT_COLUMNS.index("seq")
    assert [int(row[seq]) for row in rows[1:]] == sorted(int(row[seq]) for row in rows[1:])


def test_the_audit_export_carries_the_hashes_needed_to_check_it(client_for):
    rows = read_csv(client_for("auditor").get(EXPORT, {"action": AuditAction.CREATE}))
    first = AuditEntry.objects.get(seq=int(rows[1][0]))
    assert rows[1][AUDIT_COLUMNS.index("hash")] == first.hash
    assert rows[1][AUDIT_COLUMNS.index("prev_hash")] == first.prev_hash


def test_the_audit_export_is_itself_audited(client_for, personas):
    client_for("regional_admin").get(EXPORT, {"action": "create", "country": "CR"})
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == personas["regional_admin"]
    assert entry.after == {"filters": {"action": ["create"], "country": ["CR"]}}
    assert audit.verify() is None


def test_an_export_with_an_invalid_filter_is_refused_and_not_recorded(client_for):
    response = client_for("auditor").get(EXPORT, {"since": "yesterday"})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
