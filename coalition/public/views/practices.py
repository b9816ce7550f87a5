"""Published good practices."""

from django.shortcuts import render
from django.urls import path

from coalition.public import pages


@pages.page
def practice_list(request):
    return render(request, "public/help_index.html", {"section": "practices"})


urls = [path("good-practices/", practice_list, name="practice-list")]

SITEMAP = [("practice-list", None)]
