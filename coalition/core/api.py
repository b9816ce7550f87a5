"""REST API of the core app: countries and organizations, through the access layer, and
the one way every API viewset writes (``AuditedWriteMixin``)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound, ParseError, PermissionDenied
from rest_framework.routers import APIRootView
from rest_framework.views import exception_handler as drf_exception_handler

from coalition.core import access, audit, concurrency
from coalition.core.choices import AuditAction, Axis
from coalition.core.filters import CountryFilterSet, OrganizationFilterSet
from coalition.core.models import Country, Organization
from coalition.core.schema import AutoSchema


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one; it cannot be deleted.")
    default_code = "conflict"


class PreconditionFailed(APIException):
    """412: the ``If-Match`` of a write names a version the record no longer has."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "This record was changed since you read it, so nothing was saved. Read it again "
        "(its current ETag is in this answer's ETag header), re-apply your change and send "
        "it with If-Match set to that ETag."
    )
    default_code = "precondition_failed"

    def __init__(self, version):
        super().__init__()
        self.etag = quoted(version)


def exception_handler(exc, context):
    """DRF's handler, plus Django's own 404/403 and malformed input as 4xx (never 500)."""
    if isinstance(exc, Http404):
        exc = NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = PermissionDenied()
    request = context.get("request")
    if isinstance(exc, PermissionDenied) and request is not None and request.user.is_authenticated:
        with transaction.atomic():
            audit.record(
                request,
                AuditAction.PERMISSION_DENIED,
                after={"path": request.path, "method": request.method},
            )
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = Conflict()
    elif isinstance(exc, (ValueError, UnicodeDecodeError)):
        exc = ParseError(str(exc))
    response = drf_exception_handler(exc, context)
    if isinstance(exc, PreconditionFailed):
        response["ETag"] = exc.etag
    return response


# --- writes: audited, and refused when stale ---------------------------------------------

# The actions that change one record (and so honour If-Match), and those whose successful
# answer carries the record's ETag.
CONDITIONAL_ACTIONS = ("update", "partial_update", "destroy")
ETAG_ACTIONS = ("retrieve", "create", "update", "partial_update")


def quoted(version):
    """A version as an entity tag: the strong ETag of ``concurrency.version``, quoted."""
    return f'"{version}"'


def if_match_allows(header, version):
    """Does an ``If-Match`` header name ``version``? ``*`` names any. A tag marked weak
    (``W/"…"``, as a compressing proxy rewrites it) or sent without its quotes counts as
    the same version: the version is a digest of the record's state, not of the bytes."""
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/").strip('"') == version:
            return True
    return False


class PreconditionFailedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why nothing was written.")


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_(
        "The ETag of the record as you read it. If the record changed since, nothing is "
        "written and the answer is 412 with the current ETag. Without it, the write is not "
        "checked for changes made in between."
    ),
)


def _etag_header(*codes):
    return OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=list(codes),
        required=True,
        description=_("The record's current version: send it back in If-Match to change it."),
    )


