"""Directory pages: the search page (contacts and institutions, one box, ranked), a
contact's page and form (the public "get help" pages are the public site's).

Contacts are personal data: their pages are for the data roles of the contact's country
(and everyone's regional level); opening one is written to the audit log. Public records
(institutions flagged public, and institutional lines flagged public) are listed on the
public help page of their country (``public.views.help``), without addresses.
"""

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from coalition.core import access, audit, exports, generic, scopes
from coalition.core.choices import AuditAction, Axis, OrganizationKind, Service
from coalition.core.models import Country, Organization
from coalition.directory import list_export
from coalition.directory.choices import RECORD_KINDS, ContactKind
from coalition.directory.forms import ContactForm
from coalition.directory.models import Contact
from coalition.directory.search import search
from coalition.lib.text import BIGGEST_INT, int_or_none

PAGE_SIZE = 25
# A contact's page: the data roles of its country read all of it; every reader, the public
# fields of a public line (what the public help page shows).
CONTACT_RULE = access.page_rule(Contact)


def _flag(value):
    return {"true": True, "false": False}.get((value or "").lower())


@access.rule(access.READER)
@require_GET
def directory(request):
    """One search box over contacts and institutions, with filters; ranked by relevance."""
    params = scopes.filter_data(request)
    code = params.get("country")
    country = Country.objects.filter(iso2=code).first() if code else None
    kinds = {value for value, _label in RECORD_KINDS}
    filters = {
        "country": country,
        "axis": params.get("axis") if params.get("axis") in Axis.values else None,
        "service": params.get("service") if params.get("service") in Service.values else None,
        "kind": params.get("kind") if params.get("kind") in kinds else None,
        "public": _flag(params.get("public")),
        "international": _flag(params.get("international")),
    }
    query = params.get("q", "")[:200]
    if exports.asked(request):
        return list_export.respond(request, query, filters, params)
    # A page beyond any offset the database takes is read as the first.
    number = int_or_none(params.get("page"), minimum=1, maximum=BIGGEST_INT // PAGE_SIZE) or 1
    result = search(
        request.user, query, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, **filters
    )
    paginator = Paginator(range(result.total), PAGE_SIZE)
    if number > paginator.num_pages and result.total:  # a page past the end: show the last
        number = paginator.num_pages
        result = search(
            request.user, query, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, **filters
        )
    number = min(number, paginator.num_pages)
    page = Page(result.hits, number, paginator)
    rest = params.copy()
    rest.pop("page", None)
    people = access.people_country_ids(request.user)
    context = {
        "hits": result.hits,
        "page_obj": page,
        "query_text": query,
        "filters": filters,
        "query": rest.urlencode(),
        "countries": Country.objects.active().order_by("-is_regional", "name_es"),
        "axes": Axis.choices,
        "services": Service.choices,
        "contact_kinds": ContactKind.choices,
        "organization_kinds": OrganizationKind.choices,
        "can_add": access.EDITOR.allows(request.user),
        "can_see_people": people != set(),
        "can_export": access.can_export(request.user),
        "capped": result.capped,
    }
    template = "directory/directory.html"
    if request.htmx and not request.htmx.boosted:
        template = "directory/_results.html"
    return render(request, template, context)


@access.rule(CONTACT_RULE)
@require_GET
def contact_detail(request, pk):
    contact = access.get_openable_or_404(
        Contact.objects.select_related("organization", "country", "verified_by"),
        request.user,
        pk=pk,
    )
    full = access.sees_in_full(request.user, contact)
    if full:  # reading personal data is audited; a public line's public fields are not
        with transaction.atomic():
            audit.record(request, AuditAction.VIEW, contact)
    return render(
        request,
        "directory/contact_detail.html",
        {
            "contact": contact,
            "full": full,
            "can_edit": access.can_edit(request.user, contact),
        },
    )


class ContactEdit:
    """The contact form. Whoever saves the record has just checked it: it counts as
    verified today."""

    model = Contact
    related = ("organization",)
    form_class = ContactForm
    template_name = "directory/contact_form.html"
    context_object_name = "contact"

    def before_save(self, contact, form):
        contact.mark_verified(self.request.user)


class ContactCreateView(ContactEdit, generic.RecordCreateView):
    created_message = gettext_lazy("Contact “%(name)s” saved.")

    def get_initial(self):
        initial = super().get_initial()
        organization = int_or_none(self.request.GET.get("organization"))
        if Organization.objects.filter(pk=organization).exists():
            initial["organization"] = organization
        return initial


class ContactUpdateView(ContactEdit, generic.RecordUpdateView):
    updated_message = gettext_lazy("Contact saved and marked as verified today.")


class ContactDeleteView(generic.RecordDeleteView):
    model = Contact
    deleted_message = gettext_lazy("Contact “%(name)s” deleted.")
    list_url_name = "directory"
