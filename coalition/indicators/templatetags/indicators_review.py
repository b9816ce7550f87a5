"""``{{ review.comments|comments_on:indicator }}``: the comments of the latest return on
one indicator (``indicators.review.comments_for``), for the questionnaire."""

from django import template

register = template.Library()


@register.filter
def comments_on(comments, indicator):
    """The list of ``comments`` ({indicator id: [ReviewComment]}) on ``indicator``."""
    if not comments or indicator is None:
        return []
    return comments.get(getattr(indicator, "pk", indicator), [])
