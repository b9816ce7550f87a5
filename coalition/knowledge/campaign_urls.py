"""URLs of campaign pages, under /knowledge/."""

urlpatterns = []
