"""The review's template helpers: ``{{ review.comments|comments_on:indicator }}`` (the comments
of the latest return on one indicator) and ``{% review_of assessment as review %}``."""

from django import template

register = template.Library()


@register.filter
def comments_on(comments, indicator):
    """The list of ``comments`` ({indicator id: [ReviewComment]}) on ``indicator``."""
    if not comments or indicator is None:
        return []
    return comments.get(getattr(indicator, "pk", indicator), [])


@register.simple_tag(takes_context=True)
def review_of(context, assessment):
    """``{% review_of assessment as review %}``: the review's state for the signed-in user
    (``indicators.review.context``), for pages whose view does not give it."""
    from coalition.indicators.review import context as review_context

    return review_context(context["request"], assessment)["review"]
