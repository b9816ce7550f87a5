"""The columns of the knowledge lists' spreadsheets (``?export=xlsx`` or ``?export=csv`` on
the list of good practices, campaigns and SWOT analyses): the list's columns, then the
record's details and its address. The agreements' columns are in ``agreements.views``.

A practice's contact person is a directory contact (personal data): the export leaves it
out, as the list does.
"""

from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from coalition.knowledge.choices import Quadrant
from coalition.knowledge.models import Campaign
from coalition.lib.exports import Column


def link(request):
    """A column of the record's full address."""
    return Column(_("Link"), lambda row: request.build_absolute_uri(row.get_absolute_url()), 40)


def practice_columns(request):
    return [
        Column(_("Title"), "title", width=40),
        Column(_("Country"), "country.name"),
        Column(_("Axis of action"), lambda p: p.get_axis_display(), width=24),
        Column(_("Institution"), lambda p: p.institution.name if p.institution else "", 30),
        Column(_("Year"), "year", width=8),
        Column(_("Review status"), lambda p: p.get_status_display(), width=16),
        Column(_("Description"), "description", width=60),
        Column(_("Results"), "results", width=50),
        Column(_("Success factors"), "success_factors", width=50),
        Column(_("Replicability"), lambda p: p.get_replicability_display(), width=14),
        Column(_("Replicability notes"), "replicability_notes", width=40),
        Column(_("Reviewed"), lambda p: _date(p.reviewed_at), width=12),
        Column(_("Published"), lambda p: _date(p.published_at), width=12),
        link(request),
    ]


def _date(moment):
    return timezone.localdate(moment) if moment else None


def _reach_columns():
    from coalition.knowledge.campaigns.forms import REACH_FIELDS

    return [
        Column(capfirst(Campaign._meta.get_field(name).verbose_name), name, width=14)
        for name in REACH_FIELDS
    ]


def campaign_columns(request):
    return [
        Column(_("Campaign"), "title", width=40),
        Column(_("Country"), "country.name"),
        Column(_("Scope"), lambda c: _("Regional") if c.country.is_regional else _("National")),
        Column(_("Starts"), "starts", width=12),
        Column(_("Ends"), "ends", width=12),
        Column(_("Channels"), lambda c: c.channel_labels(), width=30),
        Column(_("Audiences"), lambda c: c.audience_labels(), width=30),
        Column(_("Languages"), lambda c: c.language_labels(), width=16),
        Column(_("Organizations"), lambda c: [o.short_name for o in c.organizations.all()], 24),
        Column(_("Key message"), "message", width=50),
        *_reach_columns(),
        Column(_("Materials"), "material_count", width=10),
        Column(_("Public materials"), "published_count", width=10),
        link(request),
    ]


def swot_columns(request):
    return [
        Column(_("Country or regional level"), "country.name", width=24),
        Column(_("Exercise (year)"), "year", width=10),
        *[
            Column(format_lazy("{}: {}", _("Items"), label), f"n_{code}", width=14)
            for code, label in Quadrant.choices
        ],
        Column(_("Summary"), "summary", width=60),
        Column(_("Updated"), lambda s: _date(s.updated), width=12),
        link(request),
    ]
