"""Awareness campaign pages (objective IV): the list with its reach totals, a campaign and
its materials, the campaign form, and the approval and publication of materials (the
public site's pages show the published ones).

Campaigns belong to a country or to the regional level and go through the access layer:
readers see those of their countries and the regional ones (partners the regional ones
only); whoever edits a country records its campaigns and uploads materials; only a country
editor or a regional admin (``access.can_approve``) approves and publishes a material. The
public sees a campaign once one of its materials is published, and only those materials.
The public pages show the versions last published (``core.publication``): the campaign's
fields are published with its first published material, and its later edits wait until
someone who may approve publishes them.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, audit, exports, files, generic, publication, scopes
from coalition.core.choices import AuditAction
from coalition.knowledge import exports as knowledge_exports
from coalition.knowledge.campaigns.forms import (
    REACH_FIELDS,
    CampaignForm,
    CampaignMaterialForm,
)
from coalition.knowledge.choices import Audience, Channel, Language
from coalition.knowledge.filters import CampaignFilterSet
from coalition.knowledge.models import Campaign, CampaignMaterial
from coalition.lib.text import int_or_none
from coalition.plans.models import Activity

PAGE_SIZE = 25
CAMPAIGN_RULE = access.object_rule(Campaign)
CAMPAIGN_EDIT_RULE = access.object_rule(Campaign, "edit")
CAMPAIGN_APPROVE_RULE = access.object_rule(Campaign, "approve")
MATERIAL_RULE = access.object_rule(CampaignMaterial)
MATERIAL_EDIT_RULE = access.object_rule(CampaignMaterial, "edit")
MATERIAL_APPROVE_RULE = access.object_rule(CampaignMaterial, "approve")
ORDERINGS = [
    ("-starts", gettext_lazy("Newest first")),
    ("starts", gettext_lazy("Oldest first")),
    ("title", gettext_lazy("Title")),
    ("country", gettext_lazy("Country")),
]


def reach_labels():
    """(field, label) of each reach figure, in the form's order."""
    return [(name, Campaign._meta.get_field(name).verbose_name) for name in REACH_FIELDS]


def _page(request, queryset, size):
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# --- list --------------------------------------------------------------------------------


def totals(campaigns):
    """The reach figures summed over ``campaigns`` (and how many there are), in one query;
    the subquery keeps a campaign that a join repeats from being counted twice."""
    sums = {name: Sum(name) for name in REACH_FIELDS}
    row = Campaign.objects.filter(pk__in=campaigns.values("pk")).aggregate(
        campaigns=Count("pk"), **sums
    )
    return {name: row[name] or 0 for name in ("campaigns", *REACH_FIELDS)}


@access.rule(access.READER)
@require_GET
def campaign_list(request):
    """Campaigns filtered by country, channel, audience, language, year or plan activity,
    with the total reach of those that match."""
    campaigns = Campaign.objects.visible_to(request.user).select_related("country")
    filterset = CampaignFilterSet.for_list(request, campaigns)
    data = filterset.data
    matching = filterset.qs
    if not filterset.sorted_by_reader:
        matching = matching.order_by("-starts", "title", "pk")
    listed = matching.annotate(
        material_count=Count("materials", distinct=True),
        published_count=Count("materials", filter=Q(materials__published=True), distinct=True),
    )
    if exports.asked(request):
        return exports.respond(
            request,
            name=gettext_lazy("campaigns"),
            title=gettext_lazy("Campaigns"),
            columns=knowledge_exports.campaign_columns(request),
            rows=listed.prefetch_related("organizations"),
            model=Campaign,
            filterset=filterset,
        )
    page, query = _page(request, listed, PAGE_SIZE)
    summed = totals(matching)
    activity_pk = int_or_none(data.get("activity"))
    activity = (
        Activity.objects.select_related("plan").filter(pk=activity_pk).first()
        if activity_pk
        else None
    )
    context = {
        "filter": filterset,
        "data": data,
        "page_obj": page,
        "query": query,
        "totals": summed,
        "reach_totals": [(name, label, summed[name]) for name, label in reach_labels()],
        "countries": scopes.visible_countries(request.user),
        "channels": Channel.choices,
        "audiences": Audience.choices,
        "languages": Language.choices,
        "orderings": ORDERINGS,
        "activity": activity,
        "can_create": access.EDITOR.allows(request.user),
        "can_export": access.can_export(request.user),
    }
    return render(request, "knowledge/campaign_list.html", context)


