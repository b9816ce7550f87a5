"""The review's URLs: submit an assessment, review it."""

from coalition.indicators.review.views import urlpatterns

__all__ = ["urlpatterns"]
