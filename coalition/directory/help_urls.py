"""The public help pages (/help/): help lines and victim-assistance offices per country."""

from django.urls import path

from coalition.directory import views

urlpatterns = [
    path("", views.help_index, name="help-index"),
    path("<str:iso2>/", views.help_country, name="help-country"),
]
