"""Published good practices: what the member countries did that worked.

The public sees a practice as it was last published (``knowledge.metrics``): an edit not
yet published again stays out of sight, and its contact person and documents never show.
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import Axis
from coalition.knowledge import metrics
from coalition.lib.text import fold
from coalition.public import listing, pages

PAGE_SIZE = 10
SORTS = {
    "title": lambda practices: practices,  # how metrics gives them
    "newest": lambda practices: sorted(
        practices, key=lambda p: (-(p.year or 0), fold(p.title), p.pk)
    ),
}


class PracticeFilters(listing.FilterForm):
    axis = forms.ChoiceField(
        label=_("Axis of action"), required=False, choices=[("", _("All")), *Axis.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("title", _("Title")), ("newest", _("Most recent first"))],
    )

    def matching(self, practices):
        country, axis = self.cleaned_data["country"], self.cleaned_data["axis"]
        words = self.words()
        found = [
            practice
            for practice in practices
            if (not country or practice.country.iso2 == country)
            and (not axis or practice.axis == axis)
            and all(word in practice.folded_text() for word in words)
        ]
        return SORTS[self.cleaned_data["sort"] or "title"](found)


@pages.page
def practice_list(request):
    """The published good practices, searched and filtered by country and axis, sorted."""
    form = PracticeFilters(request.GET)
    status = 200 if form.is_valid() else 400
    practices = form.matching(metrics.published_practices()) if status == 200 else []
    page, query = listing.paged(request, practices, PAGE_SIZE)
    context = {"section": "practices", "form": form, "page_obj": page, "query": query}
    return render(request, "public/practice_list.html", context, status=status)


@pages.page
def practice_detail(request, pk):
    """A published practice as it was published; 404 otherwise."""
    practice = metrics.published_practice(pk)
    if practice is None:
        raise Http404
    return render(
        request, "public/practice_detail.html", {"section": "practices", "practice": practice}
    )


def _published_practices():
    return [{"pk": pk} for pk in metrics.published_practice_ids()]


urls = [
    path("good-practices/", practice_list, name="practice-list"),
    path("good-practices/<int:pk>/", practice_detail, name="practice-detail"),
    # Where these pages were before.
    path("knowledge/public/practices/", listing.moved("practice-list"), name="old-practice-list"),
    path(
        "knowledge/public/practices/<int:pk>/",
        listing.moved("practice-detail", metrics.published_practice),
        name="old-practice-detail",
    ),
]

SITEMAP = [("practice-list", None), ("practice-detail", _published_practices)]
