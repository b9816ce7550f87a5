"""Private calendar feeds (iCalendar, RFC 5545) of a country's or the regional events.

A user makes a feed for a country (or the regional level) they may see and subscribes to
its address in any calendar program. The address carries a random key; only its hash is
kept, so the address is shown once, when it is made. The owner revokes it at any time, and
it stops answering the moment the owner may no longer see that country or is deactivated.
Feeds carry the events only (title, dates, place, kind, status), never who attended.
"""

import datetime
import secrets

import vobject
from dateutil import tz
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.events.choices import EventStatus
from coalition.events.forms import FeedForm
from coalition.events.models import Event, FeedToken

FEED_EVENTS = 1000
SESSION_KEY = "events_new_feed_url"


def calendar_of(country, events, language, build_url):
    """The iCalendar text of ``events`` (each an all-day entry, first to last day)."""
    cal = vobject.iCalendar()
    cal.add("prodid").value = "-//Coalition//Events//ES"
    cal.add("x-wr-calname").value = _("Coalition events: %(scope)s") % {"scope": country.name}
    cal.add("method").value = "PUBLISH"
    stamp = timezone.now().astimezone(tz.UTC)
    for event in events:
        entry = cal.add("vevent")
        entry.add("uid").value = f"event-{event.pk}@coalition"
        entry.add("dtstamp").value = stamp
        entry.add("dtstart").value = event.starts
        entry.add("dtend").value = event.ends + datetime.timedelta(days=1)
        entry.add("summary").value = event.title
        entry.add("status").value = {
            EventStatus.PLANNED: "TENTATIVE",
            EventStatus.HELD: "CONFIRMED",
            EventStatus.CANCELLED: "CANCELLED",
        }[event.status]
        entry.add("categories").value = [str(event.get_kind_display())]
        if event.place:
            entry.add("location").value = event.place
        url = build_url(event.get_absolute_url())
        entry.add("url").value = url
        description = [str(event.get_kind_display()), str(event.get_status_display())]
        if event.description:
            description.append(event.description)
        description.append(url)
        entry.add("description").value = "\n".join(description)
        entry.add("last-modified").value = event.updated.astimezone(tz.UTC)
    return cal.serialize()


def _may_read(token):
    if token.revoked is not None or not token.user.is_active:
        return False
    ids = access.visible_country_ids(token.user)
    return ids is None or token.country_id in ids


@access.rule(access.PUBLIC)  # the key in the address is the credential
@require_GET
def feed(request, key):
    """The calendar a feed's address names, or 404 for an unknown, revoked or lapsed key."""
    token = (
        FeedToken.objects.select_related("user", "country")
        .filter(key_hash=FeedToken.hash(key))
        .first()
    )
    if token is None or not _may_read(token):
        raise Http404
    FeedToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    events = (
        Event.objects.filter(country=token.country)
        .select_related("country", "host_country")
        .order_by("-starts")[:FEED_EVENTS]
    )
    language = getattr(token.user, "language", "") or "es"
    with translation.override(language):
        text = calendar_of(token.country, events, language, request.build_absolute_uri)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="coalition-{token.country.scope_code}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@access.rule(access.READER)
@require_http_methods(["GET", "POST"])
def feed_list(request):
    """The user's calendar feeds: make one, copy its address (shown once), revoke one."""
    form = FeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        key = secrets.token_urlsafe(32)
        with transaction.atomic():
            token = FeedToken.objects.create(
                user=request.user,
                country=form.cleaned_data["country"],
                key_hash=FeedToken.hash(key),
            )
            audit.record(request, AuditAction.CREATE, token, after=_token_snapshot(token))
        request.session[SESSION_KEY] = request.build_absolute_uri(reverse("event-feed", args=[key]))
        return redirect("event-feeds")
    tokens = FeedToken.objects.filter(user=request.user).select_related("country")
    return render(
        request,
        "events/feeds.html",
        {
            "form": form,
            "tokens": tokens,
            "new_url": request.session.pop(SESSION_KEY, None),
        },
        status=400 if form.errors else 200,
    )


def _token_snapshot(token):
    return {"country": token.country.scope_code, "revoked": str(token.revoked or "")}


@access.rule(access.owner_rule(FeedToken))
@require_POST
def feed_revoke(request, pk):
    token = FeedToken.objects.select_related("country").get(pk=pk, user=request.user)
    if token.revoked is None:
        before = _token_snapshot(token)
        with transaction.atomic():
            token.revoked = timezone.now()
            token.save(update_fields=["revoked", "updated"])
            audit.record(
                request, AuditAction.UPDATE, token, before=before, after=_token_snapshot(token)
            )
        messages.success(
            request,
            _("The calendar address of %(scope)s no longer works.") % {"scope": token.country},
        )
    return redirect("event-feeds")
