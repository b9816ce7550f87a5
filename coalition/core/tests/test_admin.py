"""Changes made in the Django admin are audited like the pages' and the API's.

Who may open the admin's pages is the URL sweep's job (``test_url_sweep.py``); here, what
a regional administrator writes through them ends up in the audit log.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.urls import reverse

from coalition.core import audit
from coalition.core.admin import CoalitionAdminMixin
from coalition.core.choices import AuditAction, OrganizationKind, Role
from coalition.core.models import AuditEntry, Membership, Organization, User
from coalition.core.tests.admin_forms import admin_form


def unaudited(site):
    """Model admins (and their inlines) of ``site`` that would write without auditing."""
    problems = []
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, CoalitionAdminMixin):
            problems.append(f"{model._meta.label}: {type(model_admin).__name__}")
        problems += [
            f"{model._meta.label}: inline {inline.__name__}"
            for inline in model_admin.inlines
            if not issubclass(inline, CoalitionAdminMixin)
        ]
    return problems


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def entries(action, model):
    return AuditEntry.objects.filter(action=action, object_type=model._meta.label_lower)


@pytest.fixture
def admin_client(client_for):
    return client_for("regional_admin")


# --- every model admin audits ------------------------------------------------------------


def test_every_model_admin_of_the_site_audits_what_it_writes():
    assert admin.site._registry
    assert unaudited(admin.site) == []


def test_a_model_admin_that_does_not_audit_is_reported():
    class PlainMembershipInline(admin.TabularInline):
        model = Membership
        fk_name = "user"

    class AuditedUserAdmin(CoalitionAdminMixin, admin.ModelAdmin):
        inlines = [PlainMembershipInline]

    site = AdminSite(name="unaudited")
    site.register(Organization)
    site.register(User, AuditedUserAdmin)
    assert unaudited(site) == [
        "core.Organization: ModelAdmin",
        "core.User: inline PlainMembershipInline",
    ]


def test_each_list_of_the_admin_offers_only_actions_that_are_audited(admin_client, personas):
    from coalition.core.tests.sweep import _rows_for_the_admin

    _rows_for_the_admin(personas["cr_editor"])
    offered = {}
    for model, model_admin in admin.site._registry.items():
        response = admin_client.get(url(model, "changelist"))
        assert response.status_code == 200
        form = response.context.get("action_form")
        names = {name for name, _label in form.fields["action"].choices if name} if form else set()
        assert names <= set(model_admin.audited_actions), model._meta.label
        offered[model._meta.label] = names
    # The lockout list loses django-axes' clean-up, which deletes without a trace.
    assert offered["axes.AccessAttempt"] == {"delete_selected"}
    assert offered["core.AuditEntry"] == set()


# --- adding, changing, deleting ----------------------------------------------------------


def test_adding_a_record_in_the_admin_writes_a_create_entry(admin_client, personas, countries):
    data = admin_form(admin_client, url(Organization, "add"))
    data.update(name="Red de Albergues", kind=OrganizationKind.NGO, country=countries["CR"].pk)
    response = admin_client.post(url(Organization, "add"), data)
    assert response.status_code == 302
    created = Organization.objects.get(name="Red de Albergues")
    entry = entries(AuditAction.CREATE, Organization).get()
    assert entry.actor == personas["regional_admin"]
    assert entry.object_id == str(created.pk)
    assert entry.object_repr == str(created)
    assert entry.country_id == countries["CR"].pk
    assert entry.before is None
    assert entry.after["name"] == "Red de Albergues"
    assert audit.verify() is None


def test_changing_a_record_in_the_admin_writes_what_changed(admin_client, organizations):
    organization = organizations["st_cr"]
    data = admin_form(admin_client, url(Organization, "change", organization.pk))
    data["acronym"] = "STN-CR"
    response = admin_client.post(url(Organization, "change", organization.pk), data)
    assert response.status_code == 302
    entry = entries(AuditAction.UPDATE, Organization).get()
    assert entry.object_id == str(organization.pk)
    assert entry.before["acronym"] == "ST-CR"
    assert entry.after["acronym"] == "STN-CR"
    assert entry.before["name"] == entry.after["name"] == organization.name


def test_a_change_the_admin_refuses_as_invalid_writes_nothing(admin_client, organizations):
    organization = organizations["st_cr"]
    data = admin_form(admin_client, url(Organization, "change", organization.pk))
    data["name"] = ""
    response = admin_client.post(url(Organization, "change", organization.pk), data)
    assert response.status_code == 200
    assert not entries(AuditAction.UPDATE, Organization).exists()


def test_deleting_a_record_in_the_admin_writes_a_delete_entry(admin_client, organizations):
    organization = organizations["fiscalia_gt"]
    response = admin_client.post(url(Organization, "delete", organization.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=organization.pk).exists()
    entry = entries(AuditAction.DELETE, Organization).get()
    assert entry.object_id == str(organization.pk)
    assert entry.before["name"] == organization.name
    assert entry.after is None


def test_deleting_a_selection_in_the_admin_writes_one_entry_per_record(admin_client, countries):
    selected = [
        Organization.objects.create(name=name, kind=OrganizationKind.NGO, country=countries["GT"])
        for name in ("Uno", "Dos", "Tres")
    ]
    response = admin_client.post(
        url(Organization, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [o.pk for o in selected],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Organization.objects.filter(pk__in=[o.pk for o in selected]).exists()
    deleted = entries(AuditAction.DELETE, Organization)
    assert sorted(deleted.values_list("object_repr", flat=True)) == sorted(map(str, selected))
    assert audit.verify() is None


# --- inline rows -------------------------------------------------------------------------


def test_a_membership_changed_inline_on_its_user_writes_its_own_entry(admin_client, personas):
    user = personas["partner"]
    membership = user.memberships.get()
    data = admin_form(admin_client, url(User, "change", user.pk))
    assert data["memberships-0-id"] == str(membership.pk)
    data["memberships-0-role"] = Role.AUDITOR
    response = admin_client.post(url(User, "change", user.pk), data)
    assert response.status_code == 302
    entry = entries(AuditAction.UPDATE, Membership).get()
    assert entry.object_id == str(membership.pk)
    assert (entry.before["role"], entry.after["role"]) == (Role.PARTNER, Role.AUDITOR)
    # The user's own entry comes first, then its rows'.
    user_entry = entries(AuditAction.UPDATE, User).get()
    assert user_entry.seq < entry.seq


def test_a_membership_deleted_inline_on_its_user_writes_a_delete_entry(admin_client, personas):
    user = personas["partner"]
    membership = user.memberships.get()
    data = admin_form(admin_client, url(User, "change", user.pk))
    data["memberships-0-DELETE"] = "on"
    response = admin_client.post(url(User, "change", user.pk), data)
    assert response.status_code == 302
    assert not user.memberships.exists()
    entry = entries(AuditAction.DELETE, Membership).get()
    assert entry.object_id == str(membership.pk)
    assert entry.before["role"] == Role.PARTNER


# --- the audit log itself ----------------------------------------------------------------


def test_the_audit_log_is_read_only_in_the_admin(admin_client, organizations):
    entry = audit.record(None, AuditAction.CREATE, organizations["st_cr"], actor_repr="test")
    assert admin_client.get(url(AuditEntry, "changelist")).status_code == 200
    assert admin_client.get(url(AuditEntry, "change", entry.pk)).status_code == 200
    assert admin_client.get(url(AuditEntry, "add")).status_code == 403
    assert admin_client.get(url(AuditEntry, "delete", entry.pk)).status_code == 403
    assert (
        admin_client.post(url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    )
    changed = {"actor_repr": "someone else", "action": AuditAction.DELETE}
    assert admin_client.post(url(AuditEntry, "change", entry.pk), changed).status_code == 403
    admin_client.post(
        url(AuditEntry, "changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    entry.refresh_from_db()
    assert entry.actor_repr == "test"
    assert audit.verify() is None
