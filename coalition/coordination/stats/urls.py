"""The referral statistics, under /coordination/statistics/."""

from django.urls import path

from coalition.coordination.stats import views

urlpatterns = [
    path("statistics/", views.statistics_page, name="referral-statistics"),
    path(
        "statistics/statistics.<str:fmt>",
        views.statistics_export,
        name="referral-statistics-export",
    ),
]
