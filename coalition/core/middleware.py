"""Request id, two-factor enforcement and the user's language."""

import re
import uuid

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coalition.core import access

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id (or keeps a sane one from the proxy) for the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class TwoFactorRequiredMiddleware:
    """Users whose role needs two-factor reach nothing but enrolment and verification
    until their session is verified with a TOTP code."""

    EXEMPT_NAMES = {
        "two-factor-setup",
        "two-factor-verify",
        "logout",
        "set_language",
        "healthz",
        "favicon",
        "robots",
        "sitemap",
    }
    # The public site, in each language: open to everyone, signed in or not.
    EXEMPT_NAMESPACES = {"public", "public-en"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not access.two_factor_satisfied(user):
            name, namespace = self._url_name(request)
            exempt = name in self.EXEMPT_NAMES or namespace in self.EXEMPT_NAMESPACES
            if not exempt and not request.path.startswith(settings.STATIC_URL):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Two-factor verification is required for your role.")},
                        status=403,
                    )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('two-factor-verify')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _url_name(request):
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None, None
        return match.url_name, match.namespace


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's, unless they just chose
    one with the switch (the language cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language in dict(settings.LANGUAGES)
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
