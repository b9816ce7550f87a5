"""The project's URLs plus three the sweep must reject (see test_url_sweep.py)."""

from django.http import HttpResponse
from django.urls import include, path

from coalition.core import access


def undeclared(request):
    return HttpResponse("no rule")


@access.rule(access.PUBLIC)
def unsampled(request, pk):
    return HttpResponse("a rule, but nobody gives the sweep a pk")


def leaky(request):
    return HttpResponse("declares a rule it does not enforce")


leaky.access_rule = access.REGIONAL_ADMIN

urlpatterns = [
    path("sweep/undeclared/", undeclared, name="sweep-undeclared"),
    path("sweep/unsampled/<int:pk>/", unsampled, name="sweep-unsampled"),
    path("sweep/leaky/", leaky, name="sweep-leaky"),
    path("", include("coalition.urls")),
]
