"""The referral pages: send, the offices partial of the send form, a referral, its moves."""

from django.urls import path

from coalition.coordination.referrals import views

urlpatterns = [
    path("referrals/new/", views.referral_create, name="referral-create"),
    path("referrals/offices/", views.referral_offices, name="referral-offices"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral-detail"),
    path("referrals/<int:pk>/move/", views.referral_move, name="referral-move"),
]
