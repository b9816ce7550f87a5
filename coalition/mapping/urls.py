"""URLs of the mapping app, under /map/. The public map is the public site's (/risk-map/)."""

from django.urls import path

from coalition.mapping import data_urls, io_urls, views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("methodology/", views.methodology, name="map-methodology"),
    path("zones/", views.zone_list, name="zone-list"),
    path("zones/new/", views.ZoneCreateView.as_view(), name="zone-create"),
    path("zones/<int:pk>/", views.zone_detail, name="zone-detail"),
    path("zones/<int:pk>/edit/", views.ZoneUpdateView.as_view(), name="zone-update"),
    path("zones/<int:pk>/publish/", views.zone_publish, name="zone-publish"),
    path("zones/<int:pk>/delete/", views.ZoneDeleteView.as_view(), name="zone-delete"),
    path("routes/", views.route_list, name="route-list"),
    path("routes/new/", views.route_create, name="route-create"),
    path("routes/<int:pk>/", views.route_detail, name="route-detail"),
    path("routes/<int:pk>/edit/", views.route_update, name="route-update"),
    path("routes/<int:pk>/delete/", views.route_delete, name="route-delete"),
    path("places/", views.place_list, name="place-list"),
    path("places/new/", views.place_create, name="place-create"),
    path("places/<int:pk>/edit/", views.place_update, name="place-update"),
    path("places/<int:pk>/delete/", views.place_delete, name="place-delete"),
    path("areas/", views.area_list, name="area-list"),
    path("areas/<int:pk>/edit/", views.area_update, name="area-update"),
    *data_urls.urlpatterns,
    *io_urls.urlpatterns,
]
