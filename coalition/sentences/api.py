"""REST API of the sentences app: the record-level sentences with their counts (their
country's editors and the regional administrators only; every read audited with the
references served) and each country's offences.

A write keeps the national statistics current in its transaction (``aggregates.refresh``)
and is refused (409) in a year whose sentences are approved.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from coalition.core import access, approvals, audit
from coalition.core.api import AuditedWriteMixin, Conflict
from coalition.core.choices import AuditAction
from coalition.core.models import Country
from coalition.lib import iso3166
from coalition.lib.screening import refuse_identifiers
from coalition.mapping.models import AdminArea
from coalition.sentences import aggregates
from coalition.sentences.choices import Exploitation
from coalition.sentences.filters import OffenceFilterSet, SentenceFilterSet
from coalition.sentences.forms import locked_message
from coalition.sentences.models import (
    APPROVAL_KIND,
    DefendantCount,
    Offence,
    Sentence,
    VictimCount,
    court_file_hash,
)
from coalition.sentences.sharing import api as sharing_api
from coalition.sentences.statistics.api import URLS as STATISTICS_URLS


class Locked(APIException):
    """409: the year's sentences are approved, so nothing of it changes."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "locked"

    def __init__(self):
        super().__init__(locked_message())


def _citizenship(value):
    code = (value or "").upper()
    if not iso3166.is_code(code):
        raise serializers.ValidationError(
            _("“%(value)s” is no ISO 3166 country code (XX: unknown or stateless).")
            % {"value": str(value)[:10]}
        )
    return code


class DefendantCountSerializer(serializers.ModelSerializer):
    count = serializers.IntegerField(min_value=1, max_value=9999)

    class Meta:
        model = DefendantCount
        fields = ["outcome", "sex", "age_group", "citizenship", "count"]

    def validate_citizenship(self, value):
        return _citizenship(value)


class VictimCountSerializer(serializers.ModelSerializer):
    count = serializers.IntegerField(min_value=1, max_value=9999)

    class Meta:
        model = VictimCount
        fields = ["exploitation", "sex", "age_group", "citizenship", "count"]

    def validate_citizenship(self, value):
        return _citizenship(value)


def _unique_cells(rows, cell, message):
    # A PATCH validates nested rows partially: a row may lack a field it cannot do without.
    for number, row in enumerate(rows, start=1):
        missing = [name for name in (*cell, "count") if name not in row]
        if missing:
            raise serializers.ValidationError(
                _("Row %(row)s: %(fields)s required.")
                % {"row": number, "fields": ", ".join(missing)}
            )
    keys = [tuple(row[name] for name in cell) for row in rows]
    if len(keys) != len(set(keys)):
        raise serializers.ValidationError(message)
    return rows


