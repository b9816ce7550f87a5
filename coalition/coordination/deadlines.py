"""The deadlines of referrals: who is concerned when one is overdue, what they see, and the
alerts that ``coalition send_referral_alerts`` e-mails.

A referral is sent with two deadlines set by its urgency (``choices.ACKNOWLEDGE_WITHIN``,
``RESPOND_WITHIN``). Past the first while still *sent*, its **acknowledgement is overdue**:
it concerns the people of the receiving office and the country editors of the receiving
country, who act on it. Past the second while still open, its **response is overdue**: it
concerns the same people, and the people of the sending office are informed (they wait for
the answer; they cannot give it). The regional administrators read every referral but act
on none: no deadline concerns them.

``overdue_for(user)`` lists what concerns one user (one query), ``home_counts`` counts it
for the home page (one query), ``due_alerts`` and ``recipients`` give the command its work
(two queries and one), ``state`` words a referral's deadline for its badge.
"""

from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from coalition.coordination.choices import OPEN_STATUSES, AlertKind, Status
from coalition.coordination.models import Referral
from coalition.core import access
from coalition.core.choices import Role
from coalition.core.models import Membership
from coalition.lib.mail import language_of

ACKNOWLEDGEMENT, RESPONSE = AlertKind.ACKNOWLEDGEMENT, AlertKind.RESPONSE

# Why a user is concerned by an overdue referral (the e-mail says it).
RECEIVING_OFFICE, RECEIVING_EDITOR, SENDING_OFFICE = "receiving", "editor", "sending"


class Overdue(NamedTuple):
    """An overdue referral as one user sees it: ``kind`` (acknowledgement or response) and
    whether the user is only ``informed`` (the sending office waits for the response)."""

    referral: Referral
    kind: str
    informed: bool = False


# --- who is concerned -------------------------------------------------------------------


def _receiving(user):
    """A ``Q`` over referrals: those ``user`` answers for (its offices received them, or
    it edits the receiving country); None when there are none."""
    offices, editors = access.office_ids(user), access.country_editor_country_ids(user)
    if not offices and not editors:
        return None
    return Q(receiver_id__in=offices) | Q(receiving_country_id__in=editors)


def _acknowledgement_overdue(now):
    return Q(status=Status.SENT, acknowledge_by__lt=now)


def _response_overdue(now):
    return Q(status__in=OPEN_STATUSES, respond_by__lt=now)


def concerning(user, now=None):
    """The overdue referrals that concern ``user`` (a queryset): those whose
    acknowledgement or response it owes, and those its offices sent that wait for a
    response past their deadline."""
    now = now or timezone.now()
    receiving, offices = _receiving(user), access.office_ids(user)
    wanted = Q(pk__in=[])
    if receiving is not None:
        wanted |= receiving & (_acknowledgement_overdue(now) | _response_overdue(now))
    if offices:
        wanted |= Q(sender_id__in=offices) & _response_overdue(now)
    return Referral.objects.filter(wanted)


def overdue_for(user, now=None):
    """``[Overdue]``: each overdue referral concerning ``user``, the most pressing first
    (acknowledgements owed, then responses owed, then those it waits for), in one query.
    A referral both unacknowledged and past its response deadline counts once, as an
    acknowledgement owed."""
    now = now or timezone.now()
    offices, editors = access.office_ids(user), access.country_editor_country_ids(user)
    found = []
    referrals = concerning(user, now).select_related(
        "sender", "receiver", "country", "receiving_country"
    )
    for referral in referrals.order_by("acknowledge_by", "pk"):
        answers = referral.receiver_id in offices or referral.receiving_country_id in editors
        if answers and referral.acknowledgement_overdue(now):
            found.append(Overdue(referral, ACKNOWLEDGEMENT))
        elif answers:
            found.append(Overdue(referral, RESPONSE))
        else:
            found.append(Overdue(referral, RESPONSE, informed=True))
    order = {(ACKNOWLEDGEMENT, False): 0, (RESPONSE, False): 1, (RESPONSE, True): 2}
    return sorted(found, key=lambda o: order[(o.kind, o.informed)])


