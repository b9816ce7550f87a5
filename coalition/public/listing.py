"""What the public lists of published records share: the country filter, paging, the
message naming a refused filter, and the permanent redirects from the addresses the
pages had before the public site had its own app (printed materials may carry them)."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from coalition.core import access
from coalition.core.models import Country
from coalition.lib.text import fold
from coalition.public import pages


def country_choices():
    """("", All) then the regional level and each active country, by their ISO code."""
    countries = Country.objects.active().order_by("-is_regional", "name_es")
    return [("", _("All"))] + [
        (country.iso2, _("Regional") if country.is_regional else country.name)
        for country in countries
    ]


class FilterForm(forms.Form):
    """A public list's filters, sent as a plain GET form (it works without JavaScript).
    Subclasses add their fields; ``countries`` fills the country choices."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)

    def __init__(self, data):
        super().__init__(data)
        self.fields["country"].choices = country_choices()

    def refusal(self):
        """What is wrong with the filters, each message naming its field ("" if nothing)."""
        return " ".join(
            f"{self.fields[name].label}: {message}"
            for name, messages in self.errors.items()
            for message in messages
        )

    def words(self):
        return fold(self.cleaned_data.get("q") or "").split()

    @property
    def filtered(self):
        return any(self.data.get(name) for name in self.fields if name != "sort")


def paged(request, items, size):
    """(the page of ``items`` the address asks for, the query without ``page``)."""
    page = Paginator(items, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def moved(name, exists=None):
    """A view sending an old address permanently to the public page ``name`` (same
    arguments and query) in the language of the address it was asked at; with ``exists``
    (``exists(pk)``: the public record, or None), an address of no public record is not found
    here either."""

    @access.rule(access.PUBLIC)
    @require_safe
    def redirect(request, **kwargs):
        if exists is not None and not exists(kwargs["pk"]):
            raise Http404
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(
            pages.url(name, pages.language_of(request), kwargs, query)
        )

    return redirect
