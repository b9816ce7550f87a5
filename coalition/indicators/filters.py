"""Filters of the assessments list (country, year, state, framework version), shared by the
page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import ApprovalState
from coalition.core.filters import FilterSet, OrderingFilter
from coalition.core.models import Approval, Country
from coalition.indicators.models import APPROVAL_KIND, Assessment, Framework


class AssessmentFilterSet(FilterSet):
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    year = django_filters.NumberFilter(
        field_name="year", label=_("Year"), min_value=1900, max_value=2200
    )
    state = django_filters.ChoiceFilter(
        choices=ApprovalState.choices, method="with_state", label=_("State")
    )
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.all(), label=_("Framework version")
    )
    ordering = OrderingFilter(
        fields=(
            ("year", "year"),
            ("country__name_es", "country"),
            ("updated", "updated"),
        ),
        field_labels={
            "year": _("Year"),
            "country__name_es": _("Country"),
            "updated": _("Last change"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Assessment
        fields = ["country", "year", "state", "framework"]

    def with_state(self, queryset, name, value):
        """Assessments whose (country, year) is in that approval state; "open" also takes
        those nobody submitted yet."""
        approved = Approval.objects.filter(kind=APPROVAL_KIND)
        if value == ApprovalState.OPEN:
            approved = approved.exclude(state=ApprovalState.OPEN)
        else:
            approved = approved.filter(state=value)
        pairs = Q(pk__in=[])
        for country_id, year in approved.values_list("country_id", "year"):
            pairs |= Q(country_id=country_id, year=year)
        return queryset.exclude(pairs) if value == ApprovalState.OPEN else queryset.filter(pairs)
