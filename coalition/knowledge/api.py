"""REST API of knowledge and cooperation: SWOTs with their items, good practices,
cooperation agreements and campaigns with their materials.

Readers read what their roles let them see (partners: the regional level); those who may
edit a record's country create and change it, and every change is audited in the same
transaction. Records are not deleted through the API, and a practice's review (reviewed,
published) is done on its page.

Files (a practice's or an agreement's documents, a campaign's materials) are listed, never
served: they are downloaded from the record's page, where every download is checked and
audited. Directory contacts (a practice's contact, an agreement's focal points) are
personal data: they come as ids, and only to the data roles of the contact's country;
anyone else gets null (or no id). The public site does not use this API.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from coalition.core import access
from coalition.core.api import AuditedWriteMixin
from coalition.core.models import Country, Organization
from coalition.directory.models import Contact
from coalition.knowledge.agreements.forms import AGREEMENT_FIELDS, date_errors
from coalition.knowledge.campaigns.forms import CAMPAIGN_FIELDS
from coalition.knowledge.choices import Audience, Channel, Language
from coalition.knowledge.filters import (
    AgreementFilterSet,
    CampaignFilterSet,
    PracticeFilterSet,
    SwotFilterSet,
)
from coalition.knowledge.models import (
    Agreement,
    AgreementDocument,
    Campaign,
    CampaignMaterial,
    Practice,
    PracticeDocument,
    Swot,
    SwotItem,
)
from coalition.knowledge.practices.forms import PRACTICE_FIELDS
from coalition.plans.models import Activity

# Dates and years are within these (a mistyped year such as 0202 is caught).
FIRST_YEAR, LAST_YEAR = 1990, 2100
SWOT_FIRST_YEAR = 2000


def _year_error(first=FIRST_YEAR):
    return _("Enter a year between %(first)s and %(last)s.") % {"first": first, "last": LAST_YEAR}


def _check_dates(attrs, instance, names):
    """``{field: message}`` for each date of ``names`` outside the years we take."""
    errors = {}
    for name in names:
        day = attrs.get(name, getattr(instance, name, None))
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            errors[name] = _("Enter a date between %(first)s and %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    return errors


def _value(attrs, instance, name):
    return attrs[name] if name in attrs else getattr(instance, name, None)


# --- fields --------------------------------------------------------------------------------


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """The id of a row the caller may see; any other id "does not exist"."""

    def get_queryset(self):
        return access.restrict(super().get_queryset(), self.context["request"].user)


class SourceItemField(serializers.PrimaryKeyRelatedField):
    """The id of an item of a SWOT the caller may see."""

    def get_queryset(self):
        swots = access.restrict(Swot.objects.all(), self.context["request"].user)
        return SwotItem.objects.filter(swot__in=swots)


def _ordered(values, choices):
    """Each value once, in the order of its choices."""
    order = list(choices.values)
    return sorted(set(values), key=order.index)


def _choice_list(choices, help_text):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices.choices),
        required=False,
        help_text=help_text,
    )


def _keep_hidden(serializer, instance, name, given):
    """``given`` plus the rows of the M2M ``name`` that the caller cannot see (and so could
    not send back): an update never drops links it did not show."""
    if instance is None:
        return list(given)
    field = serializer.fields[name].child_relation
    hidden = getattr(instance, name).exclude(pk__in=field.get_queryset().values("pk"))
    return [*given, *hidden]


def _sees_person(context, contact):
    ids = context.get("people_country_ids", set())
    return ids is None or contact.country_id in ids


def _page(serializer, obj):
    request = serializer.context.get("request")
    url = obj.get_absolute_url()
    return request.build_absolute_uri(url) if request else url


class CountryScopedSerializer(serializers.ModelSerializer):
    """A record of one country (ISO code) or of the regional level (XR), with its page."""

    country = serializers.SlugRelatedField(
        slug_field="iso2",
        queryset=Country.objects.active(),
        help_text="ISO code of a member country, or XR for the regional level.",
    )
    page = serializers.SerializerMethodField()

    def get_page(self, obj) -> str:
        return _page(self, obj)

    def validate_country(self, country):
        # 403, not a validation message naming the country (as in the events API).
        if not access.can_edit_country(self.context["request"].user, country):
            raise PermissionDenied(_("You may not write data for this country."))
        return country


class FileSerializer(serializers.Serializer):
    """A stored file, described: it is downloaded from the record's page."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    description = serializers.CharField(read_only=True)


