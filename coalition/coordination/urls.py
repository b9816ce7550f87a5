"""The coordination between victim-assistance offices, under /coordination/: each part of
the app includes its own URLs."""

from django.http import HttpResponse
from django.urls import include, path

from coalition.core import access


# Temporary: stand-ins for the inbox and the referral page, which their own parts build
# (the deadline alerts link to them). Dropped when those parts arrive.
@access.rule(access.OFFICE)
def _stand_in(request, pk=None):
    return HttpResponse("")


urlpatterns = [
    path("", include("coalition.coordination.messages.urls")),
    path("referrals/", _stand_in, name="referral-list"),
    path("referrals/<int:pk>/", _stand_in, name="referral-detail"),
]
