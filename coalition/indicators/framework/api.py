"""The API of the frameworks and their indicators (read-only; every reader)."""

import django_filters
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from coalition.core import access
from coalition.core.filters import FilterSet
from coalition.indicators.choices import AnswerType
from coalition.indicators.framework.views import frozen_ids
from coalition.indicators.loader import INDICATOR_FIELDS
from coalition.indicators.models import Framework, Indicator, Pillar
from coalition.indicators.scoring import formula


class FrameworkFilterSet(FilterSet):
    code = django_filters.CharFilter(help_text=gettext_lazy("The framework's code (palermo)."))

    class Meta:
        model = Framework
        fields = ["code"]


class IndicatorFilterSet(FilterSet):
    framework = django_filters.NumberFilter(
        field_name="framework_id", help_text=gettext_lazy("The framework version's id.")
    )
    pillar = django_filters.CharFilter(
        field_name="pillar__code", help_text=gettext_lazy("The pillar's code (prosecution).")
    )
    instrument = django_filters.CharFilter(
        field_name="instrument__code",
        help_text=gettext_lazy("The instrument's code (tip-protocol)."),
    )
    article = django_filters.CharFilter(
        lookup_expr="iexact", help_text=gettext_lazy("The article cited (5).")
    )
    answer_type = django_filters.ChoiceFilter(choices=AnswerType.choices)
    computed = django_filters.BooleanFilter(
        method="filter_computed",
        help_text=gettext_lazy("true: computed from other data; false: answered by a person."),
    )

    class Meta:
        model = Indicator
        fields = ["framework", "pillar", "instrument", "article", "answer_type", "computed"]

    def filter_computed(self, queryset, name, value):
        return queryset.exclude(source="") if value else queryset.filter(source="")


class PillarSerializer(serializers.ModelSerializer):
    indicator_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Pillar
        fields = ["code", "order", "name_es", "name_en", "weight", "indicator_count"]


class FrameworkSerializer(serializers.ModelSerializer):
    pillars = PillarSerializer(many=True, read_only=True)
    indicator_count = serializers.IntegerField(read_only=True)
    rule_count = serializers.IntegerField(read_only=True)
    frozen = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Used by an assessment that is not open: a change makes the next version."
        )
    )

    class Meta:
        model = Framework
        fields = [
            "id",
            "code",
            "version",
            "name_es",
            "name_en",
            "description_es",
            "description_en",
            "changes",
            "frozen",
            "indicator_count",
            "rule_count",
            "pillars",
            "created",
            "updated",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_frozen(self, framework):
        return framework.pk in self.context["frozen_ids"]


class IndicatorSerializer(serializers.ModelSerializer):
    framework = serializers.PrimaryKeyRelatedField(read_only=True)
    pillar = serializers.SlugRelatedField(slug_field="code", read_only=True)
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)
    computed = serializers.BooleanField(read_only=True)
    formula = serializers.SerializerMethodField(
        help_text=gettext_lazy("How the answer scores, in words, with the weight.")
    )

    class Meta:
        model = Indicator
        # What a framework file gives of an indicator, and what the API adds.
        fields = [
            "id",
            "framework",
            "pillar",
            "code",
            "instrument",
            *INDICATOR_FIELDS,
            "computed",
            "formula",
        ]

    @extend_schema_field(serializers.CharField())
    def get_formula(self, indicator):
        return formula(indicator)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the indicator frameworks and their versions")),
    retrieve=extend_schema(summary=gettext_lazy("One framework version with its pillars")),
)
class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicator framework versions, newest first within each code, with their pillars and
    counts. Read by every member and partner."""

    access_rule = access.READER
    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilterSet
    ordering_fields = ["code", "version", "created"]

    def get_queryset(self):
        pillars = Pillar.objects.annotate(indicator_count=Count("indicators")).order_by(
            "order", "code"
        )
        return (
            Framework.objects.annotate(
                indicator_count=Count("indicators", distinct=True),
                rule_count=Count("rules", distinct=True),
            )
            .prefetch_related(Prefetch("pillars", queryset=pillars))
            .order_by("code", "-version")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["frozen_ids"] = frozen_ids(Framework.objects.all())
        return context


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the indicators of the frameworks")),
    retrieve=extend_schema(summary=gettext_lazy("One indicator with its scoring formula")),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicators of every framework version, in questionnaire order: question,
    legal reference, answer type, scoring. Read by every member and partner."""

    access_rule = access.READER
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    ordering_fields = ["code", "order"]

    def get_queryset(self):
        return Indicator.objects.select_related("pillar", "instrument").order_by(
            "framework__code", "-framework__version", "pillar__order", "order", "code"
        )


ROUTES = [
    ("indicator-frameworks", FrameworkViewSet, "indicator-framework"),
    ("indicators", IndicatorViewSet, "indicator"),
]
