"""REST API of the referrals between victim-assistance offices, through the same access
layer and workflow as the pages.

A referral is seen by the people of its two offices, their countries' editors and the
regional administrators (``Referral.objects.visible_to``); anyone else gets 404. It is
sent, moved and written on only through ``coordination.workflow`` (``send``, ``move``,
``post_message``): there is no PUT, PATCH or DELETE. Every read is audited
(``workflow.record_read``), never with free text.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from coalition.coordination import workflow
from coalition.coordination.choices import (
    NEEDS_REASON,
    AgeGroup,
    Need,
    Side,
    Status,
)
from coalition.coordination.filters import ReferralFilterSet
from coalition.coordination.models import Referral, ReferralMessage, ReferralStep
from coalition.coordination.referrals.forms import ReferralForm
from coalition.core import access, audit
from coalition.core.api import CONDITIONAL_ACTIONS, AuditedWriteMixin
from coalition.core.choices import AuditAction, Exploitation, Language, Sex
from coalition.core.models import Organization
from coalition.lib import iso3166, limits
from coalition.lib.screening import refuse_identifiers


def _name(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


# --- serializers -------------------------------------------------------------------------


class ReferralOfficeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name"]
        read_only_fields = fields


class ReferralStepSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text=gettext_lazy("Who made the move."))

    class Meta:
        model = ReferralStep
        fields = ["status", "side", "at", "actor", "note"]
        read_only_fields = fields

    def get_actor(self, step) -> str | None:
        return _name(step.actor)


def _codes(choices, **kwargs):
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), **kwargs)


class ReferralSerializer(serializers.ModelSerializer):
    """A referral as the API serves it: never the person's identity, never another
    referral's data. The summary is null once the free text was purged."""

    sender = ReferralOfficeSerializer(read_only=True)
    receiver = ReferralOfficeSerializer(read_only=True)
    country = serializers.SlugRelatedField(
        slug_field="iso2",
        read_only=True,
        help_text=gettext_lazy("Country of the sending office."),
    )
    receiving_country = serializers.SlugRelatedField(
        slug_field="iso2",
        read_only=True,
        help_text=gettext_lazy("Country of the receiving office."),
    )
    acknowledgement_overdue = serializers.SerializerMethodField()
    response_overdue = serializers.SerializerMethodField()
    languages = _codes(Language.choices, read_only=True)
    needs = _codes(Need.choices, read_only=True)
    exploitation = _codes(Exploitation.choices, read_only=True)
    summary = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Null once the referral's free text was purged."),
    )
    steps = ReferralStepSerializer(many=True, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "sender",
            "receiver",
            "country",
            "receiving_country",
            "kind",
            "urgency",
            "sent_at",
            "acknowledge_by",
            "respond_by",
            "acknowledgement_overdue",
            "response_overdue",
            "age_group",
            "sex",
            "nationality",
            "languages",
            "needs",
            "exploitation",
            "consent",
            "consent_on",
            "summary",
            "status",
            "acknowledged_at",
            "closed_at",
            "purged_at",
            "created",
            "updated",
            "steps",
        ]
        read_only_fields = fields

    def _now(self):
        return self.context.setdefault("now", timezone.now())

    def get_acknowledgement_overdue(self, referral) -> bool:
        return referral.acknowledgement_overdue(self._now())

    def get_response_overdue(self, referral) -> bool:
        return referral.response_overdue(self._now())

    def to_representation(self, referral):
        data = super().to_representation(referral)
        if referral.purged_at is not None:
            data["summary"] = None
        return data


