"""Contacts as vCards (3.0) and as the QR codes printed on the key contacts' cards.

A person's card carries their name, position, institution, phones, e-mails and axes; a line's
card (a help line, an office) is filed under the line's name, with the institution as ORG.
The axes go into NOTE in the active language; the contact's internal notes never leave.
"""

import io
import re

import qrcode
import qrcode.constants
import qrcode.image.svg
import vobject
from django.utils.translation import gettext as _

from coalition.directory.choices import ContactKind


def _name_parts(name):
    """(given, family) guessed from a full name: Spanish names carry two surnames, so
    four words or more are read as two given names and the rest surnames."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    given = 2 if len(words) >= 4 else 1
    return " ".join(words[:given]), " ".join(words[given:])


def vcard_for(contact):
    """The vCard 3.0 text of ``contact`` (lines end in CRLF, as the format asks)."""
    card = vobject.vCard()
    organization = contact.organization
    if contact.kind == ContactKind.LINE:
        card.add("n").value = vobject.vcard.Name(family=contact.name)
    else:
        given, family = _name_parts(contact.name)
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
    card.add("fn").value = contact.name
    card.add("org").value = [organization.name]
    if contact.position:
        card.add("title").value = contact.position
    for number in contact.phones:
        tel = card.add("tel")
        tel.value = number
        tel.type_param = "WORK"
    for address in contact.emails:
        email = card.add("email")
        email.value = address
        email.type_param = "INTERNET"
    if organization.website:
        card.add("url").value = organization.website
    axes = contact.axis_labels()
    if axes:
        card.add("note").value = _("Axes: %(axes)s") % {"axes": ", ".join(map(str, axes))}
    return card.serialize()


def vcards_for(contacts):
    """One text with the vCards of every contact, one after the other."""
    return "".join(vcard_for(contact) for contact in contacts)


def qr_svg(text, size_mm=26):
    """An inline ``<svg>`` of a QR code carrying ``text``, ``size_mm`` square, to embed in
    an HTML page or a PDF (no file, no data: URL). Low error correction keeps the modules
    large enough to scan on a 26 mm code holding a full vCard (about 0.3 mm each)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_L,
        border=2,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # Drop the XML declaration, and the path's id: a page holds many codes.
    svg = svg[svg.index("<svg") :].replace(' id="qr-path"', "")
    size = f'width="{size_mm}mm" height="{size_mm}mm"'
    return re.sub(r'width="[^"]*" height="[^"]*"', size, svg, count=1)
