"""The regional comparison matrix, its exports and a cell's drill-down."""

from django.urls import path

from coalition.indicators.matrix import views

urlpatterns = [
    path("matrix/", views.matrix, name="indicator-matrix"),
    path("matrix/export.<str:fmt>", views.matrix_export, name="indicator-matrix-export"),
    path(
        "matrix/<str:iso2>/<int:year>/<slug:pillar>/",
        views.matrix_cell,
        name="indicator-matrix-cell",
    ),
]
