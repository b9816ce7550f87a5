"""REST API of the directory: contacts and institutions, read-only, through the access
layer. Members read what their roles let them see; anyone, signed in or not, reads the
public records (institutions flagged public, public institutional lines). Addresses are
only for the data roles of the institution's country. Changes go through the pages and
the import, where they are checked and audited."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from coalition.core import access
from coalition.core.filters import OrganizationFilterSet
from coalition.core.models import Organization
from coalition.core.schema import OptionalURLField
from coalition.directory.filters import ContactFilterSet
from coalition.directory.models import Contact


class ContactSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    institution = serializers.CharField(source="organization.name", read_only=True)
    stale = serializers.BooleanField(source="is_stale", read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "kind",
            "name",
            "position",
            "organization",
            "institution",
            "country",
            "axes",
            "phones",
            "emails",
            "languages",
            "international",
            "public",
            "last_verified",
            "stale",
        ]
        read_only_fields = fields


class InstitutionSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    stale = serializers.BooleanField(source="is_stale", read_only=True)
    address = serializers.SerializerMethodField()
    website = OptionalURLField(read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "acronym",
            "kind",
            "country",
            "axes",
            "services",
            "populations",
            "coverage",
            "capacity",
            "opening_hours",
            "phones",
            "emails",
            "website",
            "address",
            "public",
            "last_verified",
            "stale",
        ]
        read_only_fields = fields

    def get_address(self, organization) -> str | None:
        """Only for the data roles of the institution's country: a shelter's is secret."""
        people = self.context.get("people_country_ids", set())
        if people is None or organization.country_id in people:
            return organization.address
        return None


def _public_or(queryset, visible):
    return queryset.filter(Q(pk__in=visible.values("pk")) | Q(public=True))


@extend_schema_view(
    list=extend_schema(summary=_("Contacts the caller may see, and the public lines")),
    retrieve=extend_schema(summary=_("One contact")),
)
class ContactViewSet(viewsets.ReadOnlyModelViewSet):
    """Key contacts. Anonymous callers and partners get the public institutional lines
    only; the data roles also the contacts of their countries and the regional level."""

    access_rule = access.PUBLIC
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    ordering_fields = ["name", "last_verified"]

    def get_queryset(self):
        visible = access.restrict(Contact.objects.all(), self.request.user)
        return (
            _public_or(Contact.objects.all(), visible)
            .select_related("organization", "country")
            .order_by("name", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary=_("Institutions with their directory details")),
    retrieve=extend_schema(summary=_("One institution")),
)
class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Institutions (core's organizations) with their services, populations, coverage and
    lines; the public ones for everyone."""

    access_rule = access.PUBLIC
    serializer_class = InstitutionSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "last_verified"]

    def get_queryset(self):
        visible = Organization.objects.visible_to(self.request.user)
        return (
            _public_or(Organization.objects.all(), visible)
            .select_related("country")
            .order_by("name", "pk")
        )

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "people_country_ids": access.people_country_ids(self.request.user),
        }


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [
    ("contacts", ContactViewSet, "contact"),
    ("institutions", InstitutionViewSet, "institution"),
]
