"""Checks on an uploaded evidence file: its size, and its type read from its content.

The name a browser sends proves nothing: an HTML page renamed "acta.pdf" must not be
served back as a PDF. ``check_upload`` reads the first bytes (and, for office documents,
the parts of the zip container) and answers the content type to store, or raises a
ValidationError that says what is accepted.
"""

import os
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from coalition.plans.models import EVIDENCE_MAX_BYTES

IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
OFFICE_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
TEXT_TYPES = {".csv": "text/csv", ".txt": "text/plain"}
ACCEPTED = "PDF, PNG, JPEG, GIF, WEBP, Word, Excel, PowerPoint, OpenDocument, CSV, TXT"


def safe_name(name):
    """The uploaded name without any folder part, at most 200 characters."""
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "evidence"
    stem, ext = os.path.splitext(base)
    return stem[: 200 - len(ext[:20])] + ext[:20]


def check_upload(upload):
    """The content type of ``upload`` (an UploadedFile), or ValidationError."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; evidence files may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(EVIDENCE_MAX_BYTES)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    head = _read(upload, 8192)
    content_type = _sniff(upload, head)
    if content_type is None:
        raise ValidationError(
            _("The content of “%(name)s” is not a file type we accept (%(types)s).")
            % {"name": safe_name(upload.name), "types": ACCEPTED}
        )
    return content_type


def _read(upload, size):
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


def _sniff(upload, head):
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(OLE2):
        return "application/vnd.ms-office"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in IMAGES else None
    return _text_type(upload)


def _zip_type(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in OPENDOCUMENT else None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for prefix, content_type in OFFICE_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return content_type
    return None


def _text_type(upload):
    """CSV or plain text: named so, no NUL byte, readable as UTF-8 or Latin-1."""
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in TEXT_TYPES:
        return None
    data = _read(upload, EVIDENCE_MAX_BYTES)
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("latin-1")
        except UnicodeDecodeError:
            return None
    if b"<html" in data[:2048].lower() or b"<script" in data.lower():
        return None
    return TEXT_TYPES[ext]
