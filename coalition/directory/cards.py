"""The printable cards of the key international contacts: wallet-size cards, ten per A4
page with crop marks, each with a QR code that carries the contact's vCard. The cards page
(``card_views``) and the background job (``tasks``) both print them here.

Contacts are personal data: the file is written to the audit log as an export, and only
contacts the user may see go into it.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.directory.models import Contact
from coalition.directory.vcards import qr_png, vcard_for
from coalition.lib.pdf import fitted, html_to_pdf
from coalition.lib.phones import display

CARDS_PER_PAGE = 10
# What a card prints; the QR code carries them all.
CARD_PHONES = 3
CARD_EMAILS = 2
# An e-mail address is printed on one line, never cut: a long one in a smaller type, down
# to EMAIL_SMALLEST_PT, to fit the text column (50 mm) of the card (lib.pdf.fitted).
EMAIL_PT, EMAIL_SMALLEST_PT, TEXT_WIDTH_MM = 7.0, 4.5, 50


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


def card_contacts(user, scope, chosen):
    """The key international contacts of ``scope`` that ``user`` may see (only ``chosen``
    ids, if given)."""
    contacts = access.restrict(Contact.objects.all(), user).filter(
        country=scope, international=True
    )
    return contacts if chosen is None else contacts.filter(pk__in=chosen)


def cards_file(user, scope, chosen, language, *, request=None, progress=None):
    """The cards of the key international contacts of ``scope`` that ``user`` may see (only
    ``chosen`` ids, if given) as ``(PDF bytes, file name)``, written to the audit log as an
    export. ``request`` is None in the background (``directory.tasks``)."""
    contacts = list(
        card_contacts(user, scope, chosen)
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
