"""Serializers of the plans API: plans, objectives and activities (read-only, coalition-wide)
and each country's progress (written by those who may edit that country).

Evidence files are deliberately absent: they are downloaded only through the activity
page's permission-checked view, where every download is audited.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from coalition.core import access
from coalition.core.api import Conflict
from coalition.core.models import Country
from coalition.lib import limits
from coalition.plans import progress as reporting
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import (
    Activity,
    ActivityItem,
    Objective,
    Plan,
    Progress,
    ReportedProgress,
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


class ProductProgressSerializer(serializers.Serializer):
    """A country's progress on one product (deliverable) of the activity."""

    product = serializers.PrimaryKeyRelatedField(
        queryset=ActivityItem.objects.filter(kind=ItemKind.PRODUCT),
        help_text=_("The product (an item of kind product of the activity)."),
    )
    text = serializers.CharField(
        source="product.text", read_only=True, help_text=_("The product, in your language.")
    )
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100, default=0)
    note = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=limits.SUMMARY
    )


class ProgressSerializer(serializers.ModelSerializer):
    """A country's progress on an activity: the activity and the country name the row.

    ``products`` is each product's progress; sending it sets those products' rows and
    computes the activity's status and percent from them (``formula``)."""

    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all())
    plan = serializers.SlugRelatedField(source="activity.plan", slug_field="code", read_only=True)
    ref = serializers.CharField(source="activity.ref", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.active())
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    products = ProductProgressSerializer(
        many=True, required=False, help_text=_("The progress on each product of the activity.")
    )
    formula = serializers.SerializerMethodField(
        help_text=_("How the activity's status and percent are computed from its products.")
    )

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
            "products",
            "formula",
            "updated_by",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "created", "updated"]

    @extend_schema_field(serializers.CharField())
    def get_formula(self, progress):
        return str(reporting.FORMULA)

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
        activity = attrs.get("activity") or getattr(current, "activity", None)
        if "products" in attrs:
            # With products sent, the activity's status and percent are computed from them:
            # a different value sent with them would be silently overwritten.
            for field in ("status", "percent"):
                if field in attrs and attrs[field] != getattr(current, field, None):
                    raise serializers.ValidationError(
                        {
                            field: gettext(
                                "The status and percent of activity %(ref)s are computed from "
                                "its products: send either “products” or these, not both."
                            )
                            % {"ref": activity.ref}
                        }
                    )
        if "products" in attrs:
            self._check_products(activity, attrs["products"])
        return attrs

    @staticmethod
    def _check_products(activity, rows):
        """Each row names a product of ``activity``, once, with a status and a percent that
        agree; the errors name the row (from 1) and the field."""
        errors, seen, wrong = [], set(), False
        for number, row in enumerate(rows, start=1):
            product = row["product"]
            found = {}
            if product.activity_id != activity.pk:
                found["product"] = gettext(
                    "Row %(row)d: %(product)s is not a product of activity %(ref)s."
                ) % {"row": number, "product": product.pk, "ref": activity.ref}
            elif product.pk in seen:
                found["product"] = gettext("Row %(row)d: product %(product)s is repeated.") % {
                    "row": number,
                    "product": product.pk,
                }
            seen.add(product.pk)
            for field, message in progress_errors(row["status"], row["percent"]).items():
                found[field] = gettext("Row %(row)d: %(message)s") % {
                    "row": number,
                    "message": message,
                }
            errors.append({field: [message] for field, message in found.items()})
            wrong = wrong or bool(found)
        if wrong:
            raise serializers.ValidationError({"products": errors})

    def create(self, validated_data):
        products = validated_data.pop("products", None)
        self._ensure_unlocked(validated_data["country"])
        progress = super().create(validated_data)
        self._save_products(progress, products or self._uniform(progress, validated_data))
        return progress

    def update(self, instance, validated_data):
        products = validated_data.pop("products", None)
        self._ensure_unlocked(instance.country)
        before = (instance.status, instance.percent)
        progress = super().update(instance, validated_data)
        if products is None and before == (progress.status, progress.percent):
            return progress  # a whole record sent back unchanged leaves its products alone
        self._save_products(progress, products or self._uniform(progress, validated_data))
        return progress

    @staticmethod
    def _uniform(progress, validated_data):
        """A status or percent changed for an activity with products, without product rows,
        applies to each of its products (so the computed status is the one sent)."""
        if "status" not in validated_data and "percent" not in validated_data:
            return None
        products = ActivityItem.objects.filter(
            activity_id=progress.activity_id, kind=ItemKind.PRODUCT
        )
        notes = dict(progress.products.values_list("product_id", "note"))
        return [
            {
                "product": product,
                "status": progress.status,
                "percent": progress.percent,
                "note": notes.get(product.pk, ""),
            }
            for product in products
        ]

    @staticmethod
    def _ensure_unlocked(country):
        # Called inside the write's transaction (AuditedWriteMixin): a locked country's
        # progress is refused with the reason (409, as the sentences of an approved year).
        try:
            reporting.ensure_unlocked(country)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages), code="locked") from error

    @staticmethod
    def _save_products(progress, rows):
        """Set the products' rows sent, then compute the activity's status from them (a
        whole record sent back with no product rows changes none)."""
        if not rows:
            return
        reporting.set_products(
            progress,
            [(row["product"], row["status"], row["percent"], row.get("note", "")) for row in rows],
        )


class ProgressUpdateSerializer(ProgressSerializer):
    """A change to a progress row: its activity and country stay as they are."""

    activity = serializers.PrimaryKeyRelatedField(read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)


class ReportedProgressSerializer(serializers.ModelSerializer):
    """A country's progress on an activity (``product`` empty) or on one of its products as
    it stood in the country's report of a year."""

    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    plan = serializers.SlugRelatedField(source="activity.plan", slug_field="code", read_only=True)
    ref = serializers.CharField(source="activity.ref", read_only=True)
    product_text = serializers.SerializerMethodField(
        help_text=_("The product, in your language; empty for the activity as a whole.")
    )

    class Meta:
        model = ReportedProgress
        fields = [
            "id",
            "country",
            "year",
            "plan",
            "activity",
            "ref",
            "product",
            "product_text",
            "status",
            "percent",
            "narrative",
            "reported_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_product_text(self, row):
        return row.product.text if row.product_id else ""
