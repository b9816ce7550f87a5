"""The access layer: who sees and who edits which organizations, decided in one place."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from coalition.core import access
from coalition.core.choices import AuditAction, Role
from coalition.core.models import AuditEntry, Membership, Organization, User

ALL = {"st_regional", "oim", "st_cr", "ngo_cr", "st_gt", "fiscalia_gt"}
REGIONAL = {"st_regional", "oim"}
CR = {"st_cr", "ngo_cr"}
GT = {"st_gt", "fiscalia_gt"}

# persona: (sees, edits). A contributor edits only its own institution (ngo_cr).
EXPECTED = {
    "regional_admin": (ALL, ALL),
    "cr_editor": (CR | REGIONAL, CR),
    "gt_editor": (GT | REGIONAL, GT),
    "cr_contributor": (CR | REGIONAL, {"ngo_cr"}),
    "partner": (REGIONAL, set()),
    "auditor": (set(), set()),
    "anonymous": (set(), set()),
}


def user_for(personas, name):
    return AnonymousUser() if name == "anonymous" else personas[name]


def keys(organizations, queryset):
    by_pk = {org.pk: key for key, org in organizations.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


@pytest.mark.parametrize("name", EXPECTED)
def test_each_persona_sees_the_organizations_of_its_scope(name, personas, organizations):
    user = user_for(personas, name)
    seen = keys(organizations, Organization.objects.visible_to(user))
    assert seen == EXPECTED[name][0]


@pytest.mark.parametrize("name", EXPECTED)
def test_each_persona_edits_only_the_organizations_of_its_own_country_or_institution(
    name, personas, organizations
):
    user = user_for(personas, name)
    editable = keys(organizations, Organization.objects.editable_by(user))
    assert editable == EXPECTED[name][1]


@pytest.mark.parametrize("name", EXPECTED)
def test_the_object_checks_agree_with_the_querysets(name, personas, organizations):
    user = user_for(personas, name)
    sees, edits = EXPECTED[name]
    for key, org in organizations.items():
        assert access.can_view(user, org) is (key in sees), key
        assert access.can_edit(user, org) is (key in edits), key


def test_a_regional_admin_may_write_for_every_country(personas, countries):
    admin = personas["regional_admin"]
    assert access.editable_country_ids(admin) is None
    assert all(access.can_edit_country(admin, c) for c in countries.values())


def test_a_country_editor_may_write_only_for_its_country(personas, countries):
    editor = personas["cr_editor"]
    writable = {code for code, c in countries.items() if access.can_edit_country(editor, c)}
    assert writable == {"CR"}


def test_a_membership_in_a_country_that_is_not_active_grants_nothing(countries):
    user = User.objects.create_user("mx_editor", password="a-long-secret-password-1")
    Membership.objects.create(user=user, country=countries["MX"], role=Role.COUNTRY_EDITOR)
    assert not access.is_member(user)
    assert not Organization.objects.visible_to(user).exists()


def test_a_deactivated_user_sees_nothing(personas, organizations):
    admin = personas["regional_admin"]
    admin.is_active = False
    admin.save()
    admin = User.objects.get(pk=admin.pk)
    assert not Organization.objects.visible_to(admin).exists()
    assert not Organization.objects.editable_by(admin).exists()


def test_a_new_membership_counts_once_the_cached_standing_is_forgotten(
    personas, organizations, countries
):
    editor = personas["cr_editor"]
    assert not access.can_view(editor, organizations["st_gt"])
    Membership.objects.create(user=editor, country=countries["GT"], role=Role.COUNTRY_EDITOR)
    access.forget(editor)
    assert access.can_edit(editor, organizations["st_gt"])


def test_only_the_regional_admin_and_the_auditor_read_the_audit_log(personas):
    readers = {name for name, user in personas.items() if access.can_read_audit(user)}
    assert readers == {"regional_admin", "auditor"}
    assert not access.can_read_audit(AnonymousUser())


# --- get_visible_or_404 / get_editable_or_403 --------------------------------------------


def test_an_object_in_scope_is_returned(personas, organizations):
    org = access.get_visible_or_404(
        Organization, personas["cr_editor"], pk=organizations["ngo_cr"].pk
    )
    assert org == organizations["ngo_cr"]


def test_an_object_of_another_country_is_not_found(personas, organizations):
    with pytest.raises(Http404):
        access.get_visible_or_404(
            Organization.objects.all(), personas["cr_editor"], pk=organizations["st_gt"].pk
        )


def test_an_object_that_does_not_exist_is_not_found(personas, organizations):
    with pytest.raises(Http404):
        access.get_visible_or_404(Organization, personas["regional_admin"], pk=10**9)


def test_the_auditor_finds_no_organization(personas, organizations):
    with pytest.raises(Http404):
        access.get_visible_or_404(Organization, personas["auditor"], pk=organizations["oim"].pk)


def test_an_editable_object_is_returned_for_editing(personas, organizations):
    org = access.get_editable_or_403(
        Organization.objects.all(), personas["cr_contributor"], pk=organizations["ngo_cr"].pk
    )
    assert org == organizations["ngo_cr"]


def test_editing_an_object_that_can_be_seen_but_not_changed_is_forbidden(personas, organizations):
    with pytest.raises(PermissionDenied):
        access.get_editable_or_403(
            Organization.objects.all(), personas["partner"], pk=organizations["oim"].pk
        )


def test_editing_an_object_out_of_scope_is_not_found_rather_than_forbidden(personas, organizations):
    with pytest.raises(Http404):
        access.get_editable_or_403(
            Organization.objects.all(), personas["gt_editor"], pk=organizations["st_cr"].pk
        )


def test_a_refused_edit_is_written_to_the_audit_log(personas, organizations):
    request = RequestFactory().get("/organizations/1/edit/")
    request.user = personas["cr_editor"]
    with pytest.raises(PermissionDenied):
        access.get_editable_or_403(
            Organization.objects.all(),
            personas["cr_editor"],
            request=request,
            pk=organizations["st_regional"].pk,
        )
    entry = AuditEntry.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert entry.actor == personas["cr_editor"]
    assert entry.object_id == str(organizations["st_regional"].pk)


def test_moving_a_record_out_of_ones_scope_is_refused(personas, organizations, countries):
    org = organizations["ngo_cr"]
    org.country = countries["GT"]
    org.save()
    with pytest.raises(PermissionDenied):
        access.recheck_editable(personas["cr_editor"], org)


def test_a_contributor_who_edits_another_country_is_still_limited_to_its_institution(
    personas, organizations, countries
):
    user = personas["cr_contributor"]
    Membership.objects.create(user=user, country=countries["GT"], role=Role.COUNTRY_EDITOR)
    access.forget(user)
    editable = keys(organizations, Organization.objects.editable_by(user))
    assert editable == GT | {"ngo_cr"}
