"""A contact or a filtered list of contacts as vCards, and the printable cards of the key
international contacts: wallet-size cards, ten per A4 page with crop marks, each with a QR
code that carries the contact's vCard.

Contacts are personal data: every file is written to the audit log, and only contacts the
user may see go into it.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, audit, jobs
from coalition.core.choices import AuditAction
from coalition.core.files import bad_request, download_response, export_language
from coalition.core.models import Country
from coalition.directory import tasks as directory_tasks
from coalition.directory.filters import ContactFilterSet
from coalition.directory.models import Contact
from coalition.directory.vcards import qr_png, vcard_for, vcards_for
from coalition.lib.pdf import fitted, html_to_pdf
from coalition.lib.phones import display
from coalition.lib.text import int_or_none

VCARD = "text/vcard; charset=utf-8"
# A list vCard larger than this is refused: narrow the filters.
MAX_VCARDS = 5000
CARDS_PER_PAGE = 10
# What a card prints; the QR code carries them all.
CARD_PHONES = 3
CARD_EMAILS = 2
# An e-mail address is printed on one line, never cut: a long one in a smaller type, down
# to EMAIL_SMALLEST_PT, to fit the text column (50 mm) of the card (lib.pdf.fitted).
EMAIL_PT, EMAIL_SMALLEST_PT, TEXT_WIDTH_MM = 7.0, 4.5, 50


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


def fitted_email(email):
    """``email`` as it fits the card's text column (``lib.pdf.fitted``)."""
    return fitted(email, TEXT_WIDTH_MM, EMAIL_PT, EMAIL_SMALLEST_PT)


def _card(contact):
    """What one card prints, prepared in the active language."""
    organization = contact.organization
    return {
        "contact": contact,
        "organization": organization,
        "phones": [display(number) for number in contact.phones[:CARD_PHONES]],
        "emails": [fitted_email(email) for email in contact.emails[:CARD_EMAILS]],
        "languages": [str(label) for label in contact.language_labels()],
        "country": contact.country.name,
        "regional": contact.country.is_regional,
        "qr": qr_png(vcard_for(contact)),
    }


def cards_html(contacts, scope, language, progress=None):
    """The HTML the cards PDF is printed from: ``contacts`` of ``scope``, in ``language``.
    ``progress(done, total)``, if given, hears of each card (the PDF counts as one more)."""
    step = progress or (lambda done, total: None)
    with translation.override(language):
        cards = []
        for index, contact in enumerate(contacts):
            place = index % CARDS_PER_PAGE
            cards.append({**_card(contact), "row": place // 2, "col": place % 2})
            step(index + 1, len(contacts) + 1)
        pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
        return render_to_string(
            "directory/pdf/cards.html",
            {
                "pages": pages,
                "scope": scope,
                "scope_name": _("Regional level") if scope.is_regional else scope.name,
                "language": language,
                "generated_at": timezone.localtime(),
            },
        )


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
        found = set(_card_contacts(request.user, scope, chosen).values_list("pk", flat=True))
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


def _card_contacts(user, scope, chosen):
    contacts = access.restrict(Contact.objects.all(), user).filter(
        country=scope, international=True
    )
    return contacts if chosen is None else contacts.filter(pk__in=chosen)


def cards_file(user, scope, chosen, language, *, request=None, progress=None):
    """The cards of the key international contacts of ``scope`` that ``user`` may see (only
    ``chosen`` ids, if given) as ``(PDF bytes, file name)``, written to the audit log as an
    export. ``request`` is None in the background (``directory.tasks``)."""
    contacts = list(
        _card_contacts(user, scope, chosen)
        .select_related("organization", "country")
        .order_by("organization__name", "name", "pk")
    )
    content = html_to_pdf(cards_html(contacts, scope, language, progress))
    with translation.override(language):
        stem = slugify(_("key contacts")) or "key-contacts"
    filename = f"{stem}-{scope.scope_code.lower()}-{language}.pdf"
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            actor=user,
            object_type=Contact._meta.label_lower,
            object_repr=_("Key international contacts' cards"),
            country=scope,
            after={
                "format": "pdf",
                "file": filename,
                "scope": scope.scope_code,
                "language": language,
                "count": len(contacts),
                **({"contacts": [c.pk for c in contacts]} if chosen is not None else {}),
            },
        )
    return content, filename


@access.rule(access.PEOPLE_READER)
@require_GET
def directory_cards(request):
    """The key international contacts of a country (?scope=CR) or of the regional level
    (default) as a PDF of wallet-size cards, in Spanish or English (?lang=, default the
    user's language); ?contacts=1,2 prints only those."""
    scope, chosen, language, refusal = _cards_choices(request)
    if refusal:
        return refusal
    content, filename = cards_file(request.user, scope, chosen, language, request=request)
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
