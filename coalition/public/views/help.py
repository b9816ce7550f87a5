"""Get help, per country: help lines, victim-assistance offices and shelters."""

from django.shortcuts import render
from django.urls import path

from coalition.public import pages


@pages.page
def help_index(request):
    return render(request, "public/help_index.html", {"section": "help"})


@pages.page
def help_country(request, iso2):
    return render(request, "public/help_index.html", {"section": "help"})


urls = [
    path("help/", help_index, name="help-index"),
    path("help/<str:iso2>/", help_country, name="help-country"),
]

SITEMAP = [("help-index", None)]
