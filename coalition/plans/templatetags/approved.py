"""``{% approved_progress activity %}``: the progress of ``activity`` that each country
reported in its approved yearly reports, as far as the reader may read it (through
``core.access.restrict``: a partner reads it only on the activities that name its
organization). The request's user comes from the template's context."""

from django import template

from coalition.core import access
from coalition.plans.models import ReportedProgress
from coalition.plans.partner_views import report_groups

register = template.Library()


@register.inclusion_tag("plans/partner_approved.html", takes_context=True)
def approved_progress(context, activity):
    request = context.get("request")
    user = getattr(request, "user", None)
    rows = (
        access.restrict(ReportedProgress.objects.filter(activity=activity), user)
        .select_related("country", "product")
        .order_by("-year", "country__name_es", "product__position")
        if user is not None
        else ReportedProgress.objects.none()
    )
    return {"activity": activity, "groups": report_groups(rows)}
