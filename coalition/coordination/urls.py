"""The coordination between victim-assistance offices, under /coordination/: each part of
the app includes its own URLs."""

from django.http import HttpResponse
from django.urls import include, path

from coalition.coordination import views
from coalition.core import access


# Temporary: a stand-in for the inbox, which its own part builds (the deadline alerts and
# the home page's items link to it). Dropped when that part arrives.
@access.rule(access.OFFICE)
def _stand_in(request, pk=None):
    return HttpResponse("")


urlpatterns = [
    path("", views.home, name="coordination-home"),
    path("", include("coalition.coordination.referrals.urls")),
    path("", include("coalition.coordination.messages.urls")),
    path("referrals/", _stand_in, name="referral-list"),
    path("", include("coalition.coordination.stats.urls")),
]
