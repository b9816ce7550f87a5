"""The Palermo indicators' pages, under /indicators/."""

from django.urls import include, path

from coalition.indicators import views

urlpatterns = [
    path("", views.indicators_home, name="indicators-home"),
    path("", include("coalition.indicators.assessments.urls")),
    path("", include("coalition.indicators.review.urls")),
    path("", include("coalition.indicators.matrix.urls")),
    path("", include("coalition.indicators.framework.urls")),
    path("", include("coalition.indicators.profile.urls")),
]
