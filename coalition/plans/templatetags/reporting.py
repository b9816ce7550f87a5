"""``{% report_banner country %}``: where a country's progress report of the current year
stands (open, submitted, approved, returned with the secretariat's comment, who returned
it and when), with the link to the report (its page has the moves). Shown above the
country's progress form and on the activity page."""

from django import template
from django.urls import reverse

from coalition.core import approvals
from coalition.core.choices import ApprovalAction, ApprovalState
from coalition.plans import progress

register = template.Library()


@register.inclusion_tag("plans/_report_banner.html")
def report_banner(country, today=None):
    year = progress.reporting_year(today)
    approval = approvals.approval_for(progress.APPROVAL_KIND, country, year)
    returned = None
    if approval.pk and approval.state == ApprovalState.RETURNED:
        returned = (
            approval.steps.filter(action=ApprovalAction.RETURN)
            .select_related("actor")
            .order_by("-time", "-pk")
            .first()
        )
    return {
        "country": country,
        "year": year,
        "state": approval.state,
        "state_label": approval.get_state_display(),
        "locked": approval.state in progress.LOCKED_STATES,
        "returned": returned,
        "url": reverse("approval-year", args=[progress.APPROVAL_KIND, country.iso2, year]),
        "report_url": reverse("progress-reporting-detail", args=[country.iso2, year]),
    }
