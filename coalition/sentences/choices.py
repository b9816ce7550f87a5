"""Value lists of the court-sentence statistics.

Forms of exploitation follow UNODC's Global Report on Trafficking in Persons (GLOTIP),
aligned with the Human Trafficking Case Data Standard (HTCDS 2.0 ``vic_TypeOfExploitation``);
the statistics' grain (indicator, dimension, sex, age) is GLOTIP's, so that national records
and GLOTIP releases fill the same cells.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# GLOTIP's forms of exploitation and sexes are core's: the coordination's referrals use them too.
from coalition.core.choices import Exploitation, Sex  # noqa: F401


class CourtLevel(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("First instance (trial court)")
    APPEAL = "appeal", _("Appeal court")
    CASSATION = "cassation", _("Supreme court (cassation)")


class OffenceCategory(models.TextChoices):
    """Trafficking in persons and the related offences; each country's legal articles
    (``Offence``) fall under one of these."""

    TRAFFICKING = "trafficking", _("Trafficking in persons")
    SMUGGLING = "smuggling", _("Smuggling of migrants")
    PROCURING = "procuring", _("Procuring")
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation", _("Sexual exploitation of minors")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    ILLEGAL_ADOPTION = "illegal_adoption", _("Illegal adoption")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    OTHER = "other", _("Other related offence")


class Outcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")


class AgeGroup(models.TextChoices):
    MINOR = "minor", _("0 to 17 years")
    ADULT = "adult", _("18 years or over")
    UNKNOWN = "unknown", _("Unknown")


# --- the statistics' grain (GLOTIP) --------------------------------------------------------


class Indicator(models.TextChoices):
    VICTIMS = "victims", _("Detected trafficking victims")
    OFFENCES = "offences", _("Offences of trafficking in persons")
    FORMAL_CONTACT = "formal_contact", _("Persons brought into formal contact")
    PROSECUTED = "prosecuted", _("Persons prosecuted")
    CONVICTED = "convicted", _("Persons convicted")
    # Penalties of the national records (not in GLOTIP): counts of sentences and sums, which
    # add up across countries and years (a mean or a median would not).
    SENTENCES = "sentences", _("Final sentences")
    PRISON = "prison", _("Sentences with a prison term")
    PRISON_YEARS = "prison_years", _("Prison years imposed")
    FINES = "fines", _("Fines imposed (US dollars)")
    REPARATIONS = "reparations", _("Sentences ordering reparation")
    REPARATION_AMOUNT = "reparation_amount", _("Reparation ordered (US dollars)")


PENALTY_INDICATORS = [
    Indicator.SENTENCES,
    Indicator.PRISON,
    Indicator.PRISON_YEARS,
    Indicator.FINES,
    Indicator.REPARATIONS,
    Indicator.REPARATION_AMOUNT,
]


class Dimension(models.TextChoices):
    TOTAL = "total", _("Total")
    CITIZENSHIP = "citizenship", _("By citizenship")
    REPATRIATION = "repatriation", _("By country of repatriation")
    EXPLOITATION = "exploitation", _("By form of exploitation")


class FigureSex(models.TextChoices):
    TOTAL = "total", _("Total")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class FigureAge(models.TextChoices):
    TOTAL = "total", _("Total")
    MINOR = "minor", _("0 to 17 years")
    ADULT = "adult", _("18 years or over")
    UNKNOWN = "unknown", _("Unknown")


class SourceKind(models.TextChoices):
    NATIONAL = "national", _("National records")
    GLOTIP = "glotip", _("GLOTIP (UNODC)")


# The category of a figure whose dimension is "total".
TOTAL_CATEGORY = "total"


class AgreementState(models.TextChoices):
    """Where a sharing agreement stands today (``SharingAgreement.state``)."""

    PENDING = "pending", _("Pending approval")
    UPCOMING = "upcoming", _("Approved, not yet in force")
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
