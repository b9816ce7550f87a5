"""``{% deadline_of referral as deadline %}``: the deadline that matters now for a referral,
worded for its badge (``coordination/includes/deadline.html``; ``deadlines.state``)."""

from django import template

from coalition.coordination import deadlines

register = template.Library()


@register.simple_tag
def deadline_of(referral):
    return deadlines.state(referral)
