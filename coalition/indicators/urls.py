"""The Palermo indicators' pages, under /indicators/."""

from django.urls import include, path

urlpatterns = [
    path("", include("coalition.indicators.review.urls")),
]
