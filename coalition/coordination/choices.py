"""Value lists of the referrals between victim-assistance offices (forms of exploitation,
sex and languages are core's: the sentences and the directory share them)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralKind(models.TextChoices):
    """What the sending office asks of the receiving one."""

    ASSISTANCE = "assistance", _("Assistance")
    REPATRIATION = "repatriation", _("Repatriation support")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    DOCUMENTS = "documents", _("Travel or identity documents")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    PROTECTION = "protection", _("Protection measures")
    LEGAL = "legal", _("Legal support")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate")
    HOURS_72 = "72h", _("Within 72 hours")
    ROUTINE = "routine", _("Routine")


# How long the receiving office has, from the moment a referral is sent, to acknowledge
# it and to answer it (complete or decline): what each urgency means.
ACKNOWLEDGE_WITHIN = {
    Urgency.IMMEDIATE: datetime.timedelta(hours=4),
    Urgency.HOURS_72: datetime.timedelta(hours=24),
    Urgency.ROUTINE: datetime.timedelta(days=3),
}
RESPOND_WITHIN = {
    Urgency.IMMEDIATE: datetime.timedelta(hours=24),
    Urgency.HOURS_72: datetime.timedelta(hours=72),
    Urgency.ROUTINE: datetime.timedelta(days=15),
}


class Status(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.SENT, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.COMPLETED, Status.DECLINED, Status.CANCELLED)
# Answered: the receiving office completed or declined the referral.
ANSWERED_STATUSES = (Status.COMPLETED, Status.DECLINED)


class Side(models.TextChoices):
    """Which end of a referral a user acts for."""

    SENDING = "sending", _("Sending office")
    RECEIVING = "receiving", _("Receiving office")


# status -> {next status: the side that may make the move}
MOVES = {
    Status.SENT: {
        Status.ACKNOWLEDGED: Side.RECEIVING,
        Status.DECLINED: Side.RECEIVING,
        Status.CANCELLED: Side.SENDING,
    },
    Status.ACKNOWLEDGED: {
        Status.IN_PROGRESS: Side.RECEIVING,
        Status.COMPLETED: Side.RECEIVING,
        Status.DECLINED: Side.RECEIVING,
        Status.CANCELLED: Side.SENDING,
    },
    Status.IN_PROGRESS: {
        Status.COMPLETED: Side.RECEIVING,
        Status.DECLINED: Side.RECEIVING,
        Status.CANCELLED: Side.SENDING,
    },
}
# Moves that need a reason (a note on the step).
NEEDS_REASON = (Status.DECLINED, Status.CANCELLED)


class AgeGroup(models.TextChoices):
    CHILD = "0-11", _("0 to 11 years")
    ADOLESCENT = "12-17", _("12 to 17 years")
    YOUNG = "18-24", _("18 to 24 years")
    ADULT = "25-59", _("25 to 59 years")
    OLDER = "60+", _("60 years or over")
    UNKNOWN = "unknown", _("Unknown")


class Need(models.TextChoices):
    SHELTER = "shelter", _("Safe shelter")
    HEALTH = "health", _("Health care")
    PSYCHOLOGICAL = "psychological", _("Psychological care")
    LEGAL = "legal", _("Legal advice")
    DOCUMENTS = "documents", _("Identity or travel documents")
    FAMILY = "family", _("Contact with family")
    TRANSPORT = "transport", _("Safe transport")
    INTERPRETATION = "interpretation", _("Interpretation")
    EDUCATION = "education", _("Education")
    LIVELIHOOD = "livelihood", _("Work or income")
    PROTECTION = "protection", _("Protection from the traffickers")
    OTHER = "other", _("Other need")


class AlertKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement overdue")
    RESPONSE = "response", _("Response overdue")
