"""The coordination's figures, for its own pages and for other capabilities (the Palermo
indicators' repatriations answered in time), and its items for the home page."""

from django.utils.translation import ngettext

from coalition.coordination import deadlines
from coalition.core import attention as home

# --- the home page -----------------------------------------------------------------------


def attention(request, now=None):
    """The overdue referrals that concern the user (``deadlines.home_counts``, one query):
    those its offices or its countries received that wait for an acknowledgement (danger)
    or a response (warning) past their deadline, and those its offices sent that wait for
    a response past its deadline (for information). Linked to the inbox, overdue only."""
    counts = deadlines.home_counts(request.user, now)
    countries = home.countries(request, None)
    items = []
    for key, level, message, direction in (
        (
            "acknowledgement",
            home.DANGER,
            lambda count: ngettext(
                "%(count)d referral received waits for your acknowledgement past its "
                "deadline in %(place)s.",
                "%(count)d referrals received wait for your acknowledgement past their "
                "deadline in %(place)s.",
                count,
            ),
            "received",
        ),
        (
            "response",
            home.WARNING,
            lambda count: ngettext(
                "%(count)d referral received is overdue for a response in %(place)s.",
                "%(count)d referrals received are overdue for a response in %(place)s.",
                count,
            ),
            "received",
        ),
        (
            "waiting",
            home.INFO,
            lambda count: ngettext(
                "%(count)d referral sent from %(place)s waits for a response past its deadline.",
                "%(count)d referrals sent from %(place)s wait for a response past their deadline.",
                count,
            ),
            "sent",
        ),
    ):
        where = [c for c in countries if counts[key].get(c.pk)]
        count = sum(counts[key][c.pk] for c in where)
        if count:
            text = message(count) % {"count": count, "place": home.place(where)}
            query = {"direction": direction, "overdue": 1}
            items.append(home.Item(level, text, home.link("referral-list", where, query=query)))
    return items
