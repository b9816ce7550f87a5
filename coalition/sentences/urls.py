"""The court sentences' pages, under /sentences/."""

from django.urls import include, path

from coalition.sentences import views
from coalition.sentences.sharing import urls as sharing_urls

urlpatterns = [
    path("", views.sentences_home, name="sentences-home"),
    # The record pages.
    path("records/", views.sentence_list, name="sentence-list"),
    path("records/export/", views.sentence_export, name="sentence-export"),
    path("records/new/", views.SentenceCreateView.as_view(), name="sentence-create"),
    path("records/<int:pk>/", views.sentence_detail, name="sentence-detail"),
    path("records/<int:pk>/edit/", views.SentenceUpdateView.as_view(), name="sentence-update"),
    path("records/<int:pk>/delete/", views.SentenceDeleteView.as_view(), name="sentence-delete"),
    path("offences/", views.offence_list, name="offence-list"),
    path("offences/new/", views.OffenceCreateView.as_view(), name="offence-create"),
    path("offences/<int:pk>/edit/", views.OffenceUpdateView.as_view(), name="offence-update"),
    path("offences/<int:pk>/delete/", views.OffenceDeleteView.as_view(), name="offence-delete"),
    # The years of a country and their approval.
    path("", include("coalition.sentences.years")),
    path("", include("coalition.sentences.io_urls")),
    path("", include("coalition.sentences.reconciliation.urls")),
    *sharing_urls.urlpatterns,
    path("statistics/", include("coalition.sentences.statistics.urls")),
]
