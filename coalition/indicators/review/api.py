"""The assessments and their answers in the API: read through ``core.access`` (a draft by
its country's data roles, an approved one by every reader), answers changed by their
country's editors while the assessment is open or returned (409 once submitted or
approved), each value read by ``validation.parse`` as the questionnaire reads it."""

from decimal import Decimal

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException

from coalition.core import access, approvals
from coalition.core.api import AuditedWriteMixin, PreconditionFailedSerializer
from coalition.core.choices import ApprovalState
from coalition.core.filters import FilterSet
from coalition.core.models import Approval, Country
from coalition.indicators import scores, scoring, validation
from coalition.indicators.models import APPROVAL_KIND, Answer, Assessment

# The states in which an assessment's answers may change.
CHANGEABLE = {ApprovalState.OPEN, ApprovalState.RETURNED}


class Locked(APIException):
    """409: the assessment is submitted or approved, so its answers do not change."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "locked"
    default_detail = gettext_lazy(
        "This assessment is submitted or approved: its answers cannot change now."
    )


def shown(value):
    """An answer's value as the API gives it: text, a date as YYYY-MM-DD, a number as
    a string without trailing zeros ("12.5"); None when unanswered."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class AnswerSerializer(serializers.ModelSerializer):
    """One indicator's answer: its value (as its answer type reads it), comment, evidence
    link, the names of its evidence files, and its score (0 to 1)."""

    indicator = serializers.CharField(source="indicator.code", read_only=True)
    value = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="yes/partial/no, a number, a level 0–4, a percentage, a text or a "
        "YYYY-MM-DD date, as the indicator's answer type asks; null clears it.",
    )
    files = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = [
            "id",
            "assessment",
            "indicator",
            "value",
            "score",
            "comment",
            "evidence_url",
            "files",
            "updated",
        ]
        read_only_fields = ["id", "assessment", "score", "updated"]

    def get_files(self, answer) -> list[str]:
        return [f.original_name for f in answer.files.all()]

    def to_representation(self, answer):
        data = super().to_representation(answer)
        data["value"] = shown(answer.value)
        return data

    def validate_value(self, raw):
        indicator = self.instance.indicator
        if indicator.computed:
            raise serializers.ValidationError(
                _("%(code)s is computed from other figures: it cannot be typed.")
                % {"code": indicator.code}
            )
        try:
            return validation.parse(indicator, raw)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def update(self, answer, validated_data):
        if "value" in validated_data:
            value = validated_data.pop("value")
            field = scoring.FIELD_OF[answer.indicator.answer_type]
            empty = "" if field in ("choice", "text") else None
            setattr(answer, field, empty if value is None else value)
        return super().update(answer, validated_data)


class AssessmentSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    framework = serializers.CharField(source="framework.code", read_only=True)
    framework_version = serializers.IntegerField(source="framework.version", read_only=True)
    state = serializers.SerializerMethodField()
    answered = serializers.SerializerMethodField()
    indicators = serializers.IntegerField(source="indicator_count", read_only=True)
    score = serializers.SerializerMethodField()
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "country",
            "year",
            "framework",
            "framework_version",
            "state",
            "answered",
            "indicators",
            "score",
            "answers",
            "created",
            "updated",
        ]
        read_only_fields = fields

    def get_state(self, assessment) -> str:
        states = self.context.get("states") or {}
        return states.get((assessment.country_id, assessment.year), ApprovalState.OPEN)

    def get_answered(self, assessment) -> int:
        """Indicators answered (the completion bar: answered of ``indicators``)."""
        return len(validation.values_of(assessment, assessment.answers.all()))

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_score(self, assessment):
        """The overall score (0–100, pillars weighted); null when nothing is scored."""
        found = (self.context.get("scores") or {}).get(assessment.pk)
        # A number, as the schema says and as /api/indicator-scores/ gives it.
        return None if found is None or found.score is None else float(found.score)


