"""URLs of practice pages, under /knowledge/."""

urlpatterns = []
