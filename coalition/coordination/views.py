"""The coordination section's home: what waits for the user (referrals its offices
received and have not closed, overdue ones) and the way to the inbox, the statistics and the
send form."""

from django.db.models import Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from coalition.coordination.choices import Status
from coalition.coordination.models import Referral
from coalition.coordination.referrals.forms import sending_offices
from coalition.core import access


def _url(name):
    """The URL of another part of the section, or None while that part is not there."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def received_by(user):
    """A ``Q`` over referrals: those received by an office the user acts for."""
    return Q(receiver_id__in=access.office_ids(user)) | Q(
        receiving_country_id__in=access.country_editor_country_ids(user)
    )


def sent_by(user):
    """A ``Q`` over referrals: those sent by an office the user acts for."""
    return Q(sender_id__in=access.office_ids(user)) | Q(
        country_id__in=access.country_editor_country_ids(user)
    )


@access.rule(access.OFFICE)
@require_GET
def home(request):
    user, now = request.user, timezone.now()
    visible = Referral.objects.visible_to(user)
    received = visible.filter(received_by(user)).open()
    context = {
        "awaiting": received.count(),
        "awaiting_acknowledgement": received.filter(status=Status.SENT).count(),
        "sent_open": visible.filter(sent_by(user)).open().count(),
        "overdue": visible.overdue(now).count(),
        "can_send": sending_offices(user).exists(),
        "inbox_url": _url("referral-list"),
        "statistics_url": _url("referral-statistics"),
    }
    return render(request, "coordination/home.html", context)
