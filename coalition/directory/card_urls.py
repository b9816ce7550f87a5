"""URLs of the directory's vCards and the printable cards of key international contacts."""

from django.urls import path

from coalition.directory import card_views

urlpatterns = [
    path("contacts/<int:pk>/vcard.vcf", card_views.contact_vcard, name="contact-vcard"),
    path("contacts.vcf", card_views.directory_vcards, name="directory-vcards"),
    path("cards.pdf", card_views.directory_cards, name="directory-cards"),
    path("cards/prepare/", card_views.directory_cards_job, name="directory-cards-job"),
]
