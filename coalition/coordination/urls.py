"""The coordination between victim-assistance offices, under /coordination/: each part of
the app includes its own URLs."""

from django.urls import include, path

urlpatterns = [
    path("", include("coalition.coordination.inbox.urls")),
]