def home_counts(user, now=None):
    """What the home page counts for ``user``, by country, in one query (none when no
    referral can concern it): ``{"acknowledgement": {receiving country id: n},
    "response": {receiving country id: n}, "waiting": {sending country id: n}}``.
    ``response`` leaves out the referrals counted in ``acknowledgement``; ``waiting`` are
    those its offices sent, overdue for a response."""
    counts = {"acknowledgement": defaultdict(int), "response": defaultdict(int)}
    counts["waiting"] = defaultdict(int)
    receiving, offices = _receiving(user), access.office_ids(user)
    if receiving is None and not offices:
        return counts
    now = now or timezone.now()
    wanted = {}
    if receiving is not None:
        wanted["acknowledgement"] = receiving & _acknowledgement_overdue(now)
        wanted["response"] = receiving & _response_overdue(now) & ~Q(status=Status.SENT)
    if offices:
        wanted["waiting"] = Q(sender_id__in=offices) & _response_overdue(now)
    rows = (
        concerning(user, now)
        .values("country_id", "receiving_country_id")
        .annotate(**{name: Count("pk", filter=q) for name, q in wanted.items()})
        .order_by()
    )
    for row in rows:
        for name in wanted:
            place = row["country_id" if name == "waiting" else "receiving_country_id"]
            counts[name][place] += row[name]
    return counts


# --- the alerts -------------------------------------------------------------------------


def due_alerts(now=None):
    """``[(referral, kind)]``: the overdue alerts not sent yet (no ``ReferralAlert`` of
    that kind), the acknowledgements first, oldest deadline first; two queries."""
    now = now or timezone.now()
    related = ("sender", "receiver", "country", "receiving_country")
    pending = []
    for kind, overdue, deadline in (
        (ACKNOWLEDGEMENT, _acknowledgement_overdue(now), "acknowledge_by"),
        (RESPONSE, _response_overdue(now), "respond_by"),
    ):
        referrals = (
            Referral.objects.filter(overdue)
            .exclude(alerts__kind=kind)
            .select_related(*related)
            .order_by(deadline, "pk")
        )
        pending.extend((referral, kind) for referral in referrals)
    return pending


