"""Published statistics: approved, disclosure-controlled figures of the court sentences."""

from django.shortcuts import render
from django.urls import path

from coalition.public import pages


@pages.page
def statistics(request):
    return render(request, "public/help_index.html", {"section": "statistics"})


urls = [path("statistics/", statistics, name="statistics")]

SITEMAP = [("statistics", None)]


def latest_figures():
    """What the home page shows of the latest published figures (None: nothing published)."""
    return None
