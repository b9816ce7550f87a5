"""URLs of keeping the directory current (coalition.directory.verification_views)."""

from django.urls import path

from coalition.directory import verification_views as views

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="directory-verify"),
    path("confirm/<str:kind>/<int:pk>/", views.confirm, name="directory-confirm"),
    path("freshness/", views.freshness, name="directory-freshness"),
]
