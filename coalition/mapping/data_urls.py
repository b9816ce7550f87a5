"""URLs of the map's GeoJSON data (``data_views``), under /map/: the signed-in map's zones,
routes and areas, and the public map's areas under /map/public/."""

from django.urls import path

from coalition.mapping import data_views

urlpatterns = [
    path("data.geojson", data_views.map_data, name="map-data"),
    path("areas.geojson", data_views.map_areas, name="map-areas"),
    path("public/areas.geojson", data_views.public_map_areas, name="public-map-areas"),
]
