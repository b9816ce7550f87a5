"""Filters of the directory's contacts, shared by the pages, the exports and the API.

The search box itself (accent-insensitive, ranked) is ``directory.search``; this FilterSet
narrows by country, axis, service, kind, public and international, and its ``q`` does a
plain folded match for the exports.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import Axis, Service
from coalition.core.filters import FilterSet
from coalition.core.models import Country
from coalition.directory.choices import RECORD_KINDS, ContactKind
from coalition.directory.models import Contact
from coalition.lib.text import fold


class ContactFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    axis = django_filters.ChoiceFilter(choices=Axis.choices, method="with_axis", label=_("Axis"))
    service = django_filters.ChoiceFilter(
        choices=Service.choices, method="with_service", label=_("Service")
    )
    # The search page's kind: a contact kind, or an institution kind (which no contact is).
    kind = django_filters.ChoiceFilter(choices=RECORD_KINDS, method="of_kind", label=_("Kind"))
    public = django_filters.BooleanFilter(label=_("Public"))
    international = django_filters.BooleanFilter(label=_("International key contact"))

    class Meta:
        model = Contact
        fields = ["q", "country", "axis", "service", "kind", "public", "international"]

    def search(self, queryset, name, value: str):
        for term in fold(value).split():
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def of_kind(self, queryset, name, value: str):
        if value in ContactKind.values:
            return queryset.filter(kind=value)
        return queryset.none()

    def with_axis(self, queryset, name, value: str):
        # A JSON list: the quoted value matches one whole item on SQLite and PostgreSQL.
        return queryset.filter(axes__icontains=f'"{value}"')

    def with_service(self, queryset, name, value: str):
        return queryset.filter(organization__services__icontains=f'"{value}"')
