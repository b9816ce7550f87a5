"""One FilterSet per model, shared by the HTML lists and the API."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coalition.core import access, approvals, scopes
from coalition.core.choices import ApprovalState, AuditAction, Axis, OrganizationKind
from coalition.core.models import Approval, AuditEntry, Country, Organization
from coalition.lib.text import BIGGEST_INT, SMALLEST_INT, fold, int_or_none


class BadQuery(ValueError):
    """A query value (of a statistics page or its API) that cannot be used; ``field``
    names it, ``message`` says why, for a 400."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def year_param(data, name):
    """The year the query ``data`` gives as ``name`` (None when blank); ``BadQuery`` naming
    the field when it is not a year between 1900 and next year."""
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    year = int_or_none(raw, 1900, datetime.date.today().year + 1)
    if year is None:
        raise BadQuery(name, gettext("“%(value)s” is not a year.") % {"value": raw[:20]})
    return year


class IdsField(django_filters.fields.ModelMultipleChoiceField):
    """Refuses an id no row can have before the database sees it: Django checks the
    range of one id, not of a list of them, and SQLite fails on a number past 64 bits."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value:
                if isinstance(pk, str) and int_or_none(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class FilterSet(django_filters.FilterSet):
    """Adds Bootstrap classes to the filter form's widgets, and keeps every number a
    filter takes within what the database stores: a number beyond it is a bad filter
    (400, or an error on the page's filter form), never a server error."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for found in filters.values():
            if isinstance(found, django_filters.NumberFilter):
                found.extra.setdefault("min_value", SMALLEST_INT)
                found.extra.setdefault("max_value", BIGGEST_INT)
            elif found.field_class is django_filters.ModelMultipleChoiceFilter.field_class:
                found.field_class = IdsField
        return filters

    @classmethod
    def for_list(cls, request, queryset, **kwargs):
        """The FilterSet of a list page (or of its export): the query string, with the
        scope switcher's country when it asks for none (``scopes.filter_data``)."""
        return cls(scopes.filter_data(request), queryset=queryset, request=request, **kwargs)

    @property
    def sorted_by_reader(self):
        """Did the reader choose a valid sort order? A list orders itself by default only
        when not: an unknown ``ordering`` would otherwise leave it unordered, and its pages
        could repeat or skip rows."""
        if not self.is_bound:
            return False
        self.form.is_valid()  # cleaned_data then holds every field that is valid
        return bool(self.form.cleaned_data.get("ordering"))

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = (
                "form-select form-select-sm"
                if hasattr(field, "choices")
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
        return form


def _descending(label):
    return gettext("%(field)s (descending)") % {"field": label}


class OrderingFilter(django_filters.OrderingFilter):
    """The sort menu of every list. Django-filter formats its descending labels ("%s
    (descending)") once, at import, in the default language: here they are lazy like the
    others, so the menu speaks the reader's language. Give ``field_labels`` (translated)
    for every field."""

    def build_choices(self, fields, labels):
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param)
            choices.append((param, label))
            choices.append((f"-{param}", labels.get(f"-{param}", lazy(_descending, str)(label))))
        return choices


def year_filter(field_name, label=None):
    """The year of a date field; a year no date can have is a bad filter (400), not a
    crash."""
    return django_filters.NumberFilter(
        field_name=field_name,
        lookup_expr="year",
        label=label or _("Year"),
        min_value=1,
        max_value=9999,
    )


class CountryFilterSet(FilterSet):
    active = django_filters.BooleanFilter(label=_("Active"))
    is_regional = django_filters.BooleanFilter(label=_("Regional level"))

    class Meta:
        model = Country
        fields = ["active", "is_regional"]


class OrganizationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, label=_("Kind"))
    axis = django_filters.ChoiceFilter(choices=Axis.choices, method="with_axis", label=_("Axis"))
    ordering = OrderingFilter(
        fields=(
            ("name", "name"),
            ("acronym", "acronym"),
            ("country__name_es", "country"),
            ("kind", "kind"),
        ),
        field_labels={
            "name": _("Name"),
            "acronym": _("Acronym"),
            "country__name_es": _("Country"),
            "kind": _("Kind"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Organization
        fields = ["q", "country", "kind", "axis"]

    def search(self, queryset, name, value):
        terms = fold(value).split()
        for term in terms:
            queryset = queryset.filter(Q(search_text__contains=term))
        return queryset

    def with_axis(self, queryset, name, value):
        # Axes are stored as a JSON list; the quoted value matches one whole item on
        # both SQLite and PostgreSQL.
        return queryset.filter(axes__icontains=f'"{value}"')


class AuditFilterSet(FilterSet):
    actor = django_filters.CharFilter(
        field_name="actor_repr", lookup_expr="icontains", label=_("Actor")
    )
    action = django_filters.MultipleChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    object_type = django_filters.CharFilter(lookup_expr="iexact", label=_("Object type"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("To"))
    request_id = django_filters.CharFilter(label=_("Request id"))

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "country", "object_type", "object_id", "since", "until"]


def _approval_countries(request):
    """The member countries whose approvals the user sees (the approval inbox's menu)."""
    ids = access.approvable_country_ids(request.user) if request else set()
    countries = Country.objects.members().active()
    return countries if ids is None else countries.filter(pk__in=ids)


class ApprovalFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=approvals.kind_choices,
        label=_("Data"),
        empty_label=_("All data"),
    )
    country = django_filters.ModelChoiceFilter(
        queryset=_approval_countries, to_field_name="iso2", label=_("Country")
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=1, max_value=9999)
    state = django_filters.ChoiceFilter(
        choices=ApprovalState.choices, label=_("State"), empty_label=_("All states")
    )
    ordering = OrderingFilter(
        fields=(
            ("updated", "updated"),
            ("year", "year"),
            ("country__name_es", "country"),
            ("state", "state"),
        ),
        field_labels={
            "updated": _("Last change"),
            "year": _("Year"),
            "country__name_es": _("Country"),
            "state": _("State"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Approval
        fields = ["kind", "country", "year", "state"]
