"""URLs of the import of record-level sentences and its template."""

from django.urls import path

from coalition.sentences import io_views

urlpatterns = [
    path("import/", io_views.sentence_import, name="sentence-import"),
    path("import/template/", io_views.sentence_import_template, name="sentence-import-template"),
]
