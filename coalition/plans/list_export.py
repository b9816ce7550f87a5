"""The plan list as a spreadsheet (``core.exports``): each plan with its size and how far
the user's countries have got, as the list shows it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import exports
from coalition.core.files import bad_request
from coalition.lib.exports import Column
from coalition.plans.choices import PlanKind, PlanStatus
from coalition.plans.models import Plan

COLUMNS = [
    Column(gettext_lazy("Code"), "code", 12),
    Column(gettext_lazy("Name"), "name", 48),
    Column(gettext_lazy("Kind"), "get_kind_display"),
    Column(gettext_lazy("Period"), "period", 12),
    Column(gettext_lazy("Status"), "get_status_display"),
    Column(gettext_lazy("Objectives"), "objective_count", 10),
    Column(gettext_lazy("Activities"), "activity_count", 10),
    Column(gettext_lazy("Continues"), "continues.name", 36),
    Column(gettext_lazy("Completion in your countries (%)"), "completion", 14),
]


def respond(request, plans, status, kind):
    """The export of ``plans`` (filtered and measured as on the page); an unknown status or
    kind is refused rather than ignored, so that the file holds what was asked."""
    for name, value, choices in (("status", status, PlanStatus), ("kind", kind, PlanKind)):
        if value and value not in choices.values:
            unknown = _("Select a valid choice. %(value)s is not one of the available choices.")
            return bad_request(
                _("The filters are not valid: %(errors)s")
                % {"errors": f"{name}: {unknown % {'value': value[:20]}}"}
            )
    return exports.respond(
        request, name=_("plans"), title=_("Plans"), columns=COLUMNS, rows=plans, model=Plan
    )
