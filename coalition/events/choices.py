"""Value lists of the events app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    COALITION_MEETING = "coalition_meeting", _("Coalition meeting")
    REGIONAL_MEETING = "regional_meeting", _("Regional meeting")
    WORKSHOP = "workshop", _("Workshop or training")
    TECHNICAL_MEETING = "technical_meeting", _("Technical meeting (police, prosecutors, migration)")
    CAMPAIGN_LAUNCH = "campaign_launch", _("Campaign launch")
    OTHER = "other", _("Other")


# The kinds the plan's verification sources count as "meetings held".
MEETING_KINDS = frozenset(
    {EventKind.COALITION_MEETING, EventKind.REGIONAL_MEETING, EventKind.TECHNICAL_MEETING}
)


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Profession(models.TextChoices):
    """The target audiences of an event, and a participant's profession."""

    JUDGES = "judges", _("Judges and magistrates")
    PROSECUTORS = "prosecutors", _("Prosecutors")
    POLICE = "police", _("Police")
    MIGRATION = "migration", _("Migration officers")
    VICTIM_ASSISTANCE = "victim_assistance", _("Victim-assistance staff")
    NGO = "ngo", _("NGO staff")
    JOURNALISTS = "journalists", _("Journalists")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other or not stated")
