"""The court sentences' pages, under /sentences/."""

from coalition.sentences.sharing import urls as sharing_urls

urlpatterns = [
    *sharing_urls.urlpatterns,
]
