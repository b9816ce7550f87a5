"""The project's addresses and, before them, ``/bench/bare/``: a view that does nothing but
answer "ok", behind every middleware of a real page. ``bench/load.sh`` measures the public
pages against it. Loaded only by ``bench/load_settings.py``, never by the product."""

from django.http import HttpResponse
from django.urls import path

from coalition.core import access
from coalition.urls import handler400, handler403, handler404, handler500  # noqa: F401
from coalition.urls import urlpatterns as project_urlpatterns


@access.rule(access.PUBLIC)
def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *project_urlpatterns]
