"""Deadline reminders: which activities each responsible user has overdue or due soon, and
the e-mail that tells them (``manage.py send_deadline_reminders`` sends it daily).

Which activities each country has open is ``plans.metrics.open_dues`` (the home page
reads it too): an activity of an active plan is due for a country (or the regional level)
while that country's progress on it is not closed. Those responsible for it there are the
country's editors (for the regional level: the regional administrators) and the
contributors whose institution is named among the activity's responsible parties there.

Everything is read in a handful of queries, whatever the number of users and activities.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition.core.choices import Role
from coalition.core.models import Country, Membership
from coalition.lib.mail import language_of
from coalition.plans.metrics import DEFAULT_DAYS, Due, open_dues, responsible_organizations

# Roles that answer for every activity of their country (a regional administrator's
# country is the regional level).
ANSWERING_ROLES = (Role.COUNTRY_EDITOR, Role.REGIONAL_ADMIN)


def due_by_user(today, days=DEFAULT_DAYS):
    """``{user: [Due, ...]}``: each active user's open activities whose deadline has passed
    or falls within ``days`` of ``today``, overdue first, then by deadline."""
    dues = open_dues(today, list(Country.objects.active()), days)
    if not dues:
        return {}
    organizations_of = responsible_organizations({d.activity.pk for d in dues})

    answering = defaultdict(set)  # country id -> users
    contributors = defaultdict(set)  # (country id, organization id) -> users
    memberships = Membership.objects.filter(
        user__is_active=True,
        country__active=True,
        role__in=[*ANSWERING_ROLES, Role.CONTRIBUTOR],
    ).select_related("user")
    for m in memberships:
        if m.role in ANSWERING_ROLES:
            answering[m.country_id].add(m.user)
        elif m.organization_id is not None:
            contributors[m.country_id, m.organization_id].add(m.user)

    found = defaultdict(list)
    for due in dues:
        users = set(answering[due.country.pk])
        for organization_id in organizations_of[due.activity.pk]:
            users |= contributors[due.country.pk, organization_id]
        for user in users:
            found[user].append(due)
    return {user: sorted(dues, key=Due.sort_key) for user, dues in found.items()}


def subject(overdue, upcoming):
    """ "[Coalition] 3 overdue and 2 upcoming activities", in the active language."""
    if overdue and upcoming:
        summary = _("%(overdue)d overdue and %(upcoming)d upcoming activities") % {
            "overdue": overdue,
            "upcoming": upcoming,
        }
    elif overdue:
        summary = ngettext(
            "%(count)d overdue activity", "%(count)d overdue activities", overdue
        ) % {"count": overdue}
    else:
        summary = ngettext(
            "%(count)d upcoming activity", "%(count)d upcoming activities", upcoming
        ) % {"count": upcoming}
    return _("[Coalition] %(summary)s") % {"summary": summary}


def message(user, dues, today, days=DEFAULT_DAYS):
    """The reminder e-mail to ``user`` (plain text and HTML), in the user's language."""
    language = language_of(user)
    overdue = [d for d in dues if d.overdue]
    upcoming = [d for d in dues if not d.overdue]
    context = {
        "user": user,
        "overdue": overdue,
        "upcoming": upcoming,
        "today": today,
        "days": days,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(language):
        text = render_to_string("plans/email/deadline_reminder.txt", context)
        html = render_to_string("plans/email/deadline_reminder.html", context)
        email = EmailMultiAlternatives(
            subject(len(overdue), len(upcoming)),
            text,
            to=[user.email],
            headers={"Content-Language": language},
        )
    email.attach_alternative(html, "text/html")
    return email