def recipients(alerts):
    """``{(referral id, kind): [(user, why)]}``: the active users with an e-mail address
    concerned by each alert of ``alerts`` (``[(referral, kind)]``), by username, in one
    query. ``why`` is ``RECEIVING_OFFICE``, ``RECEIVING_EDITOR`` or (response alerts
    only) ``SENDING_OFFICE``; a user concerned twice counts once, for its first reason."""
    if not alerts:
        return {}
    offices = {r.receiver_id for r, _kind in alerts}
    offices |= {r.sender_id for r, kind in alerts if kind == RESPONSE}
    countries = {r.receiving_country_id for r, _kind in alerts}
    memberships = (
        Membership.objects.filter(
            (Q(organization_id__in=offices) & ~Q(role=Role.AUDITOR))
            | Q(role=Role.COUNTRY_EDITOR, country_id__in=countries),
            user__is_active=True,
            country__active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    )
    by_office, by_country = defaultdict(set), defaultdict(set)
    users = {}
    for m in memberships:
        users[m.user_id] = m.user
        if m.organization_id is not None and m.role != Role.AUDITOR:
            by_office[m.organization_id].add(m.user_id)
        if m.role == Role.COUNTRY_EDITOR:
            by_country[m.country_id].add(m.user_id)
    found = {}
    for referral, kind in alerts:
        reasons = [
            (RECEIVING_OFFICE, by_office[referral.receiver_id]),
            (RECEIVING_EDITOR, by_country[referral.receiving_country_id]),
        ]
        if kind == RESPONSE:
            reasons.append((SENDING_OFFICE, by_office[referral.sender_id]))
        chosen = {}
        for why, ids in reasons:
            for pk in ids:
                chosen.setdefault(pk, why)
        found[(referral.pk, kind)] = sorted(
            ((users[pk], why) for pk, why in chosen.items()), key=lambda uw: uw[0].username
        )
    return found


def subject(referral, kind):
    """ "[Coalition] Referral GT-SV-26-K7Q4MX: acknowledgement overdue", in the active
    language. The reference is pseudonymous: it says nothing of the person."""
    if kind == ACKNOWLEDGEMENT:
        summary = _("Referral %(reference)s: acknowledgement overdue")
    else:
        summary = _("Referral %(reference)s: response overdue")
    return _("[Coalition] %(summary)s") % {"summary": summary % {"reference": referral.reference}}


def message(user, why, referral, kind, now):
    """The alert to ``user`` (concerned as ``why``) about ``referral`` (plain text and
    HTML), in their language. It names the reference, the offices, the type, the urgency
    and the deadline, and links to the referral's page: never the summary, a note or a
    message (free text stays in the system, behind its access rule)."""
    language = language_of(user)
    site_url = settings.SITE_URL.rstrip("/")
    deadline = referral.acknowledge_by if kind == ACKNOWLEDGEMENT else referral.respond_by
    context = {
        "user": user,
        "referral": referral,
        "kind": kind,
        "acknowledgement": kind == ACKNOWLEDGEMENT,
        "why": why,
        "url": site_url + reverse("referral-detail", args=[referral.pk]),
        "site_url": site_url,
    }
    with translation.override(language):
        context["deadline"] = date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
        context["late_by"] = timesince(deadline, now, depth=2)
        context["sent"] = date_format(timezone.localtime(referral.sent_at), "DATETIME_FORMAT")
        text = render_to_string("coordination/email/referral_alert.txt", context)
        html = render_to_string("coordination/email/referral_alert.html", context)
        email = EmailMultiAlternatives(
            subject(referral, kind), text, to=[user.email], headers={"Content-Language": language}
        )
    email.attach_alternative(html, "text/html")
    return email


# --- the badge --------------------------------------------------------------------------

# state -> Bootstrap colour of the badge
LEVELS = {
    "acknowledge": "light border",
    "respond": "light border",
    "acknowledgement_overdue": "danger",
    "response_overdue": "danger",
    "in_time": "success",
    "late": "warning",
}


class Deadline(NamedTuple):
    """What a referral's badge says: its ``state`` (a key of ``LEVELS``), the ``text``,
    the deadline ``at`` concerned and the badge's ``level``."""

    state: str
    text: str
    at: object
    level: str

    @property
    def overdue(self):
        return self.state in ("acknowledgement_overdue", "response_overdue")


def state(referral, now=None):
    """The deadline that matters now for ``referral``, worded for its badge ("Acknowledge
    by 4 Dec 10:00", "Acknowledgement overdue by 3 hours", "Overdue by 2 days", "Answered
    in time", "Answered late"); None for a cancelled referral (no answer was due)."""
    now = now or timezone.now()

    def when(moment):
        return date_format(timezone.localtime(moment), "j M H:i")

    if referral.is_open:
        if referral.response_overdue(now):
            key, at = "response_overdue", referral.respond_by
            text = _("Overdue by %(time)s") % {"time": timesince(at, now, depth=1)}
        elif referral.acknowledgement_overdue(now):
            key, at = "acknowledgement_overdue", referral.acknowledge_by
            text = _("Acknowledgement overdue by %(time)s") % {"time": timesince(at, now, depth=1)}
        elif referral.status == Status.SENT:
            key, at = "acknowledge", referral.acknowledge_by
            text = _("Acknowledge by %(when)s") % {"when": when(at)}
        else:
            key, at = "respond", referral.respond_by
            text = _("Respond by %(when)s") % {"when": when(at)}
    elif referral.answered_in_time is None:
        return None
    elif referral.answered_in_time:
        key, at, text = "in_time", referral.respond_by, _("Answered in time")
    else:
        key, at, text = "late", referral.respond_by, _("Answered late")
    return Deadline(key, text, at, LEVELS[key])
