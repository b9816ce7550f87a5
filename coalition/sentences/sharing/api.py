"""REST API of sharing agreements: read-only, for those who may see each agreement (the
regional administrators, the partner organization's users, the editors of the countries it
covers). Agreements are recorded and approved on their pages, where each step is audited;
packages are downloaded there only."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from coalition.core import access
from coalition.sentences.choices import AgreementState
from coalition.sentences.models import AgreementCountry, SharingAgreement


class CoverageSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso2", help_text="ISO 3166-1 alpha-2.")
    approved = serializers.SerializerMethodField(help_text="Has this country's editor approved it?")

    class Meta:
        model = AgreementCountry
        fields = ["country", "approved", "approved_at"]

    def get_approved(self, row) -> bool:
        return row.approved_at is not None


class SharingAgreementSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    partner = serializers.CharField(source="partner.name", read_only=True)
    countries = CoverageSerializer(source="coverage", many=True, read_only=True)
    state = serializers.SerializerMethodField(
        help_text="pending (a country has not approved it), upcoming (approved, not in force "
        "yet), valid (the partner receives its statistics) or expired."
    )
    encrypted = serializers.SerializerMethodField(
        help_text="Are its packages encrypted to the partner's age key?"
    )
    url = serializers.SerializerMethodField(help_text="Its page.")

    class Meta:
        model = SharingAgreement
        fields = [
            "id",
            "reference",
            "partner",
            "countries",
            "purpose",
            "valid_from",
            "valid_to",
            "state",
            "encrypted",
            "url",
        ]

    def get_state(self, agreement) -> str:
        return AgreementState(agreement.state(self.context["today"])).value

    def get_encrypted(self, agreement) -> bool:
        return bool(agreement.age_recipient)

    def get_url(self, agreement) -> str:
        return self.context["request"].build_absolute_uri(agreement.get_absolute_url())


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List the sharing agreements the user may see")),
    retrieve=extend_schema(summary=gettext_lazy("One sharing agreement")),
)
class SharingAgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """Sharing agreements with the partner organization, each country covered and whether
    it approved, the dates and today's state. Read-only."""

    access_rule = access.SHARING_READER
    serializer_class = SharingAgreementSerializer
    ordering_fields = ["valid_from", "valid_to"]

    def get_queryset(self):
        coverage = AgreementCountry.objects.select_related("country").order_by("country__iso2")
        return (
            access.restrict(SharingAgreement.objects.all(), self.request.user)
            .select_related("partner")
            .prefetch_related(Prefetch("coverage", queryset=coverage))
            .order_by("-valid_from", "pk")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


ROUTES = [("sharing-agreements", SharingAgreementViewSet, "sharing-agreement")]
