from django.urls import path

from coalition.indicators.profile import views

urlpatterns = [
    path("countries/<str:iso2>/", views.country_profile, name="country-profile"),
    path("countries/<str:iso2>/profile.pdf", views.country_profile_pdf, name="country-profile-pdf"),
    path(
        "countries/<str:iso2>/profile.xlsx", views.country_profile_xlsx, name="country-profile-xlsx"
    ),
    path("assessments/<int:pk>/export.xlsx", views.assessment_export, name="assessment-export"),
]
