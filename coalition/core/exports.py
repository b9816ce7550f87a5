"""A list page's current filter as a spreadsheet: one audited answer for every page.

A list view that reads ``?export=xlsx`` or ``?export=csv`` answers with the same rows it
shows (the same filters and order, every page of them), in the page's language or the one
asked for (``?lang=en``)::

    if exports.asked(request):
        return exports.respond(
            request,
            name=_("events"),          # the file's name: events-2026-12-04.xlsx
            title=_("Events"),         # the sheet's name
            columns=EVENT_COLUMNS,     # lib.exports.Column
            rows=filterset.qs,
            model=Event,
            filterset=filterset,       # refused with 400 when its filters are not valid
        )

and its template offers the links with ``{% include "core/_export_links.html" %}``.
Exporting is for those ``access.can_export`` allows (regional administrators and country
editors); others get 403. Every export is written to the audit log with its format, file
name, row count and filters. The file is built by ``lib.exports``.
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.core.files import bad_request, download_response, export_language
from coalition.lib import exports

PARAM = "export"


def asked(request):
    """Does the request ask for an export (``?export=`` present, whatever its value)?"""
    return PARAM in request.GET


def filter_errors(filterset):
    """A 400 answer naming the filters that are not valid, or None. An unknown filter value
    would otherwise be dropped silently, exporting more than was asked."""
    if filterset is None or not filterset.errors:
        return None
    errors = "; ".join(f"{key}: {' '.join(text)}" for key, text in filterset.errors.items())
    return bad_request(_("The filters are not valid: %(errors)s") % {"errors": errors})


def respond(
    request, *, name, title, columns, rows, model=None, filterset=None, country=None, fmt=None
):
    """The export the request asks for, or a 400 (unknown format, language or filter) or
    403 (the user may not export). ``fmt`` fixes the format whatever ``?export=`` says (an
    address that always answers one format, such as a former ``export.xlsx``)."""
    fmt = (fmt or request.GET.get(PARAM, "")).strip().lower()
    if fmt not in exports.FORMATS:
        return bad_request(
            _("Unknown export format “%(value)s”: use export=xlsx or export=csv.")
            % {"value": fmt[:20]}
        )
    if not access.can_export(request.user, country):
        access.deny(request, reason="export")
    language, refusal = export_language(request)
    refusal = refusal or filter_errors(filterset)
    if refusal:
        return refusal
    rows = list(rows)
    with translation.override(language):
        filename = f"{_slug(str(name))}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        content = exports.table(fmt, str(title), columns, rows)
    filters = {
        key: ", ".join(request.GET.getlist(key))[:200]
        for key in request.GET
        if key not in (PARAM, "lang") and request.GET.get(key)
    }
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            object_type=model._meta.label_lower if model is not None else None,
            object_repr=_("%(title)s export") % {"title": title},
            country=country,
            after={"format": fmt, "file": filename, "count": len(rows), **filters},
        )
    return download_response(content, exports.CONTENT_TYPES[fmt], filename)


def _slug(text):
    from django.utils.text import slugify

    return slugify(text) or "export"
