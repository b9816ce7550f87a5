"""Links to records, offered only to those who may open them (``access.can_open``)."""

from django import template

from coalition.core import access

register = template.Library()


@register.filter
def page_url(obj, user):
    """The page of ``obj`` for ``user``, or "" when the user may not open it: a list never
    links to a page its reader may not open. ``{% with url=obj|page_url:user %}``."""
    if obj is None or not access.can_open(user, obj):
        return ""
    return obj.get_absolute_url()
