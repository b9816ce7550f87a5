"""Value lists of the directory app (services and populations are core's: they describe
institutions, which are core's organizations)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import Language, OrganizationKind  # noqa: F401


class ContactKind(models.TextChoices):
    PERSON = "person", _("Person")
    LINE = "line", _("Institutional line (help line, office)")


# The search page's "kind" filter: a kind of contact, or a kind of institution.
RECORD_KINDS = [*ContactKind.choices, *OrganizationKind.choices]
