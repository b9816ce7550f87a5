"""Free text on a page: ``{{ text|long_text }}`` wraps a long word instead of widening the
page; ``{{ text|long_text:600 }}`` (in a table or a list) also cuts it there with "…", the
whole text one click away."""

from django import template
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
def long_text(text, limit=None, autoescape=True):
    text = str(text or "")
    whole = linebreaksbr(text, autoescape=autoescape)
    if not limit or len(text) <= int(limit):
        return format_html('<span class="long-text">{}</span>', whole)
    return format_html(
        '<div class="long-text cut"><span class="excerpt">{}</span> <details>'
        '<summary><span class="more">{}</span><span class="less">{}</span></summary>'
        "<div>{}</div></details></div>",
        truncatechars(text, int(limit)),
        _("Read all"),
        _("Show less"),
        whole,
    )