class ReferralSendSerializer(serializers.ModelSerializer):
    """What a sending office writes: the two offices, the type and urgency, the minimal
    profile, the consent and a summary that identifies nobody."""

    sender = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        help_text=gettext_lazy("Your office (id): one you work for, offering victim services."),
    )
    receiver = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        help_text=gettext_lazy("The office asked for help (id), offering victim services."),
    )
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    nationality = serializers.ChoiceField(
        choices=sorted(iso3166.codes()),
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("ISO 3166 alpha-2 code; XX when unknown."),
    )
    languages = _codes(Language.choices, required=False)
    needs = _codes(Need.choices, required=False)
    exploitation = _codes(Exploitation.choices, required=False)
    summary = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=limits.SUMMARY,
        validators=[refuse_identifiers],
        help_text=gettext_lazy(
            "What happened and what is asked, without anything that identifies the person."
        ),
    )

    class Meta:
        model = Referral
        # What the send page asks, in its order.
        fields = ReferralForm.Meta.fields

    def validate_sender(self, office):
        user = self.context["request"].user
        if not Organization.objects.filter(access.office_scope(user), pk=office.pk).exists():
            raise serializers.ValidationError(_("You do not send referrals for this office."))
        if not office.services:
            raise serializers.ValidationError(_("This office offers no services to victims."))
        return office

    def validate_receiver(self, office):
        if not office.services:
            raise serializers.ValidationError(_("This office offers no services to victims."))
        return office

    def validate(self, attrs):
        if attrs["sender"].pk == attrs["receiver"].pk:
            raise serializers.ValidationError(
                {"receiver": [_("Choose another office than the sending one.")]}
            )
        for name in ("languages", "needs", "exploitation"):
            if name in attrs:
                attrs[name] = list(dict.fromkeys(attrs[name]))
        return attrs


class ReferralMoveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Status.choices, help_text=gettext_lazy("The status to take the referral to.")
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=limits.NOTE,
        validators=[refuse_identifiers],
        help_text=gettext_lazy(
            "Why, for a decline or a cancellation (required then). Never anything that "
            "identifies the person."
        ),
    )


class ReferralMessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = ReferralMessage
        fields = ["id", "side", "author", "sent_at", "text", "read_at"]
        read_only_fields = fields

    def get_author(self, message) -> str | None:
        return _name(message.author)


class ReferralMessageWriteSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=limits.SUMMARY,
        validators=[refuse_identifiers],
        help_text=gettext_lazy(
            "Text only, to the other office: no phone number, e-mail, document number or "
            "birth date."
        ),
    )
    side = serializers.ChoiceField(
        choices=Side.choices,
        required=False,
        help_text=gettext_lazy(
            "The side you write for, when you act for both (a country editor of both "
            "countries); else your one side."
        ),
    )


# --- the viewset ----------------------------------------------------------------------------


