"""The public home and the privacy page."""

from django.shortcuts import render
from django.urls import path

from coalition.core.models import Country
from coalition.knowledge import metrics as knowledge
from coalition.public import pages
from coalition.public.views import statistics


@pages.page
def home(request):
    """The coalition, what trafficking in persons is and how to recognise it, where to get
    help in each member country, the current campaigns and the latest published figures."""
    context = {
        "countries": list(Country.objects.members().active()),
        "campaigns": knowledge.current_campaigns(limit=3),
        "figures": statistics.latest_figures(),
        "section": "home",
    }
    return render(request, "public/home.html", context)


@pages.page
def privacy(request):
    return render(request, "public/privacy.html")


urls = [
    path("", home, name="home"),
    path("privacy/", privacy, name="privacy"),
]

# (URL name, None for a page without arguments or a function giving each page's kwargs).
SITEMAP = [("home", None), ("privacy", None)]
