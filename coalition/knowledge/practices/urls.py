"""URLs of good practices, under /knowledge/: the list, a practice, its form, review and
documents (the public site shows the published ones)."""

from django.urls import path

from coalition.knowledge.practices import views

urlpatterns = [
    path("practices/", views.practice_list, name="practice-list"),
    path("practices/new/", views.PracticeCreateView.as_view(), name="practice-create"),
    path("practices/<int:pk>/", views.practice_detail, name="practice-detail"),
    path("practices/<int:pk>/edit/", views.PracticeUpdateView.as_view(), name="practice-update"),
    path("practices/<int:pk>/delete/", views.PracticeDeleteView.as_view(), name="practice-delete"),
    path("practices/<int:pk>/review/", views.practice_review, name="practice-review"),
    path(
        "practices/<int:pk>/documents/",
        views.document_upload,
        name="practice-document-upload",
    ),
    path("practices/documents/<int:pk>/", views.document_download, name="practice-document"),
    path(
        "practices/documents/<int:pk>/delete/",
        views.document_delete,
        name="practice-document-delete",
    ),
]
