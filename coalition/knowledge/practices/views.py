"""Good practices: the list, a practice with its documents and review, the form, and the
public pages of published practices.

A practice belongs to a country (or to the regional level) and goes through the access
layer: readers see those of their countries and the regional ones; editors and
contributors record them (a contributor, its own institution's only); country editors
and the regional secretariat review and publish them. Only published practices reach the
public site, and never with their contact person or documents.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core import access, audit, files, publication, scopes
from coalition.core.choices import AuditAction, Axis
from coalition.core.forms import EvidenceForm
from coalition.core.models import Country
from coalition.directory.models import Contact
from coalition.knowledge.choices import PracticeStatus
from coalition.knowledge.filters import PracticeFilterSet
from coalition.knowledge.models import Practice, PracticeDocument
from coalition.knowledge.practices.forms import TRANSITIONS, PracticeForm, ReviewForm
from coalition.lib.text import fold

PAGE_SIZE = 25
PRACTICE_RULE = access.object_rule(Practice)
PRACTICE_EDIT_RULE = access.object_rule(Practice, "edit")
PRACTICE_APPROVE_RULE = access.object_rule(Practice, "approve")
# A document is changed by whoever may edit its practice (a contributor: its institution's).
DOCUMENT_EDIT_RULE = access.object_rule(Practice, "edit", field="documents")
PUBLIC_FILTERS = ("q", "country", "axis")


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    return page, rest.urlencode()


# --- list --------------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def practice_list(request):
    """The practices the user may see: searched, filtered, sorted and paged."""
    practices = access.restrict(Practice.objects.all(), request.user).select_related(
        "country", "institution"
    )
    filterset = PracticeFilterSet.for_list(request, practices)
    filterset.form.fields["country"].queryset = scopes.visible_countries(request.user)
    page, query = _page(request, filterset.qs)
    return render(
        request,
        "knowledge/practice_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query": query,
            "can_add": access.EDITOR.allows(request.user),
        },
    )


# --- one practice ------------------------------------------------------------------------


def _practice(request, pk, action="view"):
    queryset = Practice.objects.select_related(
        "country", "institution", "institution__country", "reviewed_by", "created_by"
    )
    if action == "edit":
        return access.get_editable_or_403(queryset, request.user, request=request, pk=pk)
    return access.get_visible_or_404(queryset, request.user, pk=pk)


def _contact_card(request, practice):
    """The practice's contact, when the user may see that person (the data roles of the
    contact's country); opening it is written to the audit log, as in the directory."""
    if practice.contact_id is None:
        return None
    contact = (
        access.restrict(Contact.objects.all(), request.user)
        .select_related("organization")
        .filter(pk=practice.contact_id)
        .first()
    )
    if contact is not None:
        with transaction.atomic():
            audit.record(request, AuditAction.VIEW, contact, after={"practice": practice.pk})
    return contact


def _review_moves(practice):
    """(status, button label, button style) of each move the practice may make now; an
    edit awaiting review is published from the box that shows it ("Publish the changes")."""
    if practice.status == PracticeStatus.PUBLISHED:
        return [(PracticeStatus.REVIEWED, _("Unpublish"), "outline-danger")]
    buttons = [
        (PracticeStatus.REVIEWED, _("Mark as reviewed"), "primary"),
        (PracticeStatus.PUBLISHED, _("Publish on the public site"), "success"),
        (PracticeStatus.DRAFT, _("Return to draft"), "outline-secondary"),
    ]
    allowed = TRANSITIONS.get(practice.status, ())
    return [button for button in buttons if button[0] in allowed]


def _detail(request, practice, document_form=None, status=200):
    """The practice's page; with a bound ``document_form`` (a refused upload), its errors."""
    can_edit = access.can_edit(request.user, practice)
    can_approve = access.can_approve(request.user, practice)
    changes = practice.pending_changes()
    context = {
        "practice": practice,
        "changes": changes,
        "documents": list(practice.documents.select_related("uploaded_by")),
        "contact": _contact_card(request, practice),
        "can_edit": can_edit,
        "can_approve": can_approve,
        "review_moves": _review_moves(practice) if can_approve else [],
        "publish_url": reverse("practice-review", args=[practice.pk]) if can_approve else "",
        "publish_data": [("status", PracticeStatus.PUBLISHED)],
        "document_form": (document_form or EvidenceForm()) if can_edit else None,
    }
    return render(request, "knowledge/practice_detail.html", context, status=status)


