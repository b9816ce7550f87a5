"""Filters of zones and routes, shared by the map, its data, the lists, the exports and the
API: country, form of exploitation, period (a year the observation overlaps), risk level.

A route "is in" a country when it belongs to it or crosses it.
"""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.core import publication
from coalition.core.filters import FilterSet, OrderingFilter
from coalition.core.models import Country
from coalition.lib.text import fold
from coalition.mapping import models as mapping_models
from coalition.mapping.choices import ExploitationForm, PlaceKind, RiskLevel, ZoneKind
from coalition.mapping.models import Place, Route, Zone, place_country_choices


def _country_choices():
    return [(c.iso2, c.name) for c in Country.objects.active().order_by("-is_regional", "name_es")]


class ObservedFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = django_filters.ChoiceFilter(
        choices=_country_choices, method="in_country", label=_("Country")
    )
    exploitation = django_filters.ChoiceFilter(
        choices=ExploitationForm.choices, method="with_exploitation",
        label=_("Form of exploitation"),
    )  # fmt: skip
    year = django_filters.NumberFilter(
        method="observed_in", label=_("Observed in (year)"), min_value=1900, max_value=2100
    )

    def search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(name__icontains=term)
        return queryset

    def in_country(self, queryset, name, value):
        return queryset.filter(country__iso2=value)

    def with_exploitation(self, queryset, name, value):
        # A JSON list: the quoted value matches one whole item on SQLite and PostgreSQL.
        return queryset.filter(exploitation_forms__icontains=f'"{value}"')

    def observed_in(self, queryset, name, value):
        year = int(value)
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return queryset.filter(period_start__lte=end).filter(
            Q(period_end__isnull=True) | Q(period_end__gte=start)
        )


class ZoneFilterSet(ObservedFilterSet):
    risk = django_filters.MultipleChoiceFilter(
        field_name="risk_level", choices=RiskLevel.choices, label=_("Risk level")
    )
    kind = django_filters.ChoiceFilter(choices=ZoneKind.choices, label=_("Kind"))
    publishable = django_filters.BooleanFilter(label=_("Publishable"))
    awaiting = django_filters.BooleanFilter(
        method="awaiting_approval", label=_("Awaiting approval")
    )
    ordering = OrderingFilter(
        fields=(("name", "name"), ("risk_level", "risk"), ("period_start", "period")),
        field_labels={
            "name": _("Name"),
            "risk_level": _("Risk level"),
            "period_start": _("Period"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Zone
        fields = [
            "q", "country", "exploitation", "year", "risk", "kind", "publishable", "awaiting",
        ]  # fmt: skip

    def awaiting_approval(self, queryset, name, value):
        awaiting = mapping_models.awaiting_approval(queryset)
        return awaiting if value else queryset.exclude(pk__in=awaiting.values("pk"))


def published_zones(data):
    """The approved versions of the zones (``publication.public_copies``) that match the
    public map's filters: ``data`` is a valid ZoneFilterSet's cleaned data (country, form of
    exploitation, year, kind), applied as the FilterSet applies them to the working rows."""
    zones = publication.public_copies(Zone.objects.all())
    if data.get("country"):
        country = Country.objects.filter(iso2=data["country"]).values_list("pk", flat=True)
        zones = [zone for zone in zones if zone.country_id == country.first()]
    if data.get("exploitation"):
        zones = [zone for zone in zones if data["exploitation"] in zone.exploitation_forms]
    if data.get("year") is not None:
        year = int(data["year"])
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        zones = [
            zone
            for zone in zones
            if zone.period_start <= end and (zone.period_end is None or zone.period_end >= start)
        ]
    if data.get("kind"):
        zones = [zone for zone in zones if zone.kind == data["kind"]]
    return zones


class RouteFilterSet(ObservedFilterSet):
    ordering = OrderingFilter(
        fields=(("name", "name"), ("period_start", "period")),
        field_labels={"name": _("Name"), "period_start": _("Period")},
        label=_("Sort by"),
    )

    class Meta:
        model = Route
        fields = ["q", "country", "exploitation", "year"]

    def in_country(self, queryset, name, value):
        # Its own, or one it crosses (a JSON list of ISO codes).
        return queryset.filter(
            Q(country__iso2=value) | Q(countries_crossed__icontains=f'"{value}"')
        )


class PlaceFilterSet(FilterSet):
    """Places of the gazetteer by country (a member or a neighbour that routes reach), kind
    and name (accents and case ignored): the places page and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)
    country = django_filters.ChoiceFilter(
        field_name="country_code", choices=place_country_choices, label=_("Country")
    )
    kind = django_filters.ChoiceFilter(choices=PlaceKind.choices, label=_("Kind"))

    class Meta:
        model = Place
        fields = ["q", "country", "kind"]

    def search(self, queryset, name, value):
        # The gazetteer is small (hundreds of places): fold the names here.
        wanted = fold(value)
        ids = [pk for pk, text in queryset.values_list("pk", "name") if wanted in fold(text)]
        return queryset.filter(pk__in=ids)
