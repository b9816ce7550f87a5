"""Which sharing agreements are valid for a partner user, in one place: the statistics pages,
the API and the share packages ask here, so that they never disagree about what a partner
may see.

An agreement is valid when each country it covers has its editor's approval and today is
within its validity period; a partner reads through the agreements of the organizations it
holds the partner role for.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from coalition.core import access
from coalition.core.choices import Role
from coalition.sentences.models import AgreementCountry, SharingAgreement


def partner_organization_ids(user):
    """The organizations for which ``user`` holds the partner role."""
    return {
        g.organization_id
        for g in access.standing(user).grants
        if g.role == Role.PARTNER and g.organization_id is not None
    }


def valid_agreements(user, today=None):
    """The sharing agreements of ``user``'s partner organizations that are valid today."""
    today = today or timezone.localdate()
    organizations = partner_organization_ids(user)
    if not organizations:
        return SharingAgreement.objects.none()
    unapproved = AgreementCountry.objects.filter(agreement=OuterRef("pk"), approved_at__isnull=True)
    return (
        SharingAgreement.objects.filter(
            partner_id__in=organizations, valid_from__lte=today, valid_to__gte=today
        )
        .filter(Exists(AgreementCountry.objects.filter(agreement=OuterRef("pk"))))
        .exclude(Exists(unapproved))
    )


def covered_country_ids(user, today=None):
    """The countries whose disclosure-controlled statistics ``user`` receives through valid
    agreements (an empty set for anyone without one)."""
    return set(
        AgreementCountry.objects.filter(agreement__in=valid_agreements(user, today)).values_list(
            "country_id", flat=True
        )
    )