# --- SWOT ----------------------------------------------------------------------------------


class SwotItemSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False,
        help_text="An existing item of this SWOT, kept (with the regional items made from "
        "it); leave it out for a new item.",
    )
    sources = SourceItemField(
        many=True,
        required=False,
        help_text="The items (of other SWOTs) this one was consolidated from; left out: unchanged.",
    )

    class Meta:
        model = SwotItem
        fields = ["id", "quadrant", "axis", "text", "evidence", "sources"]

    def to_representation(self, item):
        data = super().to_representation(item)
        # Only the sources the caller may see: another country's item is not revealed.
        visible = self.context.get("visible_country_ids", set())
        data["sources"] = [
            source.pk
            for source in item.sources.all()
            if visible is None or source.swot.country_id in visible
        ]
        return data


class SwotSerializer(CountryScopedSerializer):
    """A SWOT (FODA) of one country or of the region for one exercise, with its items."""

    items = SwotItemSerializer(
        many=True,
        required=False,
        help_text="Every item of the SWOT, in order. Sent, it replaces them in one go: items "
        "with an id are kept and changed, those without are added, those left out are "
        "deleted.",
    )

    class Meta:
        model = Swot
        fields = ["id", "country", "year", "summary", "items", "page", "created", "updated"]
        read_only_fields = ["id", "created", "updated"]
        # One SWOT per country and year: checked in validate(), so the error names "year".
        validators = []

    def validate_year(self, year):
        if not SWOT_FIRST_YEAR <= year <= LAST_YEAR:  # the model's constraint
            raise serializers.ValidationError(_year_error(SWOT_FIRST_YEAR))
        return year

    def validate_items(self, items):
        own = set(self.instance.items.values_list("pk", flat=True)) if self.instance else set()
        errors, seen = {}, set()
        for index, item in enumerate(items):
            error = {}
            pk = item.get("id")
            if pk is not None:
                if pk not in own:
                    error["id"] = [_("Not an item of this SWOT.")]
                elif pk in seen:
                    error["id"] = [_("This item is listed twice.")]
                seen.add(pk)
            sources = item.get("sources") or []
            if self.instance and any(s.swot_id == self.instance.pk for s in sources):
                error["sources"] = [_("An item cannot be consolidated from its own SWOT.")]
            if error:
                # Keyed by position, as DRF reports an item's field errors.
                errors[str(index)] = error
        if errors:
            raise serializers.ValidationError(errors)
        return items

    def validate(self, attrs):
        country = _value(attrs, self.instance, "country")
        year = _value(attrs, self.instance, "year")
        taken = Swot.objects.filter(country=country, year=year)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if country is not None and year is not None and taken.exists():
            raise serializers.ValidationError(
                {
                    "year": _("%(country)s already has a SWOT for %(year)s.")
                    % {"country": country, "year": year}
                }
            )
        return attrs

    def create(self, validated_data):
        items = validated_data.pop("items", [])
        swot = Swot.objects.create(**validated_data)
        self._save_items(swot, items)
        return swot

    def update(self, swot, validated_data):
        items = validated_data.pop("items", None)
        for name, value in validated_data.items():
            setattr(swot, name, value)
        swot.save()
        if items is not None:
            self._save_items(swot, items)
        return swot

    def _save_items(self, swot, items):
        existing = {item.pk: item for item in swot.items.all()}
        kept = []
        for position, data in enumerate(items, start=1):
            data = dict(data)
            sources = data.pop("sources", None)
            item = existing.get(data.pop("id", None)) or SwotItem(swot=swot)
            for name, value in data.items():
                setattr(item, name, value)
            item.position = position
            item.save()
            kept.append(item.pk)
            if sources is not None:
                if item.pk in existing:
                    # Sources the caller cannot see (and so could not send back) stay.
                    visible = self._visible_items()
                    sources = [*sources, *item.sources.exclude(pk__in=visible.values("pk"))]
                item.sources.set(sources)
        swot.items.exclude(pk__in=kept).delete()

    def _visible_items(self):
        swots = access.restrict(Swot.objects.all(), self.context["request"].user)
        return SwotItem.objects.filter(swot__in=swots)


