"""Figures of the geographic and social mapping, read-only, for this app and for others:
which zones wait for approval before the public map counts them as they are (the zone
list's "awaiting approval" filter and the home page's "needs your attention" read them).
"""

from django.utils.translation import ngettext

from coalition.core import access
from coalition.core import attention as home
from coalition.mapping.models import ZONE_PUBLIC_FIELDS, Zone


def awaiting_approval(zones):
    """The zones of the queryset ``zones`` that await approval (``Zone.awaits_approval``),
    as a queryset. One query reads the publishable ones' public fields; whether one
    changed since it was approved is decided in Python, as its page decides it."""
    candidates = zones.filter(publishable=True).only(
        "pk", "publishable", "published_version", *ZONE_PUBLIC_FIELDS
    )
    return zones.filter(pk__in=[zone.pk for zone in candidates if zone.awaits_approval])


def attention(request):
    """For those who approve zones (country editors, regional administrators): the zones
    of their countries awaiting approval for the public map. For those who only edit them
    (contributors): their own zones awaiting it. Linked to the zone list, filtered."""
    user = request.user
    approving = home.countries(request, access.approvable_country_ids(user))
    if approving:
        item = home.per_country(
            awaiting_approval(access.restrict(Zone.objects.all(), user, "approve")),
            approving,
            home.WARNING,
            lambda count: ngettext(
                "%(count)d zone awaits approval for the public map in %(place)s.",
                "%(count)d zones await approval for the public map in %(place)s.",
                count,
            ),
            "zone-list",
            query={"awaiting": "true"},
        )
        return [item] if item else []
    editing = home.countries(request, access.editable_country_ids(user))
    if not editing:
        return []
    zones = access.restrict(Zone.objects.filter(country__in=editing, created_by=user), user)
    count = awaiting_approval(zones).count()
    if not count:
        return []
    message = ngettext(
        "%(count)d zone of yours awaits approval for the public map.",
        "%(count)d zones of yours await approval for the public map.",
        count,
    ) % {"count": count}
    return [home.Item(home.INFO, message, home.link("zone-list", [], query={"awaiting": "true"}))]
