"""URLs of the directory's export, import and import template."""

from django.urls import path

from coalition.directory import io_views

urlpatterns = [
    path("export/", io_views.directory_export, name="directory-export"),
    path("import/", io_views.directory_import, name="directory-import"),
    path(
        "import/template/",
        io_views.directory_import_template,
        name="directory-import-template",
    ),
]
