"""The Palermo indicators' pages, under /indicators/."""

from django.urls import include, path

urlpatterns = [
    path("", include("coalition.indicators.framework.urls")),
    path("", include("coalition.indicators.matrix.urls")),
    path("", include("coalition.indicators.profile.urls")),
]