class SentenceSerializer(serializers.ModelSerializer):
    """A final sentence with its counts. ``court_file`` is written, never read: only its
    keyed hash is kept (to refuse duplicates)."""

    country = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.members().active()
    )
    court_file = serializers.CharField(
        write_only=True,
        required=False,
        max_length=100,
        help_text="The court file number: required when creating; kept as a keyed hash only.",
    )
    area = serializers.PrimaryKeyRelatedField(
        queryset=AdminArea.objects.all(), required=False, allow_null=True
    )
    offences = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Offence.objects.all(), required=False
    )
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=Exploitation.choices), required=False
    )
    defendants = DefendantCountSerializer(many=True, required=False)
    victims = VictimCountSerializer(many=True, required=False)
    approval = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = Sentence
        fields = [
            "id",
            "reference",
            "country",
            "court_file",
            "court_level",
            "area",
            "final_date",
            "year",
            "offences",
            "exploitation_forms",
            "prison_years",
            "fine_amount",
            "reparation_ordered",
            "reparation_amount",
            "summary",
            "defendants",
            "victims",
            "approval",
            "page",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "reference", "year", "created", "updated"]
        extra_kwargs = {
            "prison_years": {"min_value": 0},
            "fine_amount": {"min_value": 0},
            "reparation_amount": {"min_value": 0},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        summary = self.fields.get("summary")
        if summary is not None and refuse_identifiers not in summary.validators:
            summary.validators.append(refuse_identifiers)

    def get_approval(self, record) -> str:
        states = self.context.get("states")
        if states is not None:
            return states.get((record.country_id, record.year), "open")
        return approvals.state_of(APPROVAL_KIND, record.country, record.year)

    def get_page(self, record) -> str:
        request = self.context.get("request")
        url = record.get_absolute_url()
        return request.build_absolute_uri(url) if request else url

    def validate_country(self, country):
        ids = access.sentence_country_ids(self.context["request"].user)
        if ids is not None and country.pk not in ids:
            raise PermissionDenied(_("You may not record sentences for this country."))
        return country

    def validate_exploitation_forms(self, forms):
        return [code for code in Exploitation.values if code in forms]

    def validate_defendants(self, rows):
        return _unique_cells(
            rows,
            ("outcome", "sex", "age_group", "citizenship"),
            _("Two rows count the same outcome, sex, age group and citizenship."),
        )

    def validate_victims(self, rows):
        return _unique_cells(
            rows,
            ("exploitation", "sex", "age_group", "citizenship"),
            _("Two rows count the same form of exploitation, sex, age group and citizenship."),
        )

    def validate(self, attrs):
        current = self.instance
        country = attrs.get("country", getattr(current, "country", None))
        final_date = attrs.get("final_date", getattr(current, "final_date", None))
        if current is not None and approvals.is_locked(
            APPROVAL_KIND, current.country_id, current.year
        ):
            raise Locked()
        if final_date is not None and approvals.is_locked(
            APPROVAL_KIND, country.pk, final_date.year
        ):
            raise Locked()
        errors = {}
        area = attrs.get("area", getattr(current, "area", None))
        if area is not None and area.country_id != country.pk:
            errors["area"] = _("Choose an area of %(country)s.") % {"country": country}
        offences = attrs.get("offences")
        if offences and any(o.country_id != country.pk for o in offences):
            errors["offences"] = _("Choose offences of %(country)s's law.") % {"country": country}
        # On a partial change the stored values count as well: unticking reparation_ordered
        # with an amount recorded is refused as an amount without an order.
        ordered = attrs.get("reparation_ordered", getattr(current, "reparation_ordered", False))
        amount = attrs.get("reparation_amount", getattr(current, "reparation_amount", None))
        if amount is not None and not ordered:
            errors["reparation_amount"] = _("An amount of reparation needs reparation_ordered.")
        number = attrs.pop("court_file", None)
        if number:
            digest = court_file_hash(country.iso2, number)
            same = Sentence.objects.filter(country=country, court_file_hash=digest)
            if current is not None:
                same = same.exclude(pk=current.pk)
            if same.exists():
                errors["court_file"] = _("This court file is already recorded in %(country)s.") % {
                    "country": country
                }
            attrs["court_file_hash"] = digest
        elif current is None:
            errors["court_file"] = _("The court file number is required.")
        elif current.country_id != country.pk:
            errors["court_file"] = _("Moving a sentence to another country needs its number.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _save_counts(self, record, defendants, victims):
        if defendants is not None:
            record.defendants.all().delete()
            DefendantCount.objects.bulk_create(
                DefendantCount(sentence=record, **row) for row in defendants
            )
        if victims is not None:
            record.victims.all().delete()
            VictimCount.objects.bulk_create(VictimCount(sentence=record, **row) for row in victims)

    def create(self, validated_data):
        defendants = validated_data.pop("defendants", [])
        victims = validated_data.pop("victims", [])
        record = super().create(validated_data)
        self._save_counts(record, defendants, victims)
        return record

    def update(self, instance, validated_data):
        defendants = validated_data.pop("defendants", None)
        victims = validated_data.pop("victims", None)
        record = super().update(instance, validated_data)
        self._save_counts(record, defendants, victims)
        return record


def _audit_read(request, records, what):
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.VIEW,
            object_type=Sentence._meta.label_lower,
            object_repr=what,
            after={
                "references": [r.reference for r in records],
                "count": len(records),
                "api": True,
            },
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the final sentences of your countries")),
    retrieve=extend_schema(summary=gettext_lazy("One final sentence with its counts")),
    create=extend_schema(summary=gettext_lazy("Record a final sentence")),
    update=extend_schema(summary=gettext_lazy("Replace a final sentence")),
    partial_update=extend_schema(summary=gettext_lazy("Change a final sentence")),
    destroy=extend_schema(summary=gettext_lazy("Delete a final sentence")),
)
class SentenceViewSet(AuditedWriteMixin, viewsets.ModelViewSet):
    """Record-level final sentences: for their country's editors and the regional
    administrators only. Every read is written to the audit log with the references
    served; every write keeps the statistics current and is refused (409) in an approved
    year. Counts sent with a write replace the sentence's counts of that kind."""

    access_rule = access.SENTENCE_READER
    write_rule = access.SENTENCE_READER
    created_by_field = "created_by"
    serializer_class = SentenceSerializer
    filterset_class = SentenceFilterSet
    ordering_fields = ["final_date", "reference"]

    def get_queryset(self):
        return (
            access.restrict(Sentence.objects.all(), self.request.user)
            .select_related("country")
            .prefetch_related("offences", "defendants", "victims")
            .order_by("-final_date", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["states"] = getattr(self, "_states", None)
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        self._states = approvals.states(APPROVAL_KIND, rows)
        _audit_read(request, rows, _("Sentence list (API)"))
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        record = self._record
        with transaction.atomic():
            audit.record(request, AuditAction.VIEW, record, after={"references": [str(record)]})
        return response

    def get_object(self):
        self._record = super().get_object()
        return self._record

    def after_save(self, obj):
        years = {obj.year} | ({self._old[1]} if getattr(self, "_old", None) else set())
        aggregates.refresh(obj.country_id, years)
        if getattr(self, "_old", None) and self._old[0] != obj.country_id:
            aggregates.refresh(self._old[0], [self._old[1]])

    def perform_update(self, serializer):
        self._old = (serializer.instance.country_id, serializer.instance.year)
        super().perform_update(serializer)

    def perform_destroy(self, instance):
        if approvals.is_locked(APPROVAL_KIND, instance.country_id, instance.year):
            raise Locked()
        with transaction.atomic():
            super().perform_destroy(instance)
            aggregates.refresh(instance.country_id, [instance.year])


class OffenceSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.members().active()
    )

    class Meta:
        model = Offence
        fields = ["id", "country", "category", "name", "legal_article", "created", "updated"]
        read_only_fields = ["id", "created", "updated"]

    def validate_country(self, country):
        ids = access.sentence_country_ids(self.context["request"].user)
        if ids is not None and country.pk not in ids:
            raise PermissionDenied(_("You may not write offences for this country."))
        return country


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List each country's offences (legal articles)")),
    retrieve=extend_schema(summary=gettext_lazy("One offence")),
)
class OffenceViewSet(AuditedWriteMixin, viewsets.ModelViewSet):
    """Each country's offences, as its law names them, under a related-offence category:
    read and extended by the country's editors and the regional administrators. An offence
    a sentence names cannot be deleted (409)."""

    access_rule = access.SENTENCE_READER
    write_rule = access.SENTENCE_READER
    serializer_class = OffenceSerializer
    filterset_class = OffenceFilterSet

    def get_queryset(self):
        ids = access.sentence_country_ids(self.request.user)
        rows = Offence.objects.select_related("country").order_by("country__iso2", "pk")
        return rows if ids is None else rows.filter(country_id__in=ids)

    def perform_destroy(self, instance):
        if instance.sentences.exists():
            raise Conflict(_("Sentences name this offence; it cannot be deleted."))
        super().perform_destroy(instance)


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [
    ("sentences", SentenceViewSet, "sentence"),
    ("offences", OffenceViewSet, "offence"),
    *sharing_api.ROUTES,
]
URLS = [*STATISTICS_URLS]
