"""Click-to-call links of the public pages."""

from django import template

from coalition.lib import phones

register = template.Library()


@register.filter
def tel(number):
    """``"tel:911"``, ``"tel:+50622223333"``: the address of a number (``phones.tel``)."""
    return phones.tel(str(number))


@register.filter
def phone(number):
    """How a page writes a stored number: "+506 2222 3333", a short code as it is."""
    return phones.display(str(number))
