"""URLs of the framework pages, under /indicators/."""

from django.urls import path

from coalition.indicators.framework import views

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/load/", views.framework_load, name="framework-load"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework-detail"),
    path("frameworks/<int:pk>/export.json", views.framework_export, name="framework-export"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
]
