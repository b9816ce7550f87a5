"""What search engines read: robots.txt and sitemap.xml, once, at the root of the site."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLResolver, get_resolver, reverse
from django.views.decorators.http import require_safe

from coalition.core import access
from coalition.public import pages
from coalition.public.views import SECTIONS


def _private_prefixes():
    """The first segment of every address outside the public site (/plans/, /api/...): all
    of it is behind a sign-in, and none of it is for search engines."""
    found = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in pages.LANGUAGE_OF:
                    walk(pattern.url_patterns, route)
            elif pattern.name not in ("robots", "sitemap"):
                first = route.lstrip("^").split("/")[0]
                if first:
                    found.add("/" + first + ("/" if "/" in route else ""))

    walk(get_resolver().url_patterns, "")
    return sorted(found)


@access.rule(access.PUBLIC)
@require_safe
def robots(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {prefix}" for prefix in _private_prefixes()),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@access.rule(access.PUBLIC)
@require_safe
def sitemap(request):
    """Every public page, in both languages, each naming its other-language copy."""
    entries = []
    for section in SECTIONS:
        for name, arguments in section.SITEMAP:
            for kwargs in arguments() if callable(arguments) else [None]:
                copies = {
                    code: request.build_absolute_uri(pages.url(name, code, kwargs))
                    for code in pages.NAMESPACES
                }
                entries.extend({"loc": loc, "copies": copies} for loc in copies.values())
    return render(
        request,
        "public/sitemap.xml",
        {"entries": entries},
        content_type="application/xml; charset=utf-8",
    )
