"""URLs of the SWOT (FODA) pages, under /knowledge/swot/."""

from django.urls import path

from coalition.knowledge.swot import consolidation as swot_consolidation
from coalition.knowledge.swot import views

urlpatterns = [
    path("swot/", views.swot_list, name="swot-list"),
    path("swot/new/", views.SwotCreateView.as_view(), name="swot-create"),
    path("swot/compare/", views.swot_compare, name="swot-compare"),
    path("swot/compare/export.xlsx", views.swot_compare_export, name="swot-compare-export"),
    path("swot/consolidate/", swot_consolidation.swot_consolidate, name="swot-consolidate"),
    path("swot/<int:pk>/", views.swot_detail, name="swot-detail"),
    path("swot/<int:pk>/edit/", views.SwotUpdateView.as_view(), name="swot-update"),
    path("swot/<int:pk>/delete/", views.SwotDeleteView.as_view(), name="swot-delete"),
    path("swot/<int:pk>/items/new/", views.swot_item_create, name="swot-item-create"),
    path("swot/<int:pk>/export.xlsx", views.swot_export_xlsx, name="swot-export-xlsx"),
    path("swot/<int:pk>/export.pdf", views.swot_export_pdf, name="swot-export-pdf"),
    path("swot/items/<int:pk>/edit/", views.swot_item_update, name="swot-item-update"),
    path("swot/items/<int:pk>/delete/", views.swot_item_delete, name="swot-item-delete"),
]
