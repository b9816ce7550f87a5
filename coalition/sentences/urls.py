"""The court sentences' pages, under /sentences/."""

urlpatterns = []