# --- good practices ------------------------------------------------------------------------


class PracticeSerializer(CountryScopedSerializer):
    """A good practice. ``contact`` is a directory contact's id, for the data roles of its
    country only (null for anyone else); the review status is set on the practice's page."""

    institution = ScopedPrimaryKeyField(
        queryset=Organization.objects.all(), allow_null=True, required=False
    )
    contact = ScopedPrimaryKeyField(
        queryset=Contact.objects.all(),
        allow_null=True,
        required=False,
        help_text="Id of a directory contact; null for those who may not see it.",
    )
    documents = FileSerializer(many=True, read_only=True)
    awaiting_review = serializers.BooleanField(
        source="has_pending_edit",
        read_only=True,
        help_text="Published, and changed since: the public site still shows the published "
        "version until the changes are published on the practice's page.",
    )

    class Meta:
        model = Practice
        fields = [
            "id",
            *PRACTICE_FIELDS,
            "status",
            "awaiting_review",
            "reviewed_at",
            "published_at",
            "documents",
            "page",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "status", "reviewed_at", "published_at", "created", "updated"]

    def to_representation(self, practice):
        data = super().to_representation(practice)
        contact = practice.contact
        data["contact"] = contact.pk if contact and _sees_person(self.context, contact) else None
        return data

    def validate_year(self, year):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise serializers.ValidationError(_year_error())
        return year

    def validate(self, attrs):
        # As on the page: an institution of the practice's country, or a regional one.
        country = _value(attrs, self.instance, "country")
        institution = _value(attrs, self.instance, "institution")
        if (
            country is not None
            and institution is not None
            and institution.country_id != country.pk
            and not institution.country.is_regional
        ):
            raise serializers.ValidationError(
                {
                    "institution": _("Choose an institution of %(country)s or a regional one.")
                    % {"country": country.name}
                }
            )
        return attrs

    def update(self, practice, validated_data):
        # A contact the caller may not see is kept when the body does not name another.
        if "contact" in validated_data and validated_data["contact"] is None:
            contact = practice.contact
            if contact is not None and not _sees_person(self.context, contact):
                validated_data.pop("contact")
        return super().update(practice, validated_data)


# --- cooperation agreements ----------------------------------------------------------------


