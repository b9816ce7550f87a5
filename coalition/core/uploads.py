"""Checks on an uploaded file (evidence, materials, documents): its size, and its type
read from its content.

The name a browser sends proves nothing: an HTML page renamed "acta.pdf" must not be
served back as a PDF. ``check_upload`` reads the first bytes (and, for office documents,
the parts of the zip container) and answers the content type to store, or raises a
ValidationError that says what is accepted. Audio and video (a campaign's radio spot) are
accepted only where the caller asks for them (``media=True``): evidence is documents.
"""

import os
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The largest file any upload form accepts.
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

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
# An OLE2 compound file may be a Word, Excel or PowerPoint file, but also an installer
# (.msi): only the old office names are accepted, and the name gives the type.
OLE2_TYPES = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
TEXT_TYPES = {".csv": "text/csv", ".txt": "text/plain"}
# Audio and video, by the type ``filetype`` reads from the content -> the type stored.
MEDIA = {
    "audio/mpeg": "audio/mpeg",
    "audio/ogg": "audio/ogg",
    "audio/x-wav": "audio/wav",
    "audio/mp4": "audio/mp4",
    "audio/aac": "audio/aac",
    "video/mp4": "video/mp4",
    "video/webm": "video/webm",
}
ACCEPTED = "PDF, PNG, JPEG, GIF, WEBP, Word, Excel, PowerPoint, OpenDocument, CSV, TXT"
ACCEPTED_MEDIA = "MP3, OGG, WAV, M4A, AAC, MP4, WEBM"
# The names each accepted type may carry; the first is given to a file whose name says
# something else, so that a PDF is never downloaded as "report.html".
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    OFFICE_PARTS["word/"]: (".docx", ".docm", ".dotx"),
    OFFICE_PARTS["xl/"]: (".xlsx", ".xlsm", ".xltx"),
    OFFICE_PARTS["ppt/"]: (".pptx", ".pptm", ".ppsx"),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
    **{content_type: (ext,) for ext, content_type in OLE2_TYPES.items()},
    **{content_type: (ext,) for ext, content_type in TEXT_TYPES.items()},
}
MEDIA_EXTENSIONS = {
    "audio/mpeg": (".mp3",),
    "audio/ogg": (".ogg", ".oga", ".opus"),
    "audio/wav": (".wav",),
    "audio/mp4": (".m4a",),
    "audio/aac": (".aac",),
    "video/mp4": (".mp4", ".m4v"),
    "video/webm": (".webm",),
}
CLAIMED = {ext for names in EXTENSIONS.values() for ext in names}
CLAIMED_MEDIA = {ext for names in MEDIA_EXTENSIONS.values() for ext in names}
EXTENSIONS.update(MEDIA_EXTENSIONS)
MAX_NAME = 200


def safe_name(name, content_type=None):
    """The uploaded name without any folder part or control character, at most 200
    characters; with ``content_type``, ending in an extension of that type."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "evidence"
    stem, ext = os.path.splitext(base)
    ext = ext[:20]
    expected = EXTENSIONS.get(content_type)
    if expected and ext.lower() not in expected:
        stem, ext = stem + ext, expected[0]
    return (stem[: MAX_NAME - len(ext)] + ext) or "evidence"


def check_upload(upload, media=False):
    """The content type of ``upload`` (an UploadedFile), or ValidationError. With
    ``media``, audio (MP3, OGG, WAV, M4A, AAC) and video (MP4, WEBM) are accepted too."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; evidence files may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(EVIDENCE_MAX_BYTES)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    head = _read(upload, 8192)
    content_type = _sniff(upload, head, media)
    if content_type is None:
        message = _("The content of “%(name)s” is not a file type we accept (%(types)s).") % {
            "name": safe_name(upload.name),
            "types": f"{ACCEPTED}, {ACCEPTED_MEDIA}" if media else ACCEPTED,
        }
        ext = os.path.splitext(upload.name or "")[1].lower()
        if _looks_like_html(head):
            message += " " + _("It is a web page (HTML), whatever its name says.")
        elif not media and _media_type(head) is not None:
            message += " " + _("Audio and video files are not accepted here.")
        elif ext in CLAIMED or (media and ext in CLAIMED_MEDIA):
            message += " " + (
                _("Its name ends in “%(ext)s”, but its content is not a file of that kind.")
                % {"ext": ext}
            )
        raise ValidationError(message)
    return content_type


def _looks_like_html(head):
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<svg"))


def _read(upload, size):
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


def _media_type(head):
    kind = filetype.guess(head)
    return MEDIA.get(kind.mime) if kind is not None else None


def _sniff(upload, head, media=False):
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(OLE2):
        return OLE2_TYPES.get(os.path.splitext(upload.name or "")[1].lower())
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    kind = filetype.guess(head)
    if kind is not None:
        if kind.mime in IMAGES:
            return kind.mime
        return MEDIA.get(kind.mime) if media else None
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
