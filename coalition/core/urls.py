from django.urls import path

from coalition.core import approval_views, job_views, views

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("home/", views.home, name="home"),
    path("scope/", views.switch_scope, name="switch-scope"),
    path("account/", views.account, name="account"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<str:iso2>/", views.CountryDetailView.as_view(), name="country-detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization-create"),
    path(
        "organizations/<int:pk>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "organizations/<int:pk>/edit/",
        views.OrganizationUpdateView.as_view(),
        name="organization-update",
    ),
    path("audit/", views.audit_list, name="audit-list"),
    path("audit/export.csv", views.audit_export, name="audit-export"),
    path("audit/<int:pk>/", views.audit_detail, name="audit-detail"),
    path("approvals/", approval_views.approval_list, name="approval-list"),
    path("approvals/<int:pk>/", approval_views.approval_detail, name="approval-detail"),
    path(
        "approvals/<slug:kind>/<str:iso2>/<int:year>/",
        approval_views.approval_year,
        name="approval-year",
    ),
    path(
        "approvals/<slug:kind>/<str:iso2>/<int:year>/<slug:action>/",
        approval_views.approval_move,
        name="approval-move",
    ),
    path("jobs/<uuid:pk>/", job_views.job_detail, name="job-detail"),
    path("jobs/<uuid:pk>/file/", job_views.job_download, name="job-download"),
    path("healthz", views.healthz, name="healthz"),
]
