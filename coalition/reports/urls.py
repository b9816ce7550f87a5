from django.urls import path

from coalition.reports import views

urlpatterns = [
    path("annual/", views.annual_report, name="annual-report"),
]
