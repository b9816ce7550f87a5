"""Published awareness campaigns and their downloadable materials (objective IV).

The public sees a campaign once one of its materials is published, as it was last
published (``knowledge.metrics``), with those materials only; an edit not yet published
again stays out of sight. A material's file is a download under its original name, never
kept by the page cache.
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from coalition.core import files
from coalition.core.uploads import IMAGES
from coalition.knowledge import metrics
from coalition.knowledge.models import Campaign
from coalition.lib.text import fold
from coalition.public import listing, pages

PAGE_SIZE = 10
SORTS = {
    "newest": lambda campaigns: campaigns,  # how metrics gives them
    "oldest": lambda campaigns: sorted(
        campaigns, key=lambda c: (c.starts.toordinal(), fold(c.title), c.pk)
    ),
    "title": lambda campaigns: sorted(campaigns, key=lambda c: (fold(c.title), c.pk)),
}


class CampaignFilters(listing.FilterForm):
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title")),
        ],
    )

    def __init__(self, data):
        super().__init__(data)
        self.fields["channel"].choices = [("", _("All")), *metrics.campaign_channels()]

    def matching(self, campaigns):
        country, channel = self.cleaned_data["country"], self.cleaned_data["channel"]
        words = self.words()
        found = [
            campaign
            for campaign in campaigns
            if (not country or campaign.country.iso2 == country)
            and (not channel or channel in campaign.channels)
            and all(word in fold(f"{campaign.title} {campaign.message}") for word in words)
        ]
        return SORTS[self.cleaned_data["sort"] or "newest"](found)


def reach(campaign):
    """(label, figure) of each reach figure the campaign reports."""
    figures = []
    for name in metrics.REACH_FIELDS:
        value = getattr(campaign, name)
        if value is not None:
            figures.append((Campaign._meta.get_field(name).verbose_name, value))
    return figures


@pages.page
def campaign_list(request):
    """The published campaigns, searched and filtered by country and channel, and sorted."""
    form = CampaignFilters(request.GET)
    status = 200 if form.is_valid() else 400
    campaigns = form.matching(metrics.published_campaigns()) if status == 200 else []
    page, query = listing.paged(request, campaigns, PAGE_SIZE)
    context = {
        "section": "campaigns",
        "form": form,
        "page_obj": page,
        "query": query,
        "images": IMAGES,
    }
    return render(request, "public/campaign_list.html", context, status=status)


@pages.page
def campaign_detail(request, pk):
    campaign = metrics.published_campaign(pk)
    if campaign is None:
        raise Http404
    context = {"section": "campaigns", "campaign": campaign, "reach": reach(campaign)}
    return render(request, "public/campaign_detail.html", {**context, "images": IMAGES})


@pages.page(cached=False)
def campaign_material(request, pk):
    """A published material's file, for anyone; anything else does not exist here."""
    material = metrics.public_material(pk)
    if material is None:
        raise Http404
    return files.attachment_response(material)


def _published_campaigns():
    return [{"pk": pk} for pk in metrics.published_campaign_ids()]


urls = [
    path("campaigns/", campaign_list, name="campaign-list"),
    path("campaigns/<int:pk>/", campaign_detail, name="campaign-detail"),
    path("campaigns/materials/<int:pk>/", campaign_material, name="campaign-material"),
    # Where these pages were before (printed materials carry these addresses).
    path("knowledge/public/campaigns/", listing.moved("campaign-list"), name="old-campaign-list"),
    path(
        "knowledge/public/campaigns/<int:pk>/",
        listing.moved("campaign-detail", metrics.published_campaign),
        name="old-campaign-detail",
    ),
    path(
        "knowledge/public/materials/<int:pk>/",
        listing.moved("campaign-material", metrics.public_material),
        name="old-campaign-material",
    ),
]

SITEMAP = [("campaign-list", None), ("campaign-detail", _published_campaigns)]