# --- one campaign ------------------------------------------------------------------------


def _campaign(request, pk, action="view"):
    queryset = Campaign.objects.select_related("country", "created_by")
    if action == "edit":
        return access.get_editable_or_403(queryset, request.user, request=request, pk=pk)
    return access.get_visible_or_404(queryset, request.user, pk=pk)


def _detail_page(request, campaign, material_form=None, status=200):
    can_edit = access.can_edit(request.user, campaign)
    # A material's country is its campaign's: who may approve one may approve them all.
    can_approve = access.can_manage_country(request.user, campaign.country)
    if material_form is None and can_edit:
        material_form = CampaignMaterialForm()
    context = {
        "campaign": campaign,
        "changes": campaign.pending_changes(),
        "activities": campaign.activities.in_plan_order(),
        "organizations": campaign.organizations.select_related("country").order_by("name"),
        "materials": list(campaign.materials.select_related("approved_by", "uploaded_by")),
        "reach": [(label, getattr(campaign, name)) for name, label in reach_labels()],
        "can_edit": can_edit,
        "can_approve": can_approve,
        "material_form": material_form if can_edit else None,
    }
    return render(request, "knowledge/campaign_detail.html", context, status=status)


@access.rule(CAMPAIGN_RULE)
@require_GET
def campaign_detail(request, pk):
    """The campaign, its reach, the plan activities it verifies and its materials."""
    return _detail_page(request, _campaign(request, pk))


class CampaignEdit:
    """The campaign form, with a material that may be sent with it."""

    model = Campaign
    related = ("country", "created_by")
    form_class = CampaignForm
    template_name = "knowledge/campaign_form.html"
    context_object_name = "campaign"
    upload_form_class = CampaignMaterialForm
    attachment_model = CampaignMaterial
    upload_parent_field = "campaign"
    # The plan activity it verifies may come in the address (?activity=).
    activity_field = "activities"

    def save_related(self, campaign, form):
        form.save_m2m()
        # Materials follow their campaign when it moves to another country (or region).
        campaign.materials.exclude(country=campaign.country).update(country=campaign.country)

    def get_context_data(self, **kwargs):
        form = self.form
        return super().get_context_data(
            main_fields=[f for f in form.visible_fields() if f.name not in REACH_FIELDS],
            reach_fields=[form[name] for name in REACH_FIELDS],
            **kwargs,
        )


class CampaignCreateView(CampaignEdit, generic.RecordCreateView):
    created_message = gettext_lazy("Campaign “%(title)s” created.")


class CampaignUpdateView(CampaignEdit, generic.RecordUpdateView):
    updated_message = gettext_lazy("Campaign saved.")

    def saved(self, campaign):
        if not campaign.has_pending_edit:
            return super().saved(campaign)
        messages.warning(
            self.request,
            _(
                "Campaign saved. The public site keeps showing the published version "
                "until a country editor publishes the changes."
            ),
        )


@access.rule(CAMPAIGN_APPROVE_RULE)
@require_POST
def campaign_publish(request, pk):
    """Publish the campaign's changes: the public pages show them from now on."""
    campaign = _campaign(request, pk)
    if not campaign.is_public:
        messages.error(
            request, _("Publish one of its materials first: the campaign is not public.")
        )
        return _detail_page(request, campaign, status=400)
    with transaction.atomic():
        publication.publish(request, campaign)
    messages.success(request, _("Changes published: the public site shows them now."))
    return redirect(campaign)


class CampaignDeleteView(generic.RecordDeleteView):
    """Remove a campaign with its materials (their files once committed); one with approved
    materials only by those who may approve them."""

    model = Campaign
    attachments = "materials"
    deleted_message = gettext_lazy("Campaign “%(title)s” deleted.")
    list_url_name = "campaign-list"

    def check(self, campaign):
        approved = campaign.materials.filter(approved=True).exists()
        if approved and not access.can_manage_country(self.request.user, campaign.country):
            access.deny(self.request, campaign, reason="approved materials")


