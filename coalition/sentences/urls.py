"""The court sentences' pages, under /sentences/."""

from django.urls import include, path

urlpatterns = [
    path("", include("coalition.sentences.years")),
]
