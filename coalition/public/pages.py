"""What every public page shares: the language its address names, the cache, and the
addresses of the same page in the other language.

The public site is served twice from one set of URL patterns (``public.urls``): in Spanish
without a prefix (instance namespace ``public``, the default) and in English under ``/en/``
(``public-en``). A page's language is the one its address names, never the browser's or a
cookie's, so every address always shows the same page (what search engines and the cache
need). Templates write ``{% url 'public:…' %}``: Django resolves the app namespace to the
instance that served the request, so an English page links to English pages.
"""

from functools import cache as remembered
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from coalition.core import access
from coalition.public import cache

# Instance namespace of each language's copy of the site (``public.urls``).
NAMESPACES = {"es": "public", "en": "public-en"}
LANGUAGE_OF = {namespace: code for code, namespace in NAMESPACES.items()}
# Headers a cached page keeps (the rest are the middleware's to set on every answer).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def language_of(request):
    match = getattr(request, "resolver_match", None)
    return LANGUAGE_OF.get(match.namespace if match else None, settings.LANGUAGE_CODE)


def url(name, language, kwargs=None, query=""):
    """The address of the public page ``name`` ("help-country") in ``language``."""
    address = reverse(f"{NAMESPACES[language]}:{name}", kwargs=kwargs or None)
    return f"{address}?{query}" if query else address


def alternates(request):
    """{language: address} of the page the request shows, in every language, query kept."""
    match = request.resolver_match
    query = request.GET.urlencode()
    found = {}
    for code in NAMESPACES:
        try:
            found[code] = url(match.url_name, code, match.kwargs, query)
        except NoReverseMatch:
            continue
    return found


@remembered
def paths():
    """The start of every public page's path ("/" for the home only, "/privacy/", "/en/"):
    the quick exit's script keeps a visit to these pages to one entry of history."""
    found = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in LANGUAGE_OF:
            prefix = "/" + str(pattern.pattern)
            if prefix != "/":
                found.add(prefix)
                continue
            for inner in pattern.url_patterns:
                if not getattr(getattr(inner, "callback", None), "public_page", False):
                    continue  # an old address redirected here, say
                first = str(inner.pattern).split("/")[0]
                found.add("/" + first + "/" if first else "/")
    return sorted(found)


def _stored(response):
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return (response.status_code, response.content, headers)


def _restored(entry):
    status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def page(view=None, *, cached=True):
    """A public page: open to everyone (``access.PUBLIC``), GET and HEAD only, in the
    language of its address, and cached (``cached=False`` for one that must not be). Only a
    200 answer that sets no cookie is kept; a view marks an answer it must not share with
    ``response.public_cache = False``."""

    def decorate(view):
        @wraps(view)
        def serve(request, *args, **kwargs):
            language = language_of(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            if not cached:
                return _finish(request, view(request, *args, **kwargs))
            key = cache.key_of(request.get_full_path())
            generation, entry = cache.pages.get(key)
            if entry is not None:
                return _finish(request, _restored(entry))
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and getattr(response, "public_cache", True)
            ):
                cache.pages.put(key, _stored(response), generation)
            return _finish(request, response)

        serve.public_page = True
        return access.rule(access.PUBLIC)(require_safe(serve))

    return decorate(view) if view is not None else decorate


def _finish(request, response):
    # A visitor's browser keeps no copy of what they read here (a shared computer, someone
    # checking it): the pages come from the server's cache, never from the browser's.
    response["Cache-Control"] = "no-store"
    if request.method == "HEAD" and not response.streaming:
        # The length a GET would get, and no body (gunicorn would drop it with a warning).
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response
