"""Django admin, for verified regional administrators only.

Every model admin here, ours and those of the libraries (two-factor devices, API tokens,
sign-in lockouts), answers to the access layer rather than to Django's staff flags, and
every change made through it is written to the audit log in the same transaction.
"""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry, Country, Membership, Organization, User


def _admin_has_permission(request):
    user = request.user
    return user.is_active and access.is_regional_admin(user) and access.two_factor_satisfied(user)


# The admin answers only to verified regional administrators, whatever is_staff says.
admin.site.has_permission = _admin_has_permission
admin.site.site_header = _("Coalition administration")
admin.site.site_title = _("Coalition")


class CoalitionAdminMixin:
    """Permissions from the access layer; every write audited.

    Every model admin of the site uses this mixin (a test walks the registry). Adding,
    changing and deleting a record (one, or a selection), and the rows of its inlines,
    each write the audit entry that the pages and the API write, in the admin's own
    transaction. An action other than deleting the selection is offered only when it is
    named in ``audited_actions``: naming it is the promise that it writes its entries.
    """

    audited_actions = ("delete_selected",)

    def has_view_permission(self, request, obj=None):
        return _admin_has_permission(request)

    def has_module_permission(self, request):
        return _admin_has_permission(request)

    def has_change_permission(self, request, obj=None):
        return _admin_has_permission(request)

    def has_add_permission(self, request, *args):
        return _admin_has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return _admin_has_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {name: action for name, action in actions.items() if name in self.audited_actions}

    def save_model(self, request, obj, form, change):
        # "before" from the database: validation has already changed ``obj``.
        form.audit_before = _stored(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """The record's entry, once its many-to-many fields are saved, then its inlines'."""
        # Django's own save_related does these two steps; the entry goes between them.
        with transaction.atomic():
            form.save_m2m()
            obj = form.instance
            audit.record(
                request,
                AuditAction.UPDATE if change else AuditAction.CREATE,
                obj,
                before=getattr(form, "audit_before", None),
                after=audit.snapshot(obj),
            )
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """One entry per inline row added, changed or deleted."""
        with transaction.atomic():
            # As the database holds them: validation has already changed the instances,
            # and a deleted row loses its primary key.
            pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
            stored = formset.model._default_manager.in_bulk(pks)
            befores = {pk: audit.snapshot(obj) for pk, obj in stored.items()}
            for f in formset.deleted_forms:
                if f.instance.pk in stored:
                    obj = stored[f.instance.pk]
                    audit.record(request, AuditAction.DELETE, obj, before=befores[obj.pk])
            for obj in formset.save():
                action = AuditAction.UPDATE if obj.pk in befores else AuditAction.CREATE
                audit.record(
                    request, action, obj, before=befores.get(obj.pk), after=audit.snapshot(obj)
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(request, AuditAction.DELETE, obj, before=audit.snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit.record(request, AuditAction.DELETE, obj, before=audit.snapshot(obj))
            super().delete_queryset(request, queryset)


def _stored(obj):
    """The snapshot of ``obj`` as the database holds it."""
    return audit.snapshot(type(obj)._default_manager.get(pk=obj.pk))


class MembershipInline(CoalitionAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]
    fk_name = "user"


@admin.register(Country)
class CountryAdmin(CoalitionAdminMixin, admin.ModelAdmin):
    list_display = [
        "iso2",
        "iso3",
        "name_es",
        "name_en",
        "emergency_number",
        "member_since",
        "active",
        "is_regional",
    ]
    list_filter = ["active", "is_regional"]
    search_fields = ["iso2", "iso3", "name_es", "name_en"]


@admin.register(Organization)
class OrganizationAdmin(CoalitionAdminMixin, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    # A website typed without a scheme is read as https://, as in OrganizationForm.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]


@admin.register(User)
class UserAdmin(CoalitionAdminMixin, admin.ModelAdmin):
    list_display = ["username", "email", "first_name", "last_name", "language", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fields = ["username", "first_name", "last_name", "email", "language", "is_active", "last_login"]
    readonly_fields = ["last_login"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        access.forget(form.instance)  # the user's roles come from these memberships


@admin.register(AuditEntry)
class AuditEntryAdmin(CoalitionAdminMixin, admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ["seq", "time", "actor_repr", "action", "object_type", "object_repr", "country"]
    list_filter = ["action"]
    search_fields = ["actor_repr", "object_repr", "request_id"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Roles come from memberships, not from Django groups.
admin.site.unregister(Group)


class ViewAndDeleteAdminMixin(CoalitionAdminMixin):
    """Records that are looked at and deleted here (unlock a user, revoke a token or a
    calendar feed, reset two-factor), never written by hand; the delete is audited."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LibraryAdminMixin(ViewAndDeleteAdminMixin):
    """The libraries' records (TOTP devices, API tokens, lockouts)."""

    # Columns the libraries leave untitled: Django would head them with the English name
    # of the attribute ("Status", "Name") whatever the language.
    UNTITLED = {"status": _("Status"), "name": _("Name")}

    @property
    def search_help_text(self):
        # django-otp builds its hint in English, at import ("Search by user's nombre de
        # usuario or ..."): its devices are found by their user's name or e-mail address.
        text = super().search_help_text
        if isinstance(text, str) and text.startswith("Search by user's"):
            return _("Search by the user's user name or e-mail address.")
        return text

    def get_list_display(self, request):
        return [
            self._titled(column) if column in self.UNTITLED else column
            for column in super().get_list_display(request)
        ]

    def _titled(self, name):
        method = getattr(self, name, None)

        @admin.display(description=self.UNTITLED[name])
        def column(obj):
            return method(obj) if callable(method) else getattr(obj, name)

        if not callable(method):
            column.admin_order_field = name
        return column


# The libraries' admins (TOTP devices, API tokens, lockouts) were registered before this
# module was imported (the libraries are installed before core): put the same rules on them.
for _model, _model_admin in list(admin.site._registry.items()):
    if not isinstance(_model_admin, CoalitionAdminMixin):
        admin.site.unregister(_model)
        admin.site.register(
            _model,
            type(
                f"Coalition{type(_model_admin).__name__}",
                (LibraryAdminMixin, type(_model_admin)),
                {"__module__": __name__},
            ),
        )
