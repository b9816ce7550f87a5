"""Get help, per country: the emergency numbers, the help lines, the victim-assistance
offices and shelters flagged public in the directory, and the regional lines.

The directory is read only through ``directory.metrics.public_help``: lines (never a
person) and institutions flagged public, and the page shows no address.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from coalition.core.models import Country
from coalition.directory import metrics as directory
from coalition.public import pages


def _countries():
    return list(Country.objects.members().active().order_by("name_es"))


@pages.page
def help_index(request):
    """Every member country with its emergency number and a link to its page."""
    return render(request, "public/help_index.html", {"countries": _countries(), "section": "help"})


@pages.page
def help_country(request, iso2):
    countries = _countries()
    country = next((c for c in countries if c.iso2 == iso2.upper()), None)
    if country is None:
        raise Http404
    if iso2 != country.iso2:
        # One address per page (/help/CR/): the same country in other letters leads there.
        return redirect(
            pages.url("help-country", pages.language_of(request), {"iso2": country.iso2}),
            permanent=True,
        )
    return render(
        request,
        "public/help_country.html",
        {
            "country": country,
            "other_countries": [c for c in countries if c != country],
            "section": "help",
            **directory.public_help(country),
        },
    )


def _country_pages():
    return [
        {"iso2": code} for code in Country.objects.members().active().values_list("iso2", flat=True)
    ]


urls = [
    path("help/", help_index, name="help-index"),
    path("help/<str:iso2>/", help_country, name="help-country"),
]

SITEMAP = [("help-index", None), ("help-country", _country_pages)]
