"""The coordination between victim-assistance offices, under /coordination/: each part of
the app includes its own URLs."""

from django.urls import include, path

from coalition.coordination import views

urlpatterns = [
    path("", views.home, name="coordination-home"),
    path("", include("coalition.coordination.referrals.urls")),
    path("", include("coalition.coordination.inbox.urls")),
    path("", include("coalition.coordination.messages.urls")),
    path("", include("coalition.coordination.stats.urls")),
]