class AssessmentFilterSet(FilterSet):
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), to_field_name="iso2", label=gettext_lazy("Country")
    )
    year = django_filters.NumberFilter(
        field_name="year", label=gettext_lazy("Year"), min_value=1900, max_value=2200
    )
    state = django_filters.ChoiceFilter(
        choices=ApprovalState.choices, method="in_state", label=gettext_lazy("State")
    )

    class Meta:
        model = Assessment
        fields = ["country", "year", "state"]

    def in_state(self, queryset, name, value):
        """Assessments in that approval state; "open" also takes those never submitted."""
        from django.db.models import Exists, OuterRef

        moved = Approval.objects.filter(
            kind=APPROVAL_KIND, country_id=OuterRef("country_id"), year=OuterRef("year")
        )
        if value == ApprovalState.OPEN:
            return queryset.exclude(Exists(moved.exclude(state=ApprovalState.OPEN)))
        return queryset.filter(Exists(moved.filter(state=value)))


def _answers():
    return Answer.objects.select_related("indicator").prefetch_related("files")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the indicator assessments you may read, with their answers")
    ),
    retrieve=extend_schema(summary=gettext_lazy("One indicator assessment with its answers")),
)
class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Countries' yearly assessments against a framework version: a draft is read by its
    country's data roles and the regional administrators, an approved one by every member
    and partner. Each gives its state, completion, overall score and answers."""

    access_rule = access.READER
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    ordering_fields = ["year", "country__iso2"]

    def get_queryset(self):
        return (
            access.restrict(Assessment.objects.all(), self.request.user)
            .select_related("country", "framework")
            .annotate(indicator_count=Count("framework__indicators", distinct=True))
            .prefetch_related(Prefetch("answers", queryset=_answers()))
            .order_by("country__iso2", "-year", "pk")
        )

    def get_serializer(self, *args, **kwargs):
        if args:
            rows = args[0] if kwargs.get("many") else [args[0]]
            rows = list(rows)
            context = self.get_serializer_context()
            context["states"] = approvals.states(APPROVAL_KIND, rows)
            context["scores"] = scores.scores_of(rows)
            kwargs["context"] = context
            args = (rows if kwargs.get("many") else rows[0], *args[1:])
        return super().get_serializer(*args, **kwargs)


class AnswerFilterSet(FilterSet):
    assessment = django_filters.NumberFilter(field_name="assessment_id", label="Assessment")

    class Meta:
        model = Answer
        fields = ["assessment"]


LOCKED = OpenApiResponse(
    PreconditionFailedSerializer,
    description=gettext_lazy("Submitted or approved: nothing changed."),
)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the answers of the assessments you may read")),
    retrieve=extend_schema(summary=gettext_lazy("One answer of an assessment")),
    partial_update=extend_schema(
        summary=gettext_lazy("Change an answer's value, comment or evidence link"),
        responses={200: AnswerSerializer, 409: LOCKED},
    ),
)
class AnswerViewSet(
    AuditedWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The answers of assessments, by ``assessment``. Its country's editors (and the
    regional administrators) change an answer while its assessment is open or returned;
    the value is read as the questionnaire reads it (400 naming the indicator)."""

    access_rule = access.READER
    write_rule = access.MANAGER
    serializer_class = AnswerSerializer
    filterset_class = AnswerFilterSet
    http_method_names = ["get", "patch", "head", "options"]
    updated_by_field = "updated_by"

    def get_queryset(self):
        visible = access.restrict(Assessment.objects.all(), self.request.user)
        return (
            _answers()
            .filter(assessment__in=visible)
            .order_by("assessment_id", "indicator__pillar__order", "indicator__order", "pk")
        )

    def scope_of(self, obj):
        return obj.assessment

    def check_object_permissions(self, request, obj):
        # The answer's assessment decides: it carries the country.
        super().check_object_permissions(request, obj.assessment)

    def update(self, request, *args, **kwargs):
        # Refused before the value is read: a locked assessment answers 409 whatever is sent.
        assessment = self.get_object().assessment
        if approvals.state_of(APPROVAL_KIND, assessment.country, assessment.year) not in CHANGEABLE:
            raise Locked()
        return super().update(request, *args, **kwargs)


ROUTES = [
    ("assessments", AssessmentViewSet, "assessment"),
    ("assessment-answers", AnswerViewSet, "assessment-answer"),
]