# --- materials ---------------------------------------------------------------------------


@access.rule(CAMPAIGN_EDIT_RULE)
@require_POST
def material_upload(request, pk):
    """Attach a material (audio spot, brochure, image...); it starts as a draft."""
    campaign = _campaign(request, pk, "edit")
    return files.attach(
        request,
        files.Upload(request, CampaignMaterialForm, prefix=None, required=True),
        CampaignMaterial(campaign=campaign, country=campaign.country),
        refused=lambda form: _detail_page(request, campaign, material_form=form, status=400),
        back=f"{campaign.get_absolute_url()}#materials",
    )


def _material(request, pk, action="view"):
    queryset = CampaignMaterial.objects.select_related("campaign__country")
    if action == "edit":
        return access.get_editable_or_403(queryset, request.user, request=request, pk=pk)
    return access.get_visible_or_404(queryset, request.user, pk=pk)


@access.rule(MATERIAL_RULE)
@require_GET
def material_download(request, pk):
    """The file, to those who see the campaign; every download is in the audit log."""
    return files.send(request, _material(request, pk))


def _approval_change(material, action, user):
    """Apply ``action`` to ``material``: (audit action, message) or raise ValueError with
    what is wrong. Publishing takes the material's published version; taking it back (or
    its approval) drops it."""
    if action == "approve":
        material.approved, material.approved_by = True, user
        return AuditAction.APPROVE, _("“%(title)s” approved.")
    if action == "unapprove":
        material.approved, material.approved_by, material.published = False, None, False
        publication.drop(material)
        return AuditAction.UPDATE, _("“%(title)s” is a draft again and not published.")
    if action == "publish":
        if not material.approved:
            raise ValueError(
                _("“%(title)s” is not approved: approve a material before publishing it.")
            )
        material.published = True
        publication.take(material)
        return AuditAction.PUBLISH, _("“%(title)s” is published on the public site.")
    if action == "unpublish":
        material.published = False
        publication.drop(material)
        return AuditAction.UNPUBLISH, _("“%(title)s” was withdrawn from the public site.")
    raise ValueError(_("Unknown action: choose approve, unapprove, publish or unpublish."))


def _follow_materials(request, campaign):
    """A campaign is public while one of its materials is: its fields are published with
    its first published material and withdrawn with its last."""
    public = campaign.materials.filter(published_version__isnull=False).exists()
    if public and not campaign.is_public:
        publication.publish(request, campaign)
    elif not public:
        publication.unpublish(request, campaign)


@access.rule(MATERIAL_APPROVE_RULE)
@require_POST
def material_update(request, pk):
    """Approve or publish a material, or take either back (``action`` in the form)."""
    material = _material(request, pk)
    before = audit.snapshot(material)
    try:
        action, message = _approval_change(material, request.POST.get("action"), request.user)
    except ValueError as error:
        messages.error(request, str(error) % {"title": material.title})
        return _detail_page(request, material.campaign, status=400)
    fields = ["approved", "approved_by", "published", "published_version", "updated"]
    with transaction.atomic():
        material.save(update_fields=fields)
        audit.record(request, action, material, before=before, after=audit.snapshot(material))
        _follow_materials(request, material.campaign)
    messages.success(request, message % {"title": material.title})
    return redirect(f"{material.campaign.get_absolute_url()}#materials")


@access.rule(MATERIAL_EDIT_RULE)
@require_POST
def material_delete(request, pk):
    """Remove a material; one that was approved only by those who may approve."""
    material = _material(request, pk, "edit")
    if material.approved and not access.can_approve(request.user, material):
        access.deny(request, material, reason="approved material")
    campaign = material.campaign
    files.discard(request, material)
    if material.is_public:
        with transaction.atomic():
            _follow_materials(request, campaign)
    messages.success(request, _("“%(name)s” removed.") % {"name": material.original_name})
    return redirect(f"{campaign.get_absolute_url()}#materials")
