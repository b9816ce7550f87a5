"""URLs of agreement pages, under /knowledge/."""

urlpatterns = []
