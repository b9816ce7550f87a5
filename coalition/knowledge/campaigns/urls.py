"""URLs of campaign pages, under /knowledge/ (the public site shows the published ones)."""

from django.urls import path

from coalition.knowledge.campaigns import views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", views.CampaignUpdateView.as_view(), name="campaign-update"),
    path("campaigns/<int:pk>/publish/", views.campaign_publish, name="campaign-publish"),
    path("campaigns/<int:pk>/delete/", views.CampaignDeleteView.as_view(), name="campaign-delete"),
    path("campaigns/<int:pk>/materials/", views.material_upload, name="campaign-material-upload"),
    path("campaigns/materials/<int:pk>/", views.material_download, name="campaign-material"),
    path(
        "campaigns/materials/<int:pk>/edit/",
        views.material_update,
        name="campaign-material-update",
    ),
    path(
        "campaigns/materials/<int:pk>/delete/",
        views.material_delete,
        name="campaign-material-delete",
    ),
]
