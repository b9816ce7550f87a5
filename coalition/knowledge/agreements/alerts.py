"""Expiry alerts of cooperation agreements: which agreements are about to expire, who is
told, and the e-mail that tells them (``manage.py send_agreement_alerts`` sends it daily).

An agreement signed or in force whose expiry date falls within ``ALERT_DAYS`` days is
announced once (``alert_sent_on``) to the editors of the country that follows it up and
to the regional administrators. Changing the expiry date makes it due again.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition.core.choices import Role
from coalition.core.models import Membership
from coalition.knowledge.choices import EXPIRING_STATUSES
from coalition.knowledge.models import Agreement
from coalition.lib.mail import language_of

ALERT_DAYS = 90
# Agreements that can still lapse unnoticed: signed or in force.
ALERTED_STATUSES = EXPIRING_STATUSES


def expiry(agreement, today, days=ALERT_DAYS):
    """``(days_left, lapsed)``: days until an agreement signed or in force expires when
    that is within ``days`` (else None), and whether its expiry date has passed while it
    is still recorded as signed or in force."""
    if agreement.status not in ALERTED_STATUSES or agreement.expires_on is None:
        return None, False
    left = (agreement.expires_on - today).days
    if left < 0:
        return None, True
    return (left if left <= days else None), False


def expiring(agreements, today, days=ALERT_DAYS):
    """The agreements of the queryset ``agreements`` signed or in force that expire between
    ``today`` and ``days`` days later (the home page counts them too)."""
    return agreements.filter(
        status__in=ALERTED_STATUSES,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=days),
    )


def due(today, days=ALERT_DAYS):
    """The agreements to announce as of ``today``: signed or in force, expiring between
    today and ``days`` days later, not announced yet; soonest first."""
    return (
        expiring(Agreement.objects.filter(alert_sent_on__isnull=True), today, days)
        .select_related("country")
        .prefetch_related("party_countries", "party_organizations")
        .order_by("expires_on", "title", "pk")
    )


def recipients(agreements):
    """{agreement id: [user, ...]}: the active editors of each agreement's country and the
    regional administrators, by username (one query)."""
    country_ids = {a.country_id for a in agreements}
    memberships = Membership.objects.filter(
        Q(role=Role.COUNTRY_EDITOR, country_id__in=country_ids)
        | Q(role=Role.REGIONAL_ADMIN, country__is_regional=True),
        user__is_active=True,
        country__active=True,
    ).select_related("user", "country")
    editors, admins = defaultdict(set), set()
    for m in memberships:
        if m.role == Role.REGIONAL_ADMIN:
            admins.add(m.user)
        else:
            editors[m.country_id].add(m.user)
    return {
        a.pk: sorted(editors[a.country_id] | admins, key=lambda u: u.username) for a in agreements
    }


def subject(agreement, days_left):
    """ "[Coalition] Agreement “…” expires in 60 days", in the active language."""
    if days_left == 0:
        summary = _("Agreement “%(title)s” expires today") % {"title": agreement.title}
    else:
        summary = ngettext(
            "Agreement “%(title)s” expires in %(days)d day",
            "Agreement “%(title)s” expires in %(days)d days",
            days_left,
        ) % {"title": agreement.title, "days": days_left}
    return _("[Coalition] %(summary)s") % {"summary": summary}


def message(user, agreement, today):
    """The alert to ``user`` about ``agreement`` (plain text and HTML), in their language."""
    language = language_of(user)
    days_left = (agreement.expires_on - today).days
    site_url = settings.SITE_URL.rstrip("/")
    context = {
        "user": user,
        "agreement": agreement,
        "days_left": days_left,
        "today": today,
        "url": site_url + agreement.get_absolute_url(),
        "site_url": site_url,
    }
    with translation.override(language):
        context["expires"] = date_format(agreement.expires_on, "DATE_FORMAT")
        text = render_to_string("knowledge/email/agreement_alert.txt", context)
        html = render_to_string("knowledge/email/agreement_alert.html", context)
        email = EmailMultiAlternatives(
            subject(agreement, days_left),
            text,
            to=[user.email],
            headers={"Content-Language": language},
        )
    email.attach_alternative(html, "text/html")
    return email
