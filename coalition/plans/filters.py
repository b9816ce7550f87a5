"""Filters of a plan's activities, shared by the plan page, the dashboard, the PDF report
and the API: country, objective, progress status, responsible party and free text."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from coalition.core import access
from coalition.core.filters import FilterSet
from coalition.core.models import Country
from coalition.lib.text import fold
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import Activity, ActivityItem, Objective, Progress


class ActivityFilterSet(FilterSet):
    """Pass ``plan=`` to limit the objective and responsible choices to that plan's."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    objective = django_filters.ModelChoiceFilter(
        queryset=Objective.objects.none(), label=_("Objective")
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.none(),
        to_field_name="iso2",
        method="in_country",
        label=_("Country"),
    )
    status = django_filters.ChoiceFilter(
        choices=ProgressStatus.choices, method="with_status", label=_("Status")
    )
    responsible = django_filters.ChoiceFilter(
        choices=[], method="with_responsible", label=_("Responsible")
    )

    class Meta:
        model = Activity
        fields = ["q", "objective", "country", "status", "responsible"]

    def __init__(
        self, data=None, queryset=None, *, plan=None, request=None, figures=None, **kwargs
    ):
        super().__init__(data, queryset, request=request, **kwargs)
        self.plan = plan
        # "approved" (plans.figures.APPROVED): every country may be chosen (those without
        # an approved report say so) and the status is matched on the approved figures by
        # plans.stats, not on live progress here.
        self.figures = figures
        objectives = Objective.objects.all()
        responsible = ActivityItem.objects.filter(kind=ItemKind.RESPONSIBLE)
        if plan is not None:
            objectives = objectives.filter(plan=plan)
            responsible = responsible.filter(activity__plan=plan)
        self.filters["objective"].queryset = objectives
        self.filters["country"].queryset = (
            Country.objects.active() if figures == "approved" else self.countries_for(request)
        )
        texts = sorted(set(responsible.values_list("text_es", flat=True)), key=fold)
        self.filters["responsible"].extra["choices"] = [(t, t) for t in texts]
        # A filter builds its form field once and keeps it, and the copies each FilterSet
        # makes of the class's filters carry it along: once anything (the API schema) has
        # built the class's fields, the choices set above would be ignored.
        for name in ("objective", "country", "responsible"):
            self.filters[name].__dict__.pop("_field", None)

    @staticmethod
    def countries_for(request):
        """Active countries (and the regional level) whose progress the user may read."""
        queryset = Country.objects.active()
        user = getattr(request, "user", None)
        ids = access.visible_country_ids(user)
        return queryset if ids is None else queryset.filter(pk__in=ids)

    @property
    def selected_country(self):
        """The Country chosen in the filter form, or None."""
        if not self.is_bound or not self.form.is_valid():
            return None
        return self.form.cleaned_data.get("country")

    def search(self, queryset, name, value):
        for term in fold(value).split():
            queryset = queryset.filter(
                Q(title_es__icontains=term) | Q(title_en__icontains=term) | Q(ref__iexact=term)
            )
        return queryset

    def in_country(self, queryset, name, value):
        # The country narrows which progress "status" looks at; activities apply to all.
        return queryset

    def with_status(self, queryset, name, value):
        if self.figures == "approved":
            return queryset
        progress = Progress.objects.filter(activity=OuterRef("pk"))
        country = self.selected_country
        if country is not None:
            progress = progress.filter(country=country)
        else:
            progress = progress.filter(
                country__in=self.countries_for(getattr(self, "request", None))
            )
        if value == ProgressStatus.NOT_STARTED:
            started = progress.exclude(status=ProgressStatus.NOT_STARTED)
            return queryset.filter(~Exists(started))
        return queryset.filter(Exists(progress.filter(status=value)))

    def with_responsible(self, queryset, name, value):
        items = ActivityItem.objects.filter(
            activity=OuterRef("pk"), kind=ItemKind.RESPONSIBLE, text_es=value
        )
        return queryset.filter(Exists(items))
