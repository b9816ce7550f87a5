"""The public map: generalized risk zones and routes that were published."""

from django.shortcuts import render
from django.urls import path

from coalition.public import pages


@pages.page
def public_map(request):
    return render(request, "public/help_index.html", {"section": "map"})


urls = [path("risk-map/", public_map, name="map")]

SITEMAP = [("map", None)]