@access.rule(PRACTICE_RULE)
@require_GET
def practice_detail(request, pk):
    return _detail(request, _practice(request, pk))


def _save(request, form, upload, before=None, returned=False):
    """Save the working copy and the document sent with it, together or not at all; a
    published practice's public version stays as it was."""
    with transaction.atomic():
        practice = form.save(commit=False)
        if practice.created_by_id is None:
            practice.created_by = request.user
        if before is None or returned:
            # New practices start as drafts; a changed one goes back to be reviewed again.
            practice.status = PracticeStatus.DRAFT
        practice.save()
        access.recheck_editable(request.user, practice)
        audit.record(
            request,
            AuditAction.UPDATE if before else AuditAction.CREATE,
            practice,
            before=before,
            after=audit.snapshot(practice),
        )
        upload.save(request, PracticeDocument(practice=practice, country=practice.country))
    return practice


def _form_page(request, form, upload, practice, returns_to_draft=False):
    return render(
        request,
        "knowledge/practice_form.html",
        {
            "form": form,
            "upload_form": upload.form,
            "practice": practice,
            "returns_to_draft": returns_to_draft,
        },
        status=400 if form.errors or upload.form.errors else 200,
    )


@access.rule(access.EDITOR)
@require_http_methods(["GET", "POST"])
def practice_create(request):
    """A new practice, as a draft; a contributor's is its own institution's."""
    initial = {}
    editable = access.editable_country_ids(request.user)
    if editable and len(editable) == 1:
        initial["country"] = next(iter(editable))
    owner = access.contributor_organization_ids(request.user)
    if owner and len(owner) == 1:
        initial["institution"] = next(iter(owner))
    form = PracticeForm(request.POST or None, user=request.user, initial=initial)
    upload = files.Upload(request, EvidenceForm)
    if request.method == "POST" and files.all_valid(form, upload):
        practice = _save(request, form, upload)
        messages.success(
            request,
            _("Good practice “%(title)s” saved as a draft: it is published once reviewed.")
            % {"title": practice.title},
        )
        return redirect(practice)
    return _form_page(request, form, upload, None)


@access.rule(PRACTICE_EDIT_RULE)
@require_http_methods(["GET", "POST"])
def practice_update(request, pk):
    """Edit a practice. When someone who may not approve it changes what a reviewed
    practice says, it goes back to draft to be reviewed again. A published practice stays
    on the public site as it was published: the edit waits until it is published again."""
    practice = _practice(request, pk, "edit")
    before = audit.snapshot(practice)
    was = practice.status
    may_approve = access.can_approve(request.user, practice)
    returns_to_draft = not may_approve and was == PracticeStatus.REVIEWED
    form = PracticeForm(request.POST or None, instance=practice, user=request.user)
    upload = files.Upload(request, EvidenceForm)
    if request.method == "POST" and files.all_valid(form, upload):
        returned = returns_to_draft and form.content_changed()
        practice = _save(request, form, upload, before=before, returned=returned)
        if returned:
            messages.warning(
                request,
                _(
                    "Practice saved. Its content changed, so it went back to draft: a country "
                    "editor must review it again before it is published."
                ),
            )
        elif practice.has_pending_edit:
            messages.warning(
                request,
                _(
                    "Practice saved. The public site keeps showing the published version "
                    "until a country editor publishes the changes."
                ),
            )
        else:
            messages.success(request, _("Practice saved."))
        return redirect(practice)
    return _form_page(request, form, upload, practice, returns_to_draft=returns_to_draft)


@access.rule(PRACTICE_EDIT_RULE)
@require_POST
def practice_delete(request, pk):
    """Remove a practice with its documents (their files once committed)."""
    practice = _practice(request, pk, "edit")
    files.delete_with_files(request, practice, practice.documents.all(), audit.snapshot(practice))
    messages.success(request, _("Good practice “%(title)s” deleted.") % {"title": practice.title})
    return redirect("practice-list")


# --- review ------------------------------------------------------------------------------


