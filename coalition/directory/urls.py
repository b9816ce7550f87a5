"""URLs of the directory app, under /directory/; the public help pages are under /help/."""

from django.urls import path

from coalition.directory import card_urls, io_urls, verification_urls, views

urlpatterns = [
    path("", views.directory, name="directory"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact-update"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact-delete"),
    *card_urls.urlpatterns,
    *io_urls.urlpatterns,
    *verification_urls.urlpatterns,
]