class AuditedWriteSchema(AutoSchema):
    """The OpenAPI side of ``AuditedWriteMixin``: If-Match on the writes of one record,
    their 412 answer, and the ETag header of the answers that carry it."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        action = getattr(self.view, "action", None)
        if action in CONDITIONAL_ACTIONS:
            codes = [412] if action == "destroy" else [200, 412]
            return [*parameters, IF_MATCH, _etag_header(*codes)]
        if action in ETAG_ACTIONS:
            return [*parameters, _etag_header(201 if action == "create" else 200)]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if getattr(self.view, "action", None) in CONDITIONAL_ACTIONS:
            changed = OpenApiResponse(
                PreconditionFailedSerializer,
                description=_("The record changed since the ETag in If-Match: nothing written."),
            )
            responses["412"] = self._get_response_for_code(changed, "412", direction=direction)
        return responses


class AuditedWriteMixin:
    """Every write of an API viewset, written once.

    Creating, changing and deleting a record check that the user may edit the record's
    country before (``ApiMemberPermission``) and after the change (a record cannot be moved
    out of one's scope), and write the change and its audit entry (before and after, the
    model's own ``snapshot()`` when it has one) in one transaction.

    Two writers do not silently overwrite each other: a read of one record answers its
    version in the ``ETag`` header (``concurrency.version``), and a change or deletion
    whose ``If-Match`` names another version is refused with 412 and the current ETag,
    writing nothing. The check runs on the record locked in the write's transaction
    (``select_for_update``, where the database locks rows), so two racing writers cannot
    both pass it. Without ``If-Match`` a write proceeds unchecked, as it always has, so
    existing clients keep working.

    A viewset adds it before DRF's mixins; ``core/tests/test_api_concurrency.py`` fails on
    a writable API viewset without it.
    """

    schema = AuditedWriteSchema()
    # Fields a save stamps with the signed-in user: who created the record, on creation;
    # who changed it last, on every save.
    created_by_field = None
    updated_by_field = None

    _version = None  # the record's version, answered as the ETag

    def after_save(self, obj):
        """Inside the save's transaction, once the access recheck has passed: for records
        that keep more than their row (a progress's revision)."""

    def scope_of(self, obj):
        """The record whose country decides whether the user may change ``obj``: ``obj``
        itself, or the record it is part of when it has no country of its own (an
        assessment's answer)."""
        return obj

    def get_object(self):
        obj = super().get_object()
        if self.request.method in ("GET", "HEAD"):
            self._version = concurrency.version(obj)
        else:
            # Checked early, so a stale write is 412 before its body is validated; checked
            # again on the locked record in the write's transaction.
            self.check_if_match(obj)
        return obj

    def check_if_match(self, obj):
        header = self.request.headers.get("If-Match")
        if header is None:
            return
        current = concurrency.version(obj)
        if not if_match_allows(header, current):
            raise PreconditionFailed(current)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            self._version is not None
            and getattr(self, "action", None) in ETAG_ACTIONS
            and status.is_success(response.status_code)
        ):
            response["ETag"] = quoted(self._version)
        return response

    def perform_create(self, serializer):
        with transaction.atomic():
            obj = serializer.save(**self._stamps(creating=True))
            self._check_and_keep(obj)
            audit.record(self.request, AuditAction.CREATE, obj, after=audit.snapshot_of(obj))
            self._version = self._version_of(obj)

    def perform_update(self, serializer):
        with transaction.atomic():
            before = audit.snapshot_of(self._locked(serializer.instance))
            obj = serializer.save(**self._stamps(creating=False))
            self._check_and_keep(obj)
            audit.record(
                self.request, AuditAction.UPDATE, obj, before=before, after=audit.snapshot_of(obj)
            )
            self._version = self._version_of(obj)

    def perform_destroy(self, instance):
        with transaction.atomic():
            before = audit.snapshot_of(self._locked(instance))
            audit.record(self.request, AuditAction.DELETE, instance, before=before)
            instance.delete()

    def _locked(self, instance):
        """The record as it is now, locked until the transaction ends, still editable by
        the user and at the version ``If-Match`` names."""
        current = type(instance)._base_manager.select_for_update().filter(pk=instance.pk).first()
        if current is None:  # deleted since it was read
            raise NotFound()
        access.recheck_editable(self.request.user, self.scope_of(current))
        self.check_if_match(current)
        return current

    def _stamps(self, creating):
        user = self.request.user
        names = [self.updated_by_field, self.created_by_field if creating else None]
        return {name: user for name in names if name}

    def _check_and_keep(self, obj):
        access.recheck_editable(self.request.user, self.scope_of(obj))
        self.after_save(obj)

    def _version_of(self, obj):
        # Read back, so the ETag is the one the next read of the record answers.
        return concurrency.version(type(obj)._base_manager.get(pk=obj.pk))


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["iso2", "iso3", "name_es", "name_en", "member_since", "active", "is_regional"]


class OrganizationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.active())
    axes = serializers.ListField(
        child=serializers.ChoiceField(choices=Axis.choices), allow_empty=True, required=False
    )

    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "kind", "country", "axes", "created", "updated"]
        read_only_fields = ["id", "created", "updated"]

    def validate_country(self, country):
        user = self.context["request"].user
        # New institutions come from editors and admins; a contributor may only update
        # its own (has_object_permission), never move it to another country.
        allowed = access.can_manage_country if self.instance is None else access.can_edit_country
        if not allowed(user, country):
            raise serializers.ValidationError(_("You may not write data for this country."))
        return country


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """Member countries and the regional level. The list of members is public."""

    access_rule = access.PUBLIC
    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    lookup_field = "iso2"
    ordering_fields = ["name_es", "name_en", "iso2"]


class OrganizationViewSet(AuditedWriteMixin, viewsets.ModelViewSet):
    """Institutions, each belonging to a country or to the regional level."""

    access_rule = access.READER
    write_rule = access.EDITOR
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "acronym", "kind"]

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).select_related("country")


class ApiRootView(APIRootView):
    """The API's index: links to each collection."""

    access_rule = access.PUBLIC
    schema = None


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [
    ("countries", CountryViewSet, "country"),
    ("organizations", OrganizationViewSet, "organization"),
]
