"""Template tags of the public pages."""

from django import template
from django.conf import settings

from coalition.public import pages

register = template.Library()


@register.simple_tag(takes_context=True)
def alternates(context):
    """{language: address} of the page being shown, in every language (``pages``)."""
    request = context.get("request")
    if request is None or request.resolver_match is None:
        return {}
    return pages.alternates(request)


@register.simple_tag(takes_context=True)
def absolute(context, address):
    return context["request"].build_absolute_uri(address)


@register.simple_tag
def quick_exit_url():
    """Where the quick exit goes: a neutral site (``QUICK_EXIT_URL``)."""
    return settings.QUICK_EXIT_URL


@register.simple_tag
def public_paths():
    """The paths of the public pages, for the quick exit's script (``pages.paths``)."""
    return " ".join(pages.paths())
