"""Filters of the sentence records and the offences, shared by the pages, the export and
the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import ApprovalState
from coalition.core.filters import FilterSet, OrderingFilter
from coalition.core.models import Approval, Country
from coalition.sentences.choices import CourtLevel, Exploitation, OffenceCategory
from coalition.sentences.models import APPROVAL_KIND, Offence, Sentence


class SentenceFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Reference"))
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    year = django_filters.NumberFilter(
        field_name="year", label=_("Year"), min_value=1900, max_value=2200
    )
    court_level = django_filters.ChoiceFilter(choices=CourtLevel.choices, label=_("Court level"))
    category = django_filters.ChoiceFilter(
        choices=OffenceCategory.choices, method="with_category", label=_("Offence")
    )
    exploitation = django_filters.ChoiceFilter(
        choices=Exploitation.choices, method="with_exploitation", label=_("Form of exploitation")
    )
    approval = django_filters.ChoiceFilter(
        choices=ApprovalState.choices, method="with_approval", label=_("Approval")
    )
    ordering = OrderingFilter(
        fields=(
            ("final_date", "final_date"),
            ("reference", "reference"),
            ("country__name_es", "country"),
            ("prison_years", "prison_years"),
        ),
        field_labels={
            "final_date": _("Date final"),
            "reference": _("Reference"),
            "country__name_es": _("Country"),
            "prison_years": _("Prison term"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Sentence
        fields = ["q", "country", "year", "court_level", "category", "exploitation", "approval"]

    def search(self, queryset, name, value):
        return queryset.filter(reference__icontains=value.strip())

    def with_category(self, queryset, name, value):
        return queryset.filter(offences__category=value).distinct()

    def with_exploitation(self, queryset, name, value):
        # A JSON list; the quoted value matches one whole item.
        return queryset.filter(exploitation_forms__icontains=f'"{value}"')

    def with_approval(self, queryset, name, value):
        """Sentences of the (country, year) in that approval state; "open" also takes the
        years nobody submitted yet."""
        rows = Approval.objects.filter(kind=APPROVAL_KIND)
        if value == ApprovalState.OPEN:
            rows = rows.exclude(state=ApprovalState.OPEN)
        else:
            rows = rows.filter(state=value)
        pairs = Q(pk__in=[])
        for country_id, year in rows.values_list("country_id", "year"):
            pairs |= Q(country_id=country_id, year=year)
        return queryset.exclude(pairs) if value == ApprovalState.OPEN else queryset.filter(pairs)


class OffenceFilterSet(FilterSet):
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    category = django_filters.ChoiceFilter(choices=OffenceCategory.choices, label=_("Category"))

    class Meta:
        model = Offence
        fields = ["country", "category"]
