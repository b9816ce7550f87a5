"""URLs of swot pages, under /knowledge/."""

urlpatterns = []
