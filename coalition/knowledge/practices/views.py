"""Good practices: the list, a practice with its documents and review, and the form (the
public site's pages show the published ones).

A practice belongs to a country (or to the regional level) and goes through the access
layer: readers see those of their countries and the regional ones; editors and
contributors record them (a contributor, its own institution's only); country editors
and the regional secretariat review and publish them. Only published practices reach the
public site, and never with their contact person or documents.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, audit, exports, files, generic, publication, scopes
from coalition.core.choices import AuditAction
from coalition.core.forms import EvidenceForm
from coalition.directory.models import Contact
from coalition.knowledge import exports as knowledge_exports
from coalition.knowledge.choices import PracticeStatus
from coalition.knowledge.filters import PracticeFilterSet
from coalition.knowledge.models import Practice, PracticeDocument
from coalition.knowledge.practices.forms import TRANSITIONS, PracticeForm, ReviewForm

PAGE_SIZE = 25
PRACTICE_RULE = access.object_rule(Practice)
PRACTICE_EDIT_RULE = access.object_rule(Practice, "edit")
PRACTICE_APPROVE_RULE = access.object_rule(Practice, "approve")
# A document is changed by whoever may edit its practice (a contributor: its institution's).
DOCUMENT_EDIT_RULE = access.object_rule(Practice, "edit", field="documents")


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
    if exports.asked(request):
        return exports.respond(
            request,
            name=gettext_lazy("good-practices"),
            title=gettext_lazy("Good practices"),
            columns=knowledge_exports.practice_columns(request),
            rows=filterset.qs,
            model=Practice,
            filterset=filterset,
        )
    page, query = _page(request, filterset.qs)
    return render(
        request,
        "knowledge/practice_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query": query,
            "can_add": access.EDITOR.allows(request.user),
            "can_export": access.can_export(request.user),
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


class PracticeEdit:
    """The practice form (its working copy: a published practice's public version stays
    as it was), with a document that may be sent with it."""

    model = Practice
    related = ("country", "institution", "institution__country", "reviewed_by", "created_by")
    form_class = PracticeForm
    template_name = "knowledge/practice_form.html"
    context_object_name = "practice"
    upload_form_class = EvidenceForm
    attachment_model = PracticeDocument
    upload_parent_field = "practice"


class PracticeCreateView(PracticeEdit, generic.RecordCreateView):
    """A new practice, as a draft; a contributor's is its own institution's."""

    created_message = gettext_lazy(
        "Good practice “%(title)s” saved as a draft: it is published once reviewed."
    )

    def get_initial(self):
        initial = super().get_initial()
        owner = access.contributor_organization_ids(self.request.user)
        if owner and len(owner) == 1:
            initial["institution"] = next(iter(owner))
        return initial

    def before_save(self, practice, form):
        super().before_save(practice, form)
        practice.status = PracticeStatus.DRAFT


class PracticeUpdateView(PracticeEdit, generic.RecordUpdateView):
    """Edit a practice. When someone who may not approve it changes what a reviewed
    practice says, it goes back to draft to be reviewed again. A published practice stays
    on the public site as it was published: the edit waits until it is published again."""

    updated_message = gettext_lazy("Practice saved.")
    returned = False

    @property
    def returns_to_draft(self):
        may_approve = access.can_approve(self.request.user, self.object)
        return not may_approve and self.object.status == PracticeStatus.REVIEWED

    def setup_forms(self):
        super().setup_forms()
        self.will_return = self.returns_to_draft

    def before_save(self, practice, form):
        super().before_save(practice, form)
        self.returned = self.will_return and form.content_changed()
        if self.returned:
            practice.status = PracticeStatus.DRAFT

    def saved(self, practice):
        if self.returned:
            messages.warning(
                self.request,
                _(
                    "Practice saved. Its content changed, so it went back to draft: a country "
                    "editor must review it again before it is published."
                ),
            )
        elif practice.has_pending_edit:
            messages.warning(
                self.request,
                _(
                    "Practice saved. The public site keeps showing the published version "
                    "until a country editor publishes the changes."
                ),
            )
        else:
            super().saved(practice)

    def get_context_data(self, **kwargs):
        return super().get_context_data(returns_to_draft=self.will_return, **kwargs)


class PracticeDeleteView(generic.RecordDeleteView):
    """Remove a practice with its documents (their files once committed)."""

    model = Practice
    attachments = "documents"
    deleted_message = gettext_lazy("Good practice “%(title)s” deleted.")
    list_url_name = "practice-list"


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
