"""Value lists of knowledge and cooperation: SWOT quadrants, the review of good practices,
the kinds and stages of cooperation agreements, and what campaigns are made of."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Quadrant(models.TextChoices):
    """The four cells of a SWOT (FODA): Fortalezas, Oportunidades, Debilidades, Amenazas."""

    STRENGTH = "strength", _("Strengths")
    WEAKNESS = "weakness", _("Weaknesses")
    OPPORTUNITY = "opportunity", _("Opportunities")
    THREAT = "threat", _("Threats")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")


class Replicability(models.TextChoices):
    HIGH = "high", _("Easily replicable")
    MEDIUM = "medium", _("Replicable with adaptation")
    LOW = "low", _("Hard to replicate")


class AgreementKind(models.TextChoices):
    POLICE = "police", _("Police cooperation")
    JUDICIAL = "judicial", _("Judicial data exchange")
    MIGRATION = "migration", _("Migration")
    PROTECTION = "protection", _("Victim protection")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    NEGOTIATION = "negotiation", _("In negotiation")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# Statuses an expiry date ends: an agreement recorded as one of them has expired once the
# date has passed, whatever was last recorded.
EXPIRING_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE)

# What the plan's "Convenios o acuerdos firmados" counts: agreements that were signed.
SIGNED_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.IN_FORCE,
    AgreementStatus.EXPIRED,
    AgreementStatus.TERMINATED,
)


class Channel(models.TextChoices):
    RADIO = "radio", _("Radio")
    BROCHURES = "brochures", _("Brochures")
    WEB = "web", _("Web page")
    CARDS = "cards", _("Contact cards")
    SOCIAL = "social", _("Social media")
    TV = "tv", _("Television")
    EVENTS = "events", _("Events")


class Audience(models.TextChoices):
    GENERAL = "general", _("General public")
    CHILDREN = "children", _("Children and adolescents")
    YOUTH = "youth", _("Young people")
    MIGRANTS = "migrants", _("Migrants")
    WOMEN = "women", _("Women")
    INDIGENOUS = "indigenous", _("Indigenous and Afro-descendant peoples")
    TRAVELLERS = "travellers", _("Travellers and tourism sector")
    WORKERS = "workers", _("Workers and employers")
    OFFICIALS = "officials", _("Public officials")
    EDUCATORS = "educators", _("Teachers and families")


class Language(models.TextChoices):
    """Languages of the region that campaigns are made in."""

    ES = "es", _("Spanish")
    EN = "en", _("English")
    KRIOL = "kriol", _("Belizean Kriol")
    GARIFUNA = "garifuna", _("Garifuna")
    MISKITO = "miskito", _("Miskito")
    KICHE = "kiche", _("K'iche'")
    QEQCHI = "qeqchi", _("Q'eqchi'")
    MAM = "mam", _("Mam")
    KAQCHIKEL = "kaqchikel", _("Kaqchikel")
    NGABERE = "ngabere", _("Ngäbere")
    HAITIAN = "ht", _("Haitian Creole")


class MaterialKind(models.TextChoices):
    AUDIO = "audio", _("Audio spot")
    BROCHURE = "brochure", _("Brochure")
    CARD = "card", _("Contact card")
    IMAGE = "image", _("Image or poster")
    VIDEO = "video", _("Video")
    OTHER = "other", _("Other")
