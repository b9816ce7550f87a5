"""URLs of the plans app, under /plans/."""

from django.urls import path

from coalition.plans import dashboard_views, io_views, partner_views, reporting_views, views

urlpatterns = [
    # Before any "<slug:code>/" pattern, so that "import" is not read as a plan's code.
    path("import/", io_views.plan_import, name="plan-import"),
    path("partner/", partner_views.partner_activities, name="partner-activities"),
    path("", views.plan_list, name="plan-list"),
    path("reporting/", reporting_views.reporting_list, name="progress-reporting"),
    path(
        "reporting/<str:iso2>/<int:year>/",
        reporting_views.reporting_detail,
        name="progress-reporting-detail",
    ),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path(
        "activities/<int:pk>/progress/<str:iso2>/",
        views.progress_update,
        name="progress-update",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence-delete"),
    path("<slug:code>/", views.plan_detail, name="plan-detail"),
    path("<slug:code>/export.xlsx", io_views.plan_export, name="plan-export"),
    path(
        "<slug:code>/import-progress/", io_views.plan_progress_import, name="plan-progress-import"
    ),
    path("<slug:code>/dashboard/", dashboard_views.plan_dashboard, name="plan-dashboard"),
    path("<slug:code>/timeline/", dashboard_views.plan_timeline, name="plan-timeline"),
    path("<slug:code>/report.pdf", dashboard_views.plan_report, name="plan-report"),
    path("<slug:code>/report/prepare/", dashboard_views.plan_report_job, name="plan-report-job"),
]
