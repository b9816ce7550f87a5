"""URLs of the statistics sources (GLOTIP releases) and of the reconciliation."""

from django.urls import path

from coalition.sentences.reconciliation import sources, views

urlpatterns = [
    path("sources/", sources.source_list, name="glotip-sources"),
    path("sources/glotip/import/", sources.glotip_import, name="glotip-import"),
    path("sources/<int:pk>/delete/", sources.source_delete, name="glotip-source-delete"),
    path("reconciliation/", views.reconciliation, name="sentence-reconciliation"),
]
