"""Value lists of the plans app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    PLAN = "plan", _("Operational plan")
    AGENDA = "agenda", _("Activity agenda")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ItemKind(models.TextChoices):
    """The columns of the plan's table after "Actividades", in the seed's order."""

    PRODUCT = "product", _("Products")
    GOAL = "goal", _("Goals")
    VERIFICATION = "verification", _("Verification sources")
    FUNDING = "funding", _("Funding sources")
    SUPPORT = "support", _("Support sources")
    RESPONSIBLE = "responsible", _("Responsible parties")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# Statuses that close an activity for a country: not overdue, no reminders.
CLOSED_STATUSES = frozenset({ProgressStatus.DONE, ProgressStatus.NOT_APPLICABLE})
