"""Contacts as vCards (3.0) and as the QR codes printed on the key contacts' cards.

A person's card carries their name, position, institution, phones, e-mails and axes; a line's
card (a help line, an office) is filed under the line's name, with the institution as ORG.
The axes go into NOTE in the active language; the contact's internal notes never leave.
"""

import base64
import functools
import io

import qrcode
import qrcode.constants
import vobject
from django.utils.translation import gettext as _
from PIL import Image

from coalition.directory.choices import ContactKind

# Pixels per module of the printed QR codes: the PNG stays small, and a viewer that ignores
# "no smoothing" still shows sharp squares.
QR_MODULE_PX = 4


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


def qr_png(text, module_px=QR_MODULE_PX):
    """A QR code carrying ``text`` as a ``data:`` URL of a black-and-white PNG, for the
    cards PDF to print at 26 mm with ``image-rendering: pixelated`` (sharp squares, no
    blur). An image, not an SVG path: WeasyPrint draws a vCard's code (some 3,000 modules)
    as an SVG path forty times slower than it places an image. Low error correction keeps
    the modules large enough to scan on a 26 mm code holding a full vCard (about 0.3 mm
    each)."""
    return _qr_png(text, module_px)


def forget_qr_codes():
    """Encode every QR code again (the benchmark measures a first print)."""
    _qr_png.cache_clear()


@functools.lru_cache(maxsize=512)
def _qr_png(text, module_px):
    # The same vCard gives the same code: a card printed again is not encoded again.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=2)
    code.add_data(text)
    code.make(fit=True)
    rows = code.get_matrix()
    size = len(rows)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in rows for dark in row])
    image = image.resize((size * module_px, size * module_px), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
