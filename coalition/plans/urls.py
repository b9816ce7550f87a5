"""URLs of the plans app, under /plans/."""

from django.urls import path  # noqa: F401 - used as the patterns are added

urlpatterns = []
