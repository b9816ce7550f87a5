"""URLs of the map's GeoJSON import (with its example file and format reference) and its
GeoJSON and KML export, under /map/."""

from django.urls import path

from coalition.mapping import io_views

urlpatterns = [
    path("import/", io_views.map_import, name="map-import"),
    path("import/example/", io_views.map_import_example, name="map-import-example"),
    path("import/format/", io_views.map_import_format, name="map-import-format"),
    path("export/", io_views.map_export, name="map-export"),
]