def _field_errors(error, default):
    """A Django ValidationError of the workflow as the API's 400, by field."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({default: error.messages})


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()


NOT_WRITTEN = OpenApiResponse(
    RefusalSerializer,
    description=gettext_lazy(
        "You do not act for the side that may do this (the regional administrators read only)."
    ),
)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List the referrals you see"),
        description=gettext_lazy(
            "Referrals between victim-assistance offices seen by you: those of your offices, "
            "of the countries you edit, or all for a regional administrator. Filtered with "
            "the inbox's parameters. Every read is audited."
        ),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("One referral with its steps"),
        description=gettext_lazy(
            "A referral you see, with the time and author of every step; 404 for anyone "
            "else. The read is audited."
        ),
    ),
    create=extend_schema(
        summary=gettext_lazy("Send a referral to another office"),
        description=gettext_lazy(
            "Sends a referral from an office you work for (or of a country you edit) to an "
            "office offering victim services. The system gives it its pseudonymous "
            "reference and deadlines. A referral is never changed nor deleted through the "
            "API: it moves only through its workflow (the move action)."
        ),
        request=ReferralSendSerializer,
        responses={201: ReferralSerializer},
    ),
)
class ReferralViewSet(
    AuditedWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Referrals between victim-assistance offices. There is no PUT, PATCH or DELETE: a
    referral is sent (POST), then moves through its workflow (``move``), and its offices
    write to each other (``messages``)."""

    access_rule = access.OFFICE
    write_rule = access.SENDER
    serializer_class = ReferralSerializer
    # The inbox's filters and sorting (``coordination.filters``): the same parameters.
    filterset_class = ReferralFilterSet
    filter_backends = [DjangoFilterBackend]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        steps = ReferralStep.objects.select_related("actor").order_by("at", "pk")
        return (
            Referral.objects.visible_to(self.request.user)
            .select_related("sender", "receiver", "country", "receiving_country")
            .prefetch_related(Prefetch("steps", queryset=steps))
            .order_by("-sent_at", "-pk")
        )

    def get_serializer_class(self):
        return ReferralSendSerializer if self.action == "create" else ReferralSerializer

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        with transaction.atomic():
            audit.record(
                request,
                AuditAction.VIEW,
                object_type=Referral._meta.label_lower,
                object_repr=_("Referral list (API)"),
                after={"read": "api-list", "references": [r.reference for r in rows]},
            )
        data = ReferralSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        referral = self.get_object()
        workflow.record_read(request, referral, "api")
        return Response(self._served(referral))

    def create(self, request, *args, **kwargs):
        serializer = ReferralSendSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            made = workflow.send(request, Referral(**serializer.validated_data))
        except DjangoValidationError as error:
            raise _field_errors(error, "summary") from error
        self._version = self._version_of(made)
        return Response(self._served(made), status=status.HTTP_201_CREATED)

    def check_if_match(self, obj):
        # Only a change or deletion of the record honours If-Match, and a referral has
        # neither: its moves and messages are checked by the workflow.
        if self.action in CONDITIONAL_ACTIONS:
            super().check_if_match(obj)

    def _served(self, referral):
        fresh = self.get_queryset().get(pk=referral.pk)
        return ReferralSerializer(fresh, context=self.get_serializer_context()).data

    @extend_schema(
        summary=gettext_lazy("Move a referral to its next status"),
        description=gettext_lazy(
            "The receiving office acknowledges, works on, completes or declines a referral; "
            "the sending office may cancel it. A decline or a cancellation needs a note "
            "saying why. The only way a referral changes."
        ),
        request=ReferralMoveSerializer,
        responses={200: ReferralSerializer, 403: NOT_WRITTEN},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def move(self, request, pk=None):
        referral = self.get_object()
        serializer = ReferralMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        to, note = serializer.validated_data["status"], serializer.validated_data.get("note", "")
        try:
            workflow.move(request, referral, to, note)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error) or None) from error
        except DjangoValidationError as error:
            field = "note" if to in NEEDS_REASON and not note.strip() else "status"
            raise _field_errors(error, field) from error
        return Response(self._served(referral))

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("The messages between the two offices on a referral"),
        description=gettext_lazy("Oldest first. The read is audited."),
        responses={200: ReferralMessageSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary=gettext_lazy("Write a message to the other office"),
        description=gettext_lazy(
            "Text only, screened: a message holding a phone number, an e-mail address, a "
            "document number or a birth date is refused (400) without the value being "
            "repeated. Only the people acting for a side write."
        ),
        request=ReferralMessageWriteSerializer,
        responses={201: ReferralMessageSerializer, 403: NOT_WRITTEN},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
        url_path="messages",
        url_name="messages",
    )
    def messages(self, request, pk=None):
        referral = self.get_object()
        if request.method == "POST":
            return self._post_message(request, referral)
        rows = ReferralMessage.objects.filter(referral=referral).select_related("author")
        workflow.record_read(request, referral, "api-messages")
        return Response(ReferralMessageSerializer(rows.order_by("sent_at", "pk"), many=True).data)

    def _post_message(self, request, referral):
        serializer = ReferralMessageWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = workflow.post_message(
                request,
                referral,
                serializer.validated_data["text"],
                side=serializer.validated_data.get("side"),
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error) or None) from error
        except DjangoValidationError as error:
            raise _field_errors(error, "text") from error
        return Response(ReferralMessageSerializer(message).data, status=status.HTTP_201_CREATED)


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [("referrals", ReferralViewSet, "referral")]
URLS = []
