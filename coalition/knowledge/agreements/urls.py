"""URLs of agreement pages, under /knowledge/."""

from django.urls import path

from coalition.knowledge.agreements import views

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/export.xlsx", views.agreement_export, name="agreement-export"),
    path("agreements/new/", views.AgreementCreateView.as_view(), name="agreement-create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement-update"),
    path(
        "agreements/<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement-delete"
    ),
    path(
        "agreements/<int:pk>/documents/",
        views.document_upload,
        name="agreement-document-upload",
    ),
    path("agreements/documents/<int:pk>/", views.document_download, name="agreement-document"),
    path(
        "agreements/documents/<int:pk>/delete/",
        views.document_delete,
        name="agreement-document-delete",
    ),
]
