"""The assessments' pages, under /indicators/."""

from django.urls import path

from coalition.indicators.assessments import views

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment-list"),
    path("assessments/new/", views.assessment_create, name="assessment-create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/delete/", views.assessment_delete, name="assessment-delete"),
    path(
        "assessments/<int:pk>/evidence/<int:indicator>/",
        views.evidence_add,
        name="answer-evidence-add",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="answer-evidence-download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="answer-evidence-remove"),
]
