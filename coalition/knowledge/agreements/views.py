"""Cooperation agreement pages: the list (and its XLSX and CSV exports), an agreement with its
parties, documents, focal points and plan activities, the agreement form and its files.

Agreements belong to the country (or the regional level) that follows them up and go
through the access layer like every country-scoped record. Focal points are directory
contacts: only those who may read the directory see them.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, exports, files, generic, scopes
from coalition.core.models import Country, Organization
from coalition.knowledge.agreements.alerts import ALERT_DAYS, expiry
from coalition.knowledge.agreements.forms import AgreementDocumentForm, AgreementForm
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.filters import AgreementFilterSet
from coalition.knowledge.models import Agreement, AgreementDocument
from coalition.lib.exports import Column
from coalition.lib.text import int_or_none
from coalition.plans.models import Activity

PAGE_SIZE = 25
AGREEMENT_RULE = access.object_rule(Agreement)
AGREEMENT_EDIT_RULE = access.object_rule(Agreement, "edit")


def _filtered(request):
    """The AgreementFilterSet of the list and the export, over the agreements the user
    may see."""
    agreements = (
        Agreement.objects.visible_to(request.user)
        .select_related("country")
        .prefetch_related(
            "party_countries",
            Prefetch("party_organizations", Organization.objects.select_related("country")),
        )
    )
    return AgreementFilterSet.for_list(request, agreements)


def _mark_expiry(agreements, today):
    """Set ``days_left`` (expires within ALERT_DAYS) on each agreement, for the badges."""
    for agreement in agreements:
        agreement.days_left, _lapsed = expiry(agreement, today)
    return agreements


def _short_name(organization):
    """ "UPTT (CR)": the acronym, with the country's code, since national bodies of
    several countries share acronyms."""
    name = organization.short_name
    country = organization.country
    return name if country.is_regional else f"{name} ({country.iso2})"


def _parties(agreement):
    """ "Costa Rica, Nicaragua; OIM": the party countries, then the organizations (from the
    prefetched rows)."""
    countries = ", ".join(c.name for c in agreement.party_countries.all())
    organizations = ", ".join(_short_name(o) for o in agreement.party_organizations.all())
    return "; ".join(part for part in (countries, organizations) if part)


# --- list and export ---------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def agreement_list(request):
    """The agreements the user may see, filtered, with their status and how soon they
    expire."""
    filterset = _filtered(request)
    if exports.asked(request):
        return _export(request, filterset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _mark_expiry(page.object_list, timezone.localdate())
    for agreement in page.object_list:
        agreement.parties = _parties(agreement)
    query = request.GET.copy()
    query.pop("page", None)
    activity_id = int_or_none(request.GET.get("activity"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "query": query.urlencode(),
        "countries": scopes.visible_countries(request.user),
        "party_countries": Country.objects.members().order_by("name_es"),
        "kinds": AgreementKind.choices,
        "statuses": AgreementStatus.choices,
        "selected_statuses": request.GET.getlist("status"),
        "activity": Activity.objects.select_related("plan").filter(pk=activity_id).first()
        if activity_id
        else None,
        "alert_days": ALERT_DAYS,
        "can_create": access.EDITOR.allows(request.user),
        "can_export": access.can_export(request.user),
    }
    return render(
        request,
        "knowledge/agreement_list.html",
        context,
        status=400 if filterset.errors else 200,
    )


def export_columns(request):
    """The list's columns, then the agreement's purpose, whether it is public and its
    address (dates as dates)."""
    return [
        Column(gettext_lazy("Title"), "title", width=40),
        Column(gettext_lazy("Country"), "country.name"),
        Column(gettext_lazy("Type"), lambda a: a.get_kind_display()),
        Column(gettext_lazy("Status"), lambda a: a.get_shown_status_display()),
        Column(gettext_lazy("Parties"), _parties, width=40),
        Column(gettext_lazy("Signed"), "signed_on", width=12),
        Column(gettext_lazy("In force from"), "effective_on", width=12),
        Column(gettext_lazy("Expires"), "expires_on", width=12),
        Column(gettext_lazy("Purpose"), "summary", width=50),
        Column(gettext_lazy("Public"), lambda a: _("Yes") if a.public else _("No"), width=8),
        Column(
            gettext_lazy("Link"),
            lambda a: request.build_absolute_uri(a.get_absolute_url()),
            width=40,
        ),
    ]


def _export(request, filterset, fmt=None):
    return exports.respond(
        request,
        name=gettext_lazy("agreements"),
        title=gettext_lazy("Agreements"),
        columns=export_columns(request),
        rows=filterset.qs,
        model=Agreement,
        filterset=filterset,
        fmt=fmt,
    )


@access.rule(access.EXPORTER)
@require_GET
def agreement_export(request):
    """The former address of the list's XLSX export (``?export=xlsx`` on the list now):
    the same file, with the list's filters, in the page's language or ``?lang=``."""
    return _export(request, _filtered(request), fmt="xlsx")


# --- one agreement -----------------------------------------------------------------------


def _agreement(request, pk, action="view"):
    queryset = Agreement.objects.select_related("country", "created_by")
    if action == "edit":
        return access.get_editable_or_403(queryset, request.user, request=request, pk=pk)
    return access.get_visible_or_404(queryset, request.user, pk=pk)


def _detail_context(request, agreement, document_form=None):
    can_edit = access.can_edit(request.user, agreement)
    sees_contacts = access.PEOPLE_READER.allows(request.user)
    focal_points = None
    if sees_contacts:
        focal_points = list(
            access.restrict(agreement.focal_points.all(), request.user).select_related(
                "organization"
            )
        )
    _mark_expiry([agreement], timezone.localdate())
    return {
        "agreement": agreement,
        "party_countries": list(agreement.party_countries.order_by("name_es")),
        "party_organizations": list(agreement.party_organizations.select_related("country")),
        "focal_points": focal_points,
        "activities": list(agreement.activities.in_plan_order()),
        "documents": list(agreement.documents.select_related("uploaded_by")),
        "can_edit": can_edit,
        "document_form": (document_form or AgreementDocumentForm()) if can_edit else None,
        "alert_days": ALERT_DAYS,
    }


@access.rule(AGREEMENT_RULE)
@require_GET
def agreement_detail(request, pk):
    agreement = _agreement(request, pk)
    return render(request, "knowledge/agreement_detail.html", _detail_context(request, agreement))


class AgreementEdit:
    """The agreement form, with a document that may be sent with it."""

    model = Agreement
    related = ("country", "created_by")
    form_class = AgreementForm
    template_name = "knowledge/agreement_form.html"
    context_object_name = "agreement"
    upload_form_class = AgreementDocumentForm
    attachment_model = AgreementDocument
    upload_parent_field = "agreement"
    # The plan activity it verifies may come in the address (?activity=).
    activity_field = "activities"

    def before_save(self, agreement, form):
        super().before_save(agreement, form)
        if "expires_on" in form.changed_data:
            # A new expiry date is announced again (send_agreement_alerts).
            agreement.alert_sent_on = None

    def save_related(self, agreement, form):
        form.save_m2m()
        for name in ("party_organizations", "focal_points"):
            if form.kept(name):
                getattr(agreement, name).add(*form.kept(name))


class AgreementCreateView(AgreementEdit, generic.RecordCreateView):
    created_message = gettext_lazy("Agreement “%(title)s” created.")


class AgreementUpdateView(AgreementEdit, generic.RecordUpdateView):
    updated_message = gettext_lazy("Agreement saved.")


class AgreementDeleteView(generic.RecordDeleteView):
    """Remove an agreement with its documents (their files once committed)."""

    model = Agreement
    attachments = "documents"
    deleted_message = gettext_lazy("Agreement “%(title)s” deleted.")
    list_url_name = "agreement-list"


# --- documents ---------------------------------------------------------------------------


@access.rule(AGREEMENT_EDIT_RULE)
@require_POST
def document_upload(request, pk):
    agreement = _agreement(request, pk, "edit")
    return files.attach(
        request,
        files.Upload(request, AgreementDocumentForm, prefix=None, required=True),
        AgreementDocument(agreement=agreement, country=agreement.country),
        refused=lambda form: render(
            request,
            "knowledge/agreement_detail.html",
            _detail_context(request, agreement, document_form=form),
            status=400,
        ),
        back=f"{agreement.get_absolute_url()}#documents",
    )


@access.rule(access.object_rule(AgreementDocument))
@require_GET
def document_download(request, pk):
    return files.download(request, AgreementDocument.objects.select_related("agreement"), pk)


@access.rule(access.object_rule(AgreementDocument, "edit"))
@require_POST
def document_delete(request, pk):
    document = access.get_editable_or_403(
        AgreementDocument.objects.select_related("agreement"),
        request.user,
        request=request,
        pk=pk,
    )
    back = f"{document.agreement.get_absolute_url()}#documents"
    return files.remove(request, document, back)
