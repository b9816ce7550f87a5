"""``{% deadline_of referral as deadline %}``: the deadline that matters now for a referral,
worded for its badge (``coordination/includes/deadline.html``; ``deadlines.state``), as of
the template's ``now`` when the view gives one (a list reads the clock once)."""

from django import template

from coalition.coordination import deadlines

register = template.Library()


@register.simple_tag(takes_context=True)
def deadline_of(context, referral):
    return deadlines.state(referral, context.get("now"))
