"""REST API of the plans app: plans, objectives and activities for every reader, and each
country's progress through the access layer (read where visible, written by those who may
edit that country). Evidence files are not served by the API."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from coalition.core import access
from coalition.core.api import AuditedWriteMixin
from coalition.core.filters import FilterSet
from coalition.core.models import Country
from coalition.plans.choices import PlanKind, PlanStatus, ProgressStatus
from coalition.plans.filters import ActivityFilterSet
from coalition.plans.models import (
    Activity,
    ActivityItem,
    Objective,
    Plan,
    ProductProgress,
    Progress,
    ProgressRevision,
    ReportedProgress,
)
from coalition.plans.serializers import (
    ActivityDetailSerializer,
    ActivitySerializer,
    ObjectiveSerializer,
    PlanSerializer,
    ProgressSerializer,
    ProgressUpdateSerializer,
    ReportedProgressSerializer,
)

# --- filters (the pages filter activities with ActivityFilterSet; these serve the API) ----


class PlanFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices, label=_("Kind"))

    class Meta:
        model = Plan
        fields = ["status", "kind"]


class ObjectiveFilterSet(FilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=Plan.objects.all(), to_field_name="code", label=_("Plan")
    )

    class Meta:
        model = Objective
        fields = ["plan"]


class ApiActivityFilterSet(ActivityFilterSet):
    """The pages' filters (search, objective, country, status, responsible) and the plan."""

    plan = django_filters.ModelChoiceFilter(
        queryset=Plan.objects.all(), to_field_name="code", label=_("Plan")
    )

    class Meta(ActivityFilterSet.Meta):
        fields = ["plan", *ActivityFilterSet.Meta.fields]

    # The type hints tell the API schema what these two filters take (an ISO code, a
    # responsible party as written); without them drf-spectacular warns at every check.
    def in_country(self, queryset, name, value: str):
        return super().in_country(queryset, name, value)

    def with_responsible(self, queryset, name, value: str):
        return super().with_responsible(queryset, name, value)


class ProgressFilterSet(FilterSet):
    plan = django_filters.ModelChoiceFilter(
        field_name="activity__plan",
        queryset=Plan.objects.all(),
        to_field_name="code",
        label=_("Plan"),
    )
    activity = django_filters.NumberFilter(field_name="activity_id", label=_("Activity"))
    # Any country may be asked for: one outside the user's scope simply gives no rows.
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    status = django_filters.ChoiceFilter(choices=ProgressStatus.choices, label=_("Status"))

    class Meta:
        model = Progress
        fields = ["plan", "activity", "country", "status"]


# --- viewsets ----------------------------------------------------------------------------


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Operational plans and activity agendas, found by their code."""

    access_rule = access.READER
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    lookup_field = "code"
    ordering_fields = ["starts", "code"]

    def get_queryset(self):
        return Plan.objects.select_related("continues")


class ObjectiveViewSet(viewsets.ReadOnlyModelViewSet):
    """Operational objectives ("I. FORTALECIMIENTO DE LA COALICIÓN REGIONAL") of the plans."""

    access_rule = access.READER
    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilterSet

    def get_queryset(self):
        return Objective.objects.select_related("plan").order_by("plan__code", "position")


@extend_schema_view(
    list=extend_schema(summary=_("List the activities of the plans")),
    retrieve=extend_schema(summary=_("One activity with its cells, column by column")),
)
class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Activities of the plans. The "status" filter looks at the progress of the countries
    the user may see, or of the one chosen with "country"."""

    access_rule = access.READER
    filterset_class = ApiActivityFilterSet
    ordering_fields = ["deadline", "ref"]

    def get_queryset(self):
        queryset = Activity.objects.in_plan_order().select_related("continues__plan")
        if self.action == "retrieve":
            items = ActivityItem.objects.prefetch_related("countries", "organizations")
            queryset = queryset.prefetch_related(Prefetch("items", queryset=items))
        return queryset

    def get_serializer_class(self):
        return ActivityDetailSerializer if self.action == "retrieve" else ActivitySerializer


@extend_schema_view(
    list=extend_schema(summary=_("List the progress rows the user may see")),
    retrieve=extend_schema(summary=_("One country's progress on one activity")),
    create=extend_schema(summary=_("Record a country's progress on an activity")),
    update=extend_schema(summary=_("Replace a country's progress on an activity")),
    partial_update=extend_schema(summary=_("Change a country's progress on an activity")),
)
class ProgressViewSet(
    AuditedWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Where each country (or the regional level) stands on each activity.

    Readers see the progress of the countries they may see (partners: the regional level
    only). Those who may edit a country record and change its progress; every change keeps
    a revision and is written to the audit log. Progress is never deleted through the API.
    Evidence files are not available through the API: they are downloaded from the
    activity's page, where every download is checked and audited.
    """

    access_rule = access.READER
    write_rule = access.EDITOR  # read-only users get 403 on POST/PUT/PATCH
    updated_by_field = "updated_by"
    filterset_class = ProgressFilterSet
    ordering_fields = ["updated", "status", "percent"]

    def get_queryset(self):
        products = ProductProgress.objects.select_related("product").order_by(
            "product__position", "pk"
        )
        return (
            Progress.objects.visible_to(self.request.user)
            .select_related("activity__plan", "country", "updated_by")
            .prefetch_related(Prefetch("products", queryset=products))
            .order_by("activity__plan__code", "activity__ref", "country__iso2")
        )

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return ProgressUpdateSerializer
        return ProgressSerializer

    def after_save(self, progress):
        ProgressRevision.of(progress, self.request.user)


class ReportedProgressFilterSet(FilterSet):
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=_("Country")
    )
    year = django_filters.NumberFilter(label=_("Year"))
    plan = django_filters.ModelChoiceFilter(
        field_name="activity__plan",
        queryset=Plan.objects.all(),
        to_field_name="code",
        label=_("Plan"),
    )
    activity = django_filters.NumberFilter(field_name="activity_id", label=_("Activity"))
    product = django_filters.NumberFilter(field_name="product_id", label=_("Product"))

    class Meta:
        model = ReportedProgress
        fields = ["country", "year", "plan", "activity", "product"]


@extend_schema_view(
    list=extend_schema(summary=_("List the progress the countries reported, by year")),
    retrieve=extend_schema(summary=_("One activity or product of a country's yearly report")),
)
class ReportedProgressViewSet(viewsets.ReadOnlyModelViewSet):
    """Each country's progress as it stood when it submitted its report of a year: one row
    per activity (``product`` empty) and one per product.

    A country's members read every year of their country; every other reader reads the
    years whose report is approved: the figures that leave a country.
    """

    access_rule = access.READER
    serializer_class = ReportedProgressSerializer
    filterset_class = ReportedProgressFilterSet
    ordering_fields = ["year", "reported_at"]

    def get_queryset(self):
        return (
            access.restrict(ReportedProgress.objects.all(), self.request.user)
            .select_related("activity__plan", "country", "product")
            .order_by("-year", "country__iso2", "activity__plan__code", "activity__ref", "pk")
        )


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [
    ("plans", PlanViewSet, "plan"),
    ("objectives", ObjectiveViewSet, "objective"),
    ("activities", ActivityViewSet, "activity"),
    ("progress", ProgressViewSet, "progress"),
    ("reported-progress", ReportedProgressViewSet, "reported-progress"),
]
