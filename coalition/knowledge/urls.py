"""URLs of knowledge and cooperation, under /knowledge/: the hub, SWOTs, good practices,
cooperation agreements and campaigns. Their public pages belong to the public app."""

from django.urls import path

from coalition.knowledge import views
from coalition.knowledge.agreements import urls as agreement_urls
from coalition.knowledge.campaigns import urls as campaign_urls
from coalition.knowledge.practices import urls as practice_urls
from coalition.knowledge.swot import urls as swot_urls

urlpatterns = [
    path("", views.hub, name="knowledge"),
    *swot_urls.urlpatterns,
    *practice_urls.urlpatterns,
    *agreement_urls.urlpatterns,
    *campaign_urls.urlpatterns,
]
