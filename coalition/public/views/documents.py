"""The coalition's public documents: its plans and the agreements marked public."""

from django.shortcuts import render
from django.urls import path

from coalition.public import pages


@pages.page
def document_list(request):
    return render(request, "public/help_index.html", {"section": "documents"})


urls = [path("documents/", document_list, name="document-list")]

SITEMAP = [("document-list", None)]
