"""Project URLs. Every view declares an access rule (coalition.core.access); the URL
sweep test fails on any URL that neither declares one nor is declared public."""

from importlib import import_module

from django.apps import apps
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.module_loading import module_has_submodule
from django.utils.translation import get_language
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from coalition.core import access
from coalition.core.api import ApiRootView
from coalition.public import urls as public_urls


class SchemaView(SpectacularAPIView):
    access_rule = access.PUBLIC


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI inside the app's own page (its navigation, its language, no inline
    style for the Content-Security-Policy to block), reading the schema in the page's
    language."""

    access_rule = access.PUBLIC
    template_name = "core/api_docs.html"

    def _get_schema_url(self, request):
        # drf-spectacular carries a ?lang= of the page over to the schema's address; without
        # one, the schema is asked for in the page's language.
        url = super()._get_schema_url(request)
        return url if "lang=" in url else set_query_parameters(url, lang=get_language())

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.data["schema_url"] = self._get_schema_url(request)
        return response


class AdminLoginRedirect(access.RuleMixin, RedirectView):
    access_rule = access.PUBLIC
    pattern_name = "login"
    query_string = True

    def get(self, request, *args, **kwargs):
        # The sign-in page sends a signed-in user straight back to the admin, which would
        # send them here again: someone already signed in who may not use the admin gets
        # 403 instead of an endless loop of redirects.
        if request.user.is_authenticated:
            if admin.site.has_permission(request):
                return redirect("admin:index")
            access.deny(request, reason=access.REGIONAL_ADMIN.name)
        return super().get(request, *args, **kwargs)


class Router(DefaultRouter):
    APIRootView = ApiRootView
    include_format_suffixes = False


def api_urls():
    """The API's collections, gathered from each installed app's ``api.ROUTES`` (prefix,
    viewset, basename) and ``api.URLS`` (plain views), in ``INSTALLED_APPS`` order: the
    project wires them without importing any capability's internals."""
    router = Router()
    urls = []
    for config in apps.get_app_configs():
        if not config.name.startswith("coalition.") or not module_has_submodule(
            config.module, "api"
        ):
            continue
        api = import_module(f"{config.name}.api")
        for prefix, viewset, basename in getattr(api, "ROUTES", ()):
            router.register(prefix, viewset, basename=basename)
        urls.extend(getattr(api, "URLS", ()))
    return [*router.urls, *urls]


urlpatterns = [
    # The public site, in Spanish at the root and in English under /en/ (``public.pages``).
    path("", include("coalition.public.urls", namespace="public")),
    path("en/", include("coalition.public.urls", namespace="public-en")),
    path("", include(public_urls.site_urls)),
    path("", include("coalition.core.urls")),
    path("plans/", include("coalition.plans.urls")),
    path("events/", include("coalition.events.urls")),
    path("directory/", include("coalition.directory.urls")),
    path("map/", include("coalition.mapping.urls")),
    path("knowledge/", include("coalition.knowledge.urls")),
    path("sentences/", include("coalition.sentences.urls")),
    path("indicators/", include("coalition.indicators.urls")),
    path("coordination/", include("coalition.coordination.urls")),
    path("reports/", include("coalition.reports.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include((api_urls(), "api"))),
    # The admin signs in through Coalition's own login (lockout, two-factor), never its own.
    path("admin/login/", AdminLoginRedirect.as_view(), name="admin-login"),
    path("admin/", admin.site.urls),
]

handler400 = "coalition.core.views.bad_request"
handler403 = "coalition.core.views.permission_denied"
handler404 = "coalition.core.views.page_not_found"
handler500 = "coalition.core.views.server_error"
