"""The court sentences' pages, under /sentences/."""

from django.urls import include, path

urlpatterns = [
    path("statistics/", include("coalition.sentences.statistics.urls")),
]
