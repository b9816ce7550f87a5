"""URLs of knowledge and cooperation, under /knowledge/: the hub, SWOTs, good practices,
cooperation agreements and campaigns. Public pages are under /knowledge/public/."""

from django.urls import path

from coalition.knowledge import agreement_urls, campaign_urls, practice_urls, swot_urls, views

urlpatterns = [
    path("", views.hub, name="knowledge"),
    *swot_urls.urlpatterns,
    *practice_urls.urlpatterns,
    *agreement_urls.urlpatterns,
    *campaign_urls.urlpatterns,
]
