"""URLs of the map's GeoJSON data (``data_views``), under /map/: the signed-in map's zones,
routes and areas (the public map's are the public site's, /risk-map/areas.geojson)."""

from django.urls import path

from coalition.mapping import data_views

urlpatterns = [
    path("data.geojson", data_views.map_data, name="map-data"),
    path("areas.geojson", data_views.map_areas, name="map-areas"),
]
