"""One FilterSet per model of knowledge and cooperation, shared by its list page, its
exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import Axis
from coalition.core.filters import FilterSet, OrderingFilter, year_filter
from coalition.core.models import Country
from coalition.knowledge.choices import (
    AgreementKind,
    AgreementStatus,
    Audience,
    Channel,
    Language,
    PracticeStatus,
    Quadrant,
)
from coalition.knowledge.models import (
    Agreement,
    Campaign,
    Practice,
    Swot,
    SwotItem,
    shown_status,
)
from coalition.lib.text import fold


class SearchMixin:
    """``q``: every word must appear in the record's folded ``search_text``."""

    def search(self, queryset, name, value):
        for term in fold(value).split():
            queryset = queryset.filter(search_text__contains=term)
        return queryset


def country_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )


def json_list_filter(field, choices, label):
    """A filter on a JSON list field: the quoted value matches one whole item on both
    SQLite and PostgreSQL."""

    def method(queryset, name, value):
        return queryset.filter(**{f"{field}__icontains": f'"{value}"'})

    return django_filters.ChoiceFilter(choices=choices, method=method, label=label)


class SwotFilterSet(FilterSet):
    country = country_filter()
    year = django_filters.NumberFilter(label=_("Exercise (year)"))

    class Meta:
        model = Swot
        fields = ["country", "year"]


class SwotItemFilterSet(FilterSet):
    """The items the comparison shows: of one exercise, on one axis, in one quadrant."""

    year = django_filters.NumberFilter(field_name="swot__year", label=_("Exercise (year)"))
    country = django_filters.ModelMultipleChoiceFilter(
        field_name="swot__country__iso2",
        queryset=Country.objects.all(),
        to_field_name="iso2",
        label=_("Countries"),
    )
    axis = django_filters.ChoiceFilter(choices=Axis.choices, label=_("Axis of action"))
    quadrant = django_filters.ChoiceFilter(choices=Quadrant.choices, label=_("Quadrant"))

    class Meta:
        model = SwotItem
        fields = ["year", "country", "axis", "quadrant"]


class PracticeFilterSet(SearchMixin, FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = country_filter()
    axis = django_filters.ChoiceFilter(choices=Axis.choices, label=_("Axis of action"))
    status = django_filters.ChoiceFilter(choices=PracticeStatus.choices, label=_("Review status"))
    year = django_filters.NumberFilter(label=_("Year"))
    ordering = OrderingFilter(
        fields=(("title", "title"), ("country__name_es", "country"), ("year", "year"),
                ("updated", "updated")),
        field_labels={"title": _("Title"), "country__name_es": _("Country"), "year": _("Year"),
                      "updated": _("Updated")},
        label=_("Sort by"),
    )  # fmt: skip

    class Meta:
        model = Practice
        fields = ["q", "country", "axis", "status", "year"]


class AgreementFilterSet(SearchMixin, FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = country_filter()
    party = django_filters.ModelChoiceFilter(
        field_name="party_countries",
        queryset=Country.objects.all(),
        to_field_name="iso2",
        label=_("Party country"),
    )
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Type"))
    status = django_filters.MultipleChoiceFilter(
        choices=AgreementStatus.choices, method="filter_status", label=_("Status")
    )
    expires_before = django_filters.DateFilter(
        field_name="expires_on", lookup_expr="lte", label=_("Expires by")
    )
    activity = django_filters.NumberFilter(field_name="activities", label=_("Activity"))
    ordering = OrderingFilter(
        fields=(("title", "title"), ("country__name_es", "country"), ("signed_on", "signed"),
                ("expires_on", "expires")),
        field_labels={"title": _("Title"), "country__name_es": _("Country"),
                      "signed_on": _("Signed"), "expires_on": _("Expires")},
        label=_("Sort by"),
    )  # fmt: skip

    class Meta:
        model = Agreement
        fields = ["q", "country", "party", "kind", "status", "expires_before", "activity"]

    def filter_status(self, queryset, name, value):
        """By the status the pages show (``Agreement.shown_status``): one recorded as in
        force whose expiry date has passed is found among the expired ones."""
        if not value:
            return queryset
        return queryset.alias(shown=shown_status()).filter(shown__in=value)


class CampaignFilterSet(SearchMixin, FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    country = country_filter()
    channel = json_list_filter("channels", Channel.choices, _("Channel"))
    audience = json_list_filter("audiences", Audience.choices, _("Audience"))
    language = json_list_filter("languages", Language.choices, _("Language"))
    year = year_filter("starts")
    activity = django_filters.NumberFilter(field_name="activities", label=_("Activity"))
    ordering = OrderingFilter(
        fields=(("starts", "starts"), ("title", "title"), ("country__name_es", "country")),
        field_labels={
            "starts": _("Start date"),
            "title": _("Title"),
            "country__name_es": _("Country"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Campaign
        fields = ["q", "country", "channel", "audience", "language", "year", "activity"]
