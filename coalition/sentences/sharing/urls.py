"""URLs of sharing agreements and share packages, under /sentences/sharing/."""

from django.urls import path

from coalition.sentences.sharing import views

urlpatterns = [
    path("sharing/", views.agreement_list, name="sharing-agreement-list"),
    path("sharing/public-key.pem", views.public_key, name="sharing-public-key"),
    path("sharing/new/", views.AgreementCreateView.as_view(), name="sharing-agreement-create"),
    path("sharing/<int:pk>/", views.agreement_detail, name="sharing-agreement-detail"),
    path(
        "sharing/<int:pk>/edit/",
        views.AgreementUpdateView.as_view(),
        name="sharing-agreement-update",
    ),
    path(
        "sharing/<int:pk>/statistics/",
        views.agreement_statistics,
        name="sharing-agreement-statistics",
    ),
    path(
        "sharing/<int:pk>/countries/<str:iso2>/approve/",
        views.approve,
        name="sharing-agreement-approve",
    ),
    path(
        "sharing/<int:pk>/countries/<str:iso2>/withdraw/",
        views.withdraw,
        name="sharing-agreement-withdraw",
    ),
    path("sharing/<int:pk>/packages/", views.package_generate, name="sharing-package-generate"),
    path("sharing/packages/<uuid:pk>/", views.package_download, name="sharing-package-download"),
]