def _review_outcome(old, new):
    """(audit action, message) of a review move."""
    if new == PracticeStatus.PUBLISHED and old == PracticeStatus.PUBLISHED:
        return AuditAction.PUBLISH, _("Changes published: the public site shows them now.")
    if new == PracticeStatus.PUBLISHED:
        return AuditAction.PUBLISH, _("Published: the practice is on the public site.")
    if new == PracticeStatus.REVIEWED and old == PracticeStatus.DRAFT:
        return AuditAction.APPROVE, _("Marked as reviewed: it can now be published.")
    if new == PracticeStatus.REVIEWED:
        return AuditAction.UNPUBLISH, _(
            "Unpublished: the practice is no longer on the public site."
        )
    return AuditAction.RETURN, _("Returned to draft.")


@access.rule(PRACTICE_APPROVE_RULE)
@require_POST
def practice_review(request, pk):
    """Move a practice along draft → reviewed → published, or back one step; publishing a
    published practice again publishes its changes."""
    practice = _practice(request, pk)
    form = ReviewForm(request.POST, practice=practice)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _detail(request, practice, status=400)
    old, new = practice.status, form.cleaned_data["status"]
    action, message = _review_outcome(old, new)
    before = audit.snapshot(practice)
    now = timezone.now()
    with transaction.atomic():
        practice.status = new
        practice.reviewed_by = request.user
        practice.reviewed_at = now
        if new == PracticeStatus.PUBLISHED:
            practice.published_at = now
            publication.take(practice)
        else:
            practice.published_at = None
            publication.drop(practice)
        practice.save()
        audit.record(request, action, practice, before=before, after=audit.snapshot(practice))
    messages.success(request, message)
    return redirect(practice)


# --- documents ---------------------------------------------------------------------------


@access.rule(PRACTICE_EDIT_RULE)
@require_POST
def document_upload(request, pk):
    practice = _practice(request, pk, "edit")
    return files.attach(
        request,
        files.Upload(request, EvidenceForm, prefix=None, required=True),
        PracticeDocument(practice=practice, country=practice.country),
        refused=lambda form: _detail(request, practice, document_form=form, status=400),
        back=f"{practice.get_absolute_url()}#documents",
    )


@access.rule(access.object_rule(PracticeDocument))
@require_GET
def document_download(request, pk):
    return files.download(request, PracticeDocument.objects.all(), pk)


@access.rule(DOCUMENT_EDIT_RULE)
@require_POST
def document_delete(request, pk):
    document = access.get_visible_or_404(
        PracticeDocument.objects.select_related("practice"), request.user, pk=pk
    )
    practice = access.get_editable_or_403(
        Practice.objects.all(), request.user, request=request, pk=document.practice_id
    )
    return files.remove(request, document, f"{practice.get_absolute_url()}#documents")


# --- public site -------------------------------------------------------------------------


def _published():
    """The published versions of the practices (never their working copies), by title."""
    copies = publication.public_copies(Practice.objects.all(), related=["country", "institution"])
    return sorted(copies, key=lambda practice: (fold(practice.title), practice.pk))


def _matching(practices, form):
    """The practices that match a valid public filter form (country, axis, search words)."""
    if not form.is_valid():
        return []
    country, axis = form.cleaned_data.get("country"), form.cleaned_data.get("axis")
    words = fold(form.cleaned_data.get("q") or "").split()
    return [
        practice
        for practice in practices
        if (country is None or practice.country_id == country.pk)
        and (not axis or practice.axis == axis)
        and all(word in practice.folded_text() for word in words)
    ]


@access.rule(access.PUBLIC)
@require_GET
def public_practice_list(request):
    """Published practices, for anyone: searched and filtered by country and axis."""
    data = {key: request.GET[key] for key in PUBLIC_FILTERS if request.GET.get(key)}
    filterset = PracticeFilterSet(data, queryset=Practice.objects.none())
    countries = Country.objects.active().order_by("-is_regional", "name_es")
    filterset.form.fields["country"].queryset = countries
    page, query = _page(request, _matching(_published(), filterset.form))
    return render(
        request,
        "knowledge/public_practice_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query": query,
            "countries": countries,
            "axes": Axis.choices,
            "filtered": bool(data),
        },
    )


@access.rule(access.PUBLIC)
@require_GET
def public_practice_detail(request, pk):
    """A published practice as it was published, without its contact person or documents;
    404 otherwise."""
    practice = publication.public_copy(get_object_or_404(Practice, pk=pk))
    if practice is None:
        raise Http404
    return render(request, "knowledge/public_practice_detail.html", {"practice": practice})
