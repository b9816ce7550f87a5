"""A contact or a filtered list of contacts as vCards, and the pages that print the key
international contacts' cards (made by ``directory.cards``, at once or as a background job).

Contacts are personal data: every file is written to the audit log, and only contacts the
user may see go into it.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, audit, jobs
from coalition.core.choices import AuditAction
from coalition.core.files import bad_request, download_response, export_language
from coalition.core.models import Country
from coalition.directory import cards
from coalition.directory import tasks as directory_tasks
from coalition.directory.filters import ContactFilterSet
from coalition.directory.models import Contact
from coalition.directory.vcards import vcard_for, vcards_for
from coalition.lib.text import int_or_none

VCARD = "text/vcard; charset=utf-8"
# A list vCard larger than this is refused: narrow the filters.
MAX_VCARDS = 5000


# --- vCards ------------------------------------------------------------------------------


@access.rule(access.object_rule(Contact))
@require_GET
def contact_vcard(request, pk):
    """One contact as a vCard file."""
    contact = access.get_visible_or_404(
        Contact.objects.select_related("organization"), request.user, pk=pk
    )
    filename = f"{slugify(contact.name)[:60] or 'contact'}.vcf"
    content = vcard_for(contact)
    with transaction.atomic():
        audit.record(
            request, AuditAction.EXPORT, contact, after={"format": "vcf", "file": filename}
        )
    return download_response(content, VCARD, filename)


@access.rule(access.PEOPLE_READER)
@require_GET
def directory_vcards(request):
    """The contacts the user may see, narrowed by the directory's filters, as one vCard
    file. A bulk export like the CSV one: for the roles that may export."""
    if not access.can_export(request.user):
        access.deny(request, reason="export")
    contacts = access.restrict(Contact.objects.all(), request.user)
    filterset = ContactFilterSet.for_list(request, contacts)
    if not filterset.is_valid():
        # An unknown filter value would otherwise be dropped, exporting more than asked.
        errors = "; ".join(f"{key}: {' '.join(texts)}" for key, texts in filterset.errors.items())
        return bad_request(_("The filters are not valid: %(errors)s") % {"errors": errors})
    contacts = filterset.qs.select_related("organization").order_by("organization__name", "name")
    count = contacts.count()
    if count > MAX_VCARDS:
        return bad_request(
            _(
                "%(count)s contacts match these filters; a vCard file holds at most %(max)s. "
                "Narrow the filters (country, axis, service…)."
            )
            % {"count": count, "max": MAX_VCARDS}
        )
    content = vcards_for(contacts)
    stem = _("contacts")
    filename = f"{slugify(stem) or 'contacts'}-{timezone.localdate():%Y-%m-%d}.vcf"
    filters = {key: value for key, value in request.GET.items() if value}
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            object_type=Contact._meta.label_lower,
            object_repr=_("Directory vCards"),
            after={"format": "vcf", "file": filename, "count": count, **filters},
        )
    return download_response(content, VCARD, filename)


# --- printable cards ---------------------------------------------------------------------


def _scope(request):
    """The country the cards are of (the regional level by default); 404 for a code that is
    not an active country's and for a country whose people the user may not see."""
    code = (request.GET.get("scope") or "regional").strip()
    countries = Country.objects.active()
    if code.lower() == "regional":
        country = countries.filter(is_regional=True).first()
    else:
        country = countries.filter(iso2=code.upper()).first()
    if country is None:
        raise Http404(_("There is no country “%(code)s”.") % {"code": code[:20]})
    visible = access.people_country_ids(request.user)
    if visible is not None and country.pk not in visible:
        raise Http404(_("There is no country “%(code)s”.") % {"code": code[:20]})
    return country


def _chosen_ids(request):
    """The ids of ``?contacts=1,2,3`` (None when not given); ValueError names a bad one."""
    raw = request.GET.get("contacts", "").strip()
    if not raw:
        return None
    ids = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        number = int_or_none(part, minimum=1)
        if number is None:
            raise ValueError(part[:20])
        ids.append(number)
    return ids


def _cards_choices(request):
    """``(scope, chosen ids or None, language, None)`` from the query string (``?scope=``,
    ``?contacts=``, ``?lang=``), or ``(None, None, None, the 400 answer)``; 404 for a
    country whose people the user may not see."""
    language, refusal = export_language(request)
    if refusal:
        return None, None, None, refusal
    scope = _scope(request)
    try:
        chosen = _chosen_ids(request)
    except ValueError as exc:
        return (
            None,
            None,
            None,
            bad_request(
                _("“%(value)s” is not a contact number: use contacts=12,34.") % {"value": exc}
            ),
        )
    if chosen is not None:
        found = set(cards.card_contacts(request.user, scope, chosen).values_list("pk", flat=True))
        missing = sorted(set(chosen) - found)
        if missing:
            return (
                None,
                None,
                None,
                bad_request(
                    _("Not key international contacts of %(scope)s that you may see: %(ids)s.")
                    % {"scope": scope.name, "ids": ", ".join(map(str, missing))}
                ),
            )
    return scope, chosen, language, None


@access.rule(access.PEOPLE_READER)
@require_GET
def directory_cards(request):
    """The key international contacts of a country (?scope=CR) or of the regional level
    (default) as a PDF of wallet-size cards, in Spanish or English (?lang=, default the
    user's language); ?contacts=1,2 prints only those."""
    scope, chosen, language, refusal = _cards_choices(request)
    if refusal:
        return refusal
    content, filename = cards.cards_file(request.user, scope, chosen, language, request=request)
    return download_response(content, "application/pdf", filename)


@access.rule(access.PEOPLE_READER)
@require_POST
def directory_cards_job(request):
    """The same cards, printed in the background (a hundred cards take seconds): the user
    follows them on the job's page and downloads the PDF from there."""
    scope, chosen, language, refusal = _cards_choices(request)
    if refusal:
        return refusal
    job = jobs.start(
        request,
        directory_tasks.print_cards,
        kind="contact-cards",
        title=_("Key international contacts' cards (PDF)"),
        next_url=reverse("directory"),
        args=(scope.pk, chosen, language),
    )
    return redirect(job)
