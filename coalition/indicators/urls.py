"""The Palermo indicators' pages, under /indicators/."""

from django.urls import include, path

urlpatterns = [
    path("", include("coalition.indicators.profile.urls")),

    path("", include("coalition.indicators.matrix.urls")),
]
