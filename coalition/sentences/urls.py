"""The court sentences' pages, under /sentences/."""

from django.urls import include, path

from coalition.sentences.sharing import urls as sharing_urls

urlpatterns = [
    path("", include("coalition.sentences.io_urls")),
    path("", include("coalition.sentences.reconciliation.urls")),
    *sharing_urls.urlpatterns,
]
