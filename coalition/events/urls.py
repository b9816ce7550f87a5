"""URLs of the events app, under /events/."""

from django.urls import path

from coalition.events import attendance_views, feeds, views

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("calendar/", views.event_calendar, name="event-calendar"),
    path("figures/", views.event_figures, name="event-figures"),
    path("new/", views.EventCreateView.as_view(), name="event-create"),
    path("<int:pk>/", views.event_detail, name="event-detail"),
    path("<int:pk>/edit/", views.EventUpdateView.as_view(), name="event-update"),
    path("<int:pk>/delete/", views.EventDeleteView.as_view(), name="event-delete"),
    path("<int:pk>/materials/", views.material_upload, name="material-upload"),
    path("materials/<int:pk>/", views.material_download, name="material-download"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material-delete"),
    path(
        "<int:pk>/attendance/template/",
        attendance_views.attendance_template,
        name="attendance-template",
    ),
    path(
        "<int:pk>/attendance/import/",
        attendance_views.attendance_import,
        name="attendance-import",
    ),
    path("<int:pk>/attendance/add/", attendance_views.attendee_add, name="attendee-add"),
    path(
        "<int:pk>/attendance/<int:participant>/remove/",
        attendance_views.attendee_remove,
        name="attendee-remove",
    ),
    path("<int:pk>/sign-in-sheet.pdf", attendance_views.sign_in_sheet, name="sign-in-sheet"),
    path("<int:pk>/attendance.pdf", attendance_views.attendance_pdf, name="attendance-pdf"),
    path("participants/", attendance_views.participant_list, name="participant-list"),
    path(
        "participants/<int:pk>/",
        attendance_views.participant_detail,
        name="participant-detail",
    ),
    path(
        "participants/<int:pk>/edit/",
        attendance_views.ParticipantUpdateView.as_view(),
        name="participant-update",
    ),
    path("feeds/", feeds.feed_list, name="event-feeds"),
    path("feeds/<int:pk>/revoke/", feeds.feed_revoke, name="event-feed-revoke"),
    path("feeds/<str:key>/calendar.ics", feeds.feed, name="event-feed"),
]
