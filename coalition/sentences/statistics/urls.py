"""The statistics pages, under /sentences/statistics/."""

from django.urls import path

from coalition.sentences.statistics import views

urlpatterns = [
    path("", views.statistics_page, name="sentence-statistics"),
    path("statistics.<str:fmt>", views.statistics_export, name="sentence-statistics-export"),
]
