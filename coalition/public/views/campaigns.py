"""Published awareness campaigns and their downloadable materials."""

from django.shortcuts import render
from django.urls import path

from coalition.public import pages


@pages.page
def campaign_list(request):
    return render(request, "public/help_index.html", {"section": "campaigns"})


urls = [path("campaigns/", campaign_list, name="campaign-list")]

SITEMAP = [("campaign-list", None)]
