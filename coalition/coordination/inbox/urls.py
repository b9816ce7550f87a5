from django.urls import path

from coalition.coordination.inbox import views

urlpatterns = [
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/export/", views.referral_export, name="referral-export"),
]
