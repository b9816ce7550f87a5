"""REST API of the core app: countries and organizations, through the access layer."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound, ParseError, PermissionDenied
from rest_framework.routers import APIRootView
from rest_framework.views import exception_handler as drf_exception_handler

from coalition.core import access, audit
from coalition.core.choices import AuditAction, Axis
from coalition.core.filters import CountryFilterSet, OrganizationFilterSet
from coalition.core.models import Country, Organization


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one; it cannot be deleted.")
    default_code = "conflict"


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
    return drf_exception_handler(exc, context)


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


class OrganizationViewSet(viewsets.ModelViewSet):
    """Institutions, each belonging to a country or to the regional level."""

    access_rule = access.READER
    write_rule = access.EDITOR
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "acronym", "kind"]

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).select_related("country")

    def perform_create(self, serializer):
        with transaction.atomic():
            obj = serializer.save()
            access.recheck_editable(self.request.user, obj)
            audit.record(self.request, AuditAction.CREATE, obj, after=audit.snapshot(obj))

    def perform_update(self, serializer):
        with transaction.atomic():
            before = audit.snapshot(Organization.objects.get(pk=serializer.instance.pk))
            obj = serializer.save()
            access.recheck_editable(self.request.user, obj)
            audit.record(
                self.request, AuditAction.UPDATE, obj, before=before, after=audit.snapshot(obj)
            )

    def perform_destroy(self, instance):
        with transaction.atomic():
            before = audit.snapshot(instance)
            audit.record(self.request, AuditAction.DELETE, instance, before=before)
            instance.delete()


class ApiRootView(APIRootView):
    """The API's index: links to each collection."""

    access_rule = access.PUBLIC
    schema = None


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [
    ("countries", CountryViewSet, "country"),
    ("organizations", OrganizationViewSet, "organization"),
]