class AgreementSerializer(CountryScopedSerializer):
    """A cooperation agreement (convenio): its parties (member countries by ISO code,
    organizations by id), dates, linked plan activities and documents. Focal points are
    directory contacts' ids, listed only to the data roles of each contact's country."""

    party_countries = serializers.SlugRelatedField(
        slug_field="iso2", many=True, queryset=Country.objects.members(), required=False
    )
    party_organizations = ScopedPrimaryKeyField(
        many=True, queryset=Organization.objects.all(), required=False
    )
    focal_points = ScopedPrimaryKeyField(many=True, queryset=Contact.objects.all(), required=False)
    activities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Activity.objects.all(), required=False
    )
    documents = FileSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            *AGREEMENT_FIELDS,
            "documents",
            "alert_sent_on",
            "page",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "alert_sent_on", "created", "updated"]

    def to_representation(self, agreement):
        data = super().to_representation(agreement)
        data["focal_points"] = [
            c.pk for c in agreement.focal_points.all() if _sees_person(self.context, c)
        ]
        return data

    def validate(self, attrs):
        instance = self.instance
        names = ["signed_on", "effective_on", "expires_on"]
        # The form's rules (dates in order, a signed agreement has its date), field by field.
        errors = _check_dates(attrs, instance, names) or date_errors(
            *(_value(attrs, instance, name) for name in ["status", *names])
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def update(self, agreement, validated_data):
        for name in ("party_organizations", "focal_points"):
            if name in validated_data:
                validated_data[name] = _keep_hidden(self, agreement, name, validated_data[name])
        return super().update(agreement, validated_data)


# --- campaigns -----------------------------------------------------------------------------


class MaterialSerializer(serializers.ModelSerializer):
    """A campaign material, described: it is downloaded from the campaign's page."""

    class Meta:
        model = CampaignMaterial
        fields = ["id", "kind", "title", "language", "approved", "published"]
        read_only_fields = fields


class CampaignSerializer(CountryScopedSerializer):
    """An awareness campaign, national or regional (XR), with its channels, audiences,
    languages, reach and materials (read-only: uploaded and approved on its page)."""

    channels = _choice_list(Channel, "Channels the campaign runs on.")
    audiences = _choice_list(Audience, "Who the campaign speaks to.")
    languages = _choice_list(Language, "Languages of the campaign.")
    organizations = ScopedPrimaryKeyField(
        many=True, queryset=Organization.objects.all(), required=False
    )
    activities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Activity.objects.all(), required=False
    )
    materials = MaterialSerializer(many=True, read_only=True)
    awaiting_review = serializers.BooleanField(
        source="has_pending_edit",
        read_only=True,
        help_text="Public, and changed since: the public site still shows the published "
        "version until the changes are published on the campaign's page.",
    )

    class Meta:
        model = Campaign
        fields = [
            "id", *CAMPAIGN_FIELDS, "materials", "awaiting_review", "page", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["id", "created", "updated"]

    def validate_channels(self, values):
        return _ordered(values, Channel)

    def validate_audiences(self, values):
        return _ordered(values, Audience)

    def validate_languages(self, values):
        return _ordered(values, Language)

    def validate(self, attrs):
        errors = _check_dates(attrs, self.instance, ["starts", "ends"])
        starts = _value(attrs, self.instance, "starts")
        ends = _value(attrs, self.instance, "ends")
        if not errors and starts and ends and ends < starts:
            errors["ends"] = _("A campaign cannot end before it starts.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def update(self, campaign, validated_data):
        if "organizations" in validated_data:
            validated_data["organizations"] = _keep_hidden(
                self, campaign, "organizations", validated_data["organizations"]
            )
        return super().update(campaign, validated_data)


# --- viewsets ------------------------------------------------------------------------------


class KnowledgeViewSet(
    AuditedWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Read by every reader within their scope, written by those who may edit the record's
    country (403 to read-only users), every change audited; never deleted here."""

    access_rule = access.READER
    write_rule = access.EDITOR  # read-only users get 403 on POST/PUT/PATCH
    created_by_field = "created_by"

    def get_serializer_context(self):
        user = self.request.user
        return {
            **super().get_serializer_context(),
            "visible_country_ids": access.visible_country_ids(user),
            "people_country_ids": access.people_country_ids(user),
        }


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the SWOTs the user may see, with their items")),
    retrieve=extend_schema(summary=gettext_lazy("One SWOT with its items")),
    create=extend_schema(summary=gettext_lazy("Record a SWOT with its items")),
    update=extend_schema(summary=gettext_lazy("Replace a SWOT and its items")),
    partial_update=extend_schema(summary=gettext_lazy("Change a SWOT (and its items, when sent)")),
)
class SwotViewSet(KnowledgeViewSet):
    """SWOT analyses (FODA), one per country (or the regional level) and exercise, with
    their strengths, weaknesses, opportunities and threats by axis of action. A regional
    item names the country items it was consolidated from (``sources``: those the caller
    may see). Sending ``items`` replaces them all in one transaction."""

    serializer_class = SwotSerializer
    filterset_class = SwotFilterSet
    ordering_fields = ["year"]

    def get_queryset(self):
        sources = SwotItem.objects.select_related("swot").order_by("pk")
        items = SwotItem.objects.prefetch_related(Prefetch("sources", queryset=sources))
        return (
            Swot.objects.visible_to(self.request.user)
            .select_related("country")
            .prefetch_related(Prefetch("items", queryset=items))
            .order_by("-year", "country__name_es", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the good practices the user may see")),
    retrieve=extend_schema(summary=gettext_lazy("One good practice")),
    create=extend_schema(summary=gettext_lazy("Record a good practice (as a draft)")),
    update=extend_schema(summary=gettext_lazy("Replace a good practice")),
    partial_update=extend_schema(summary=gettext_lazy("Change a good practice")),
)
class PracticeViewSet(KnowledgeViewSet):
    """Good practices of every status the user may see; a new one is a draft, reviewed
    and published on its page. A contributor records and changes the practices of its own
    institution. Documents are listed, and downloaded from the practice's page."""

    serializer_class = PracticeSerializer
    filterset_class = PracticeFilterSet
    # Sorting is the FilterSet's ``ordering``: DRF's own would read the same parameter.
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        documents = PracticeDocument.objects.order_by("original_name", "pk")
        return (
            Practice.objects.visible_to(self.request.user)
            .select_related("country", "contact")
            .prefetch_related(Prefetch("documents", queryset=documents))
            .order_by("title", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the cooperation agreements the user may see")),
    retrieve=extend_schema(summary=gettext_lazy("One cooperation agreement")),
    create=extend_schema(summary=gettext_lazy("Record a cooperation agreement")),
    update=extend_schema(summary=gettext_lazy("Replace a cooperation agreement")),
    partial_update=extend_schema(summary=gettext_lazy("Change a cooperation agreement")),
)
class AgreementViewSet(KnowledgeViewSet):
    """Cooperation agreements (convenios) with police, prosecutors, migration and the
    judiciary: parties, status, dates (signed, in force, expires) and the plan activities
    they verify ("Convenios o acuerdos firmados"). ``expires_before`` finds those due."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        documents = AgreementDocument.objects.order_by("original_name", "pk")
        return (
            Agreement.objects.visible_to(self.request.user)
            .select_related("country")
            .prefetch_related(
                "party_countries",
                "party_organizations",
                "focal_points",
                "activities",
                Prefetch("documents", queryset=documents),
            )
            .order_by("title", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the campaigns the user may see, with their materials")
    ),
    retrieve=extend_schema(summary=gettext_lazy("One campaign with its materials")),
    create=extend_schema(summary=gettext_lazy("Record a campaign")),
    update=extend_schema(summary=gettext_lazy("Replace a campaign")),
    partial_update=extend_schema(summary=gettext_lazy("Change a campaign")),
)
class CampaignViewSet(KnowledgeViewSet):
    """Awareness campaigns, national or regional (objective IV): channels, audiences,
    languages, reach figures and the plan activities they verify. Materials are listed
    (kind, title, language, approved, published); they are uploaded, approved and
    downloaded on the campaign's page."""

    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        materials = CampaignMaterial.objects.order_by("title", "pk")
        return (
            Campaign.objects.visible_to(self.request.user)
            .select_related("country")
            .prefetch_related(
                "organizations", "activities", Prefetch("materials", queryset=materials)
            )
            .order_by("-starts", "title", "pk")
        )


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [
    ("swots", SwotViewSet, "swot"),
    ("practices", PracticeViewSet, "practice"),
    ("agreements", AgreementViewSet, "agreement"),
    ("campaigns", CampaignViewSet, "campaign"),
]
