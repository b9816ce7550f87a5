"""The message thread of a referral, under /coordination/."""

from django.urls import path

from coalition.coordination.messages import views

urlpatterns = [
    path("referrals/<int:pk>/messages/", views.thread, name="referral-messages"),
    path("referrals/<int:pk>/messages/new/", views.message_create, name="referral-message-create"),
]
