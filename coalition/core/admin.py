"""Django admin, for regional administrators only (see ``CoalitionAdminSite``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coalition.core import access
from coalition.core.models import AuditEntry, Country, Membership, Organization, User


def _admin_has_permission(request):
    user = request.user
    return user.is_active and access.is_regional_admin(user) and access.two_factor_satisfied(user)


# The admin answers only to verified regional administrators, whatever is_staff says.
admin.site.has_permission = _admin_has_permission
admin.site.site_header = _("Coalition administration")
admin.site.site_title = _("Coalition")


class SuperuserModelAdmin(admin.ModelAdmin):
    """Regional admins hold every model permission here; the site check guards entry."""

    def has_view_permission(self, request, obj=None):
        return _admin_has_permission(request)

    has_module_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return _admin_has_permission(request)

    has_add_permission = has_change_permission

    def has_delete_permission(self, request, obj=None):
        return _admin_has_permission(request)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]
    fk_name = "user"

    has_view_permission = SuperuserModelAdmin.has_view_permission
    has_change_permission = SuperuserModelAdmin.has_change_permission
    has_add_permission = SuperuserModelAdmin.has_change_permission
    has_delete_permission = SuperuserModelAdmin.has_delete_permission


@admin.register(Country)
class CountryAdmin(SuperuserModelAdmin):
    list_display = ["iso2", "iso3", "name_es", "name_en", "member_since", "active", "is_regional"]
    list_filter = ["active", "is_regional"]
    search_fields = ["iso2", "iso3", "name_es", "name_en"]


@admin.register(Organization)
class OrganizationAdmin(SuperuserModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]


@admin.register(User)
class UserAdmin(SuperuserModelAdmin):
    list_display = ["username", "email", "first_name", "last_name", "language", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fields = ["username", "first_name", "last_name", "email", "language", "is_active", "last_login"]
    readonly_fields = ["last_login"]
    inlines = [MembershipInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(SuperuserModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ["seq", "time", "actor_repr", "action", "object_type", "object_repr", "country"]
    list_filter = ["action"]
    search_fields = ["actor_repr", "object_repr", "request_id"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
