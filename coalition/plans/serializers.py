"""Serializers of the plans API: plans, objectives and activities (read-only, coalition-wide)
and each country's progress (written by those who may edit that country).

Evidence files are deliberately absent: they are downloaded only through the activity
page's permission-checked view, where every download is audited.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from coalition.core import access
from coalition.core.models import Country
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import (
    Activity,
    ActivityItem,
    Objective,
    Plan,
    Progress,
    progress_errors,
)


class PlanSerializer(serializers.ModelSerializer):
    continues = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Plan
        fields = [
            "code",
            "kind",
            "name_es",
            "name_en",
            "subtitle_es",
            "subtitle_en",
            "period",
            "starts",
            "ends",
            "status",
            "source_document",
            "strategic_objective_es",
            "strategic_objective_en",
            "has_verification",
            "continues",
            "notes",
            "created",
            "updated",
        ]
        read_only_fields = fields


class ObjectiveSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "plan", "numeral", "position", "title_es", "title_en"]
        read_only_fields = fields


class ActivityRefSerializer(serializers.ModelSerializer):
    """The activity of an earlier plan that this one continues."""

    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "plan", "ref"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    continues = ActivityRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "plan",
            "objective",
            "ref",
            "position",
            "title_es",
            "title_en",
            "starts",
            "deadline",
            "continues",
            "created",
            "updated",
        ]
        read_only_fields = fields


class ActivityItemSerializer(serializers.ModelSerializer):
    countries = serializers.SlugRelatedField(slug_field="iso2", many=True, read_only=True)
    organizations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ActivityItem
        fields = [
            "text_es",
            "text_en",
            "starts",
            "ends",
            "countries",
            "every_country",
            "regional",
            "organizations",
        ]
        read_only_fields = fields


class ActivityItemsSerializer(serializers.Serializer):
    """The cells of an activity's row, one list per column (in the plan table's order)."""

    product = ActivityItemSerializer(many=True, read_only=True, help_text=_("Products"))
    goal = ActivityItemSerializer(many=True, read_only=True, help_text=_("Goals"))
    verification = ActivityItemSerializer(
        many=True, read_only=True, help_text=_("Verification sources")
    )
    funding = ActivityItemSerializer(many=True, read_only=True, help_text=_("Funding sources"))
    support = ActivityItemSerializer(many=True, read_only=True, help_text=_("Support sources"))
    responsible = ActivityItemSerializer(
        many=True, read_only=True, help_text=_("Responsible parties")
    )

    def to_representation(self, activity):
        # From the prefetched items: no query per column.
        return {
            kind: ActivityItemSerializer(activity.items_of(kind), many=True).data
            for kind in ItemKind.values
        }


class ActivityDetailSerializer(ActivitySerializer):
    items = ActivityItemsSerializer(source="*", read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "items"]
        read_only_fields = fields


class ProgressSerializer(serializers.ModelSerializer):
    """A country's progress on an activity: the activity and the country name the row."""

    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all())
    plan = serializers.SlugRelatedField(source="activity.plan", slug_field="code", read_only=True)
    ref = serializers.CharField(source="activity.ref", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.active())
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Progress
        fields = [
            "id",
            "activity",
            "plan",
            "ref",
            "country",
            "status",
            "percent",
            "narrative",
            "next_steps",
            "updated_by",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "created", "updated"]

    def validate_country(self, country):
        # 403, not a validation message: a 400 naming the country would tell an outsider
        # which countries exist in someone else's scope as well as which are theirs.
        if not access.can_edit_country(self.context["request"].user, country):
            raise PermissionDenied(_("You may not write progress for this country."))
        return country

    def validate(self, attrs):
        current = self.instance
        status = attrs.get("status", getattr(current, "status", ProgressStatus.NOT_STARTED))
        percent = attrs.get("percent", getattr(current, "percent", 0))
        errors = progress_errors(status, percent)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ProgressUpdateSerializer(ProgressSerializer):
    """A change to a progress row: its activity and country stay as they are."""

    activity = serializers.PrimaryKeyRelatedField(read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
