"""Private files (plan evidence, event materials): where they are kept and how they leave.

Files sit under MEDIA_ROOT/private with random names; no URL serves them. They are stored
by ``store`` and sent back by ``attachment_response``, from views that have checked the
user's access and written the download to the audit log. What an upload may be is decided
by ``core.uploads.check_upload``. A file comes in through ``Upload``, either with the
form of its record (one submit saves both, or neither) or alone from the record's page.
"""

import hashlib
import os

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from coalition.core.choices import AuditAction


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private: no URL serves them, only permission-checked views.

    The location follows MEDIA_ROOT when it changes (tests point it at a temporary folder).
    """

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a checked view.")


def private_storage():
    return PrivateStorage()


def digest(uploaded):
    """The SHA-256 of an uploaded file, read in chunks; the file is left at its start."""
    sha = hashlib.sha256()
    for chunk in uploaded.chunks():
        sha.update(chunk)
    uploaded.seek(0)
    return sha.hexdigest()


def store(attachment, upload, then=None):
    """Save ``upload`` as the file of ``attachment`` (an ``Attachment`` row), then the row,
    then call ``then()`` (the audit entry); the file is removed again if either fails, so
    a rolled-back transaction leaves no file behind. Call inside a transaction."""
    attachment.size = upload.size
    attachment.sha256 = digest(upload)
    attachment.file.save("upload", upload, save=False)
    try:
        attachment.save()
        if then is not None:
            then()
    except Exception:
        attachment.file.delete(save=False)
        raise


def attachment_response(attachment):
    """The file as a download under its original name, never rendered by the browser."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def bad_request(message):
    """A 400 answer that says in plain text what is wrong with the request's parameters."""
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def export_language(request):
    """The language a generated file (a PDF, an XLSX or CSV export) is written in, as
    ``(language, None)``: ``?lang=es`` or ``?lang=en`` (in any case), or the language of the
    pages when ``lang`` is absent or empty. Any other value is refused, the same way by
    every export: ``(None, a 400 answer naming the parameter and its values)``."""
    codes = [code for code, _name in settings.LANGUAGES]
    given = request.GET.get("lang", "").strip()
    if not given:
        current = (translation.get_language() or "")[:2]
        return (current if current in codes else settings.LANGUAGE_CODE), None
    if given.lower() in codes:
        return given.lower(), None
    return None, bad_request(
        _("Unknown language “%(value)s”: use lang=es (Spanish) or lang=en (English).")
        % {"value": given[:20]}
    )


def download_response(content, content_type, filename):
    """Generated content (an export, a PDF, vCards) as a download named ``filename``; kept
    out of shared caches, as it holds what only this user may see."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the three things a record's page does with its files --------------------------------
# Plan evidence, event materials, practice and agreement documents and campaign materials
# all go through these, so that every upload, download and removal is checked the same way
# and written to the audit log. The caller has already checked the user's access.


def save_upload(request, attachment, form):
    """Store the upload of a valid ``form`` (an ``EvidenceForm``: ``file``, ``description``
    and the checked ``content_type``) as ``attachment``, an unsaved row whose parent and
    country are set; audited as a creation. Call inside a transaction when the caller
    writes more in the same one."""
    from django.db import transaction

    from coalition.core import audit
    from coalition.core.uploads import safe_name

    upload = without_image_metadata(form.cleaned_data["file"], form.content_type)
    attachment.original_name = safe_name(upload.name, form.content_type)
    attachment.content_type = form.content_type
    attachment.description = form.cleaned_data.get("description", "")
    attachment.uploaded_by = request.user
    with transaction.atomic():
        store(
            attachment,
            upload,
            then=lambda: audit.record(
                request, AuditAction.CREATE, attachment, after=audit.snapshot(attachment)
            ),
        )
    return attachment


class Upload:
    """The file sent with a record's form, so that one submit saves the record and its file
    together, or neither: what was typed in the record's form survives a refused file.

    ``form_class`` is the upload form (``EvidenceForm`` or one built on it), its fields
    named with ``prefix`` (a record's own form may have a ``description`` too). Beside a
    record's form the file is optional: the upload form is bound only when a file was chosen
    or one of its text fields typed in (then a file is required, and that error names the
    file). With ``required`` (a page whose only form is the upload), it is always bound.
    """

    def __init__(self, request, form_class, prefix="attach", required=False, **kwargs):
        sent = request.method == "POST" and (required or _touched(request, form_class, prefix))
        if sent:
            self.form = form_class(request.POST, request.FILES, prefix=prefix, **kwargs)
        else:
            self.form = form_class(prefix=prefix, **kwargs)
        # Beside a record's form the file is optional: not marked required in the page.
        self.form.use_required_attribute = required

    def is_valid(self):
        """True when nothing was sent or what was sent is a valid upload."""
        return not self.form.is_bound or self.form.is_valid()

    @property
    def sent(self):
        return self.form.is_bound

    def ask_again(self):
        """Say that a good file was not kept because the record's form was refused: a
        browser cannot give a chosen file back, so the user must choose it again."""
        if self.sent and self.form.is_valid() and self.form.cleaned_data.get("file"):
            self.form.add_error(
                None,
                _("“%(name)s” was not saved either: correct the form, then choose it again.")
                % {"name": self.form.cleaned_data["file"].name},
            )

    def save(self, request, attachment):
        """Store the file as ``attachment`` (an unsaved row whose parent and country are
        set; the upload form's ``attachment_fields()`` fill the rest), or do nothing when no
        file was sent. Call it inside the transaction that saves the record."""
        if not self.sent:
            return None
        for name, value in getattr(self.form, "attachment_fields", dict)().items():
            setattr(attachment, name, value)
        return save_upload(request, attachment, self.form)


def attach(request, upload, attachment, refused, back):
    """What the upload form of a record's page does: store the file of ``upload`` (an
    ``Upload``) as ``attachment`` and go to ``back``; or answer ``refused(form)``, the page
    again with the form as it was sent and its errors (status 400)."""
    if not upload.is_valid():
        return refused(upload.form)
    with transaction.atomic():
        saved = upload.save(request, attachment)
    messages.success(request, _("“%(name)s” attached.") % {"name": saved.original_name})
    return redirect(back)


def _touched(request, form_class, prefix):
    """Whether the user chose a file or typed in a text field of the upload form."""
    named = form_class(prefix=prefix).add_prefix
    if request.FILES.get(named("file")):
        return True
    return any(
        request.POST.get(named(name), "").strip()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField)
    )


def all_valid(*bound):
    """Validate every form (so that each shows its errors); True when all are valid. When
    one is refused, a good file sent with them is asked for again."""
    valid = all([form.is_valid() for form in bound])
    if not valid:
        for form in bound:
            if isinstance(form, Upload):
                form.ask_again()
    return valid


def without_image_metadata(upload, content_type):
    """A photo without its EXIF (where and when it was taken, with whose camera): the
    upload re-encoded by ``lib.images``, or as it is for any other file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coalition.lib.images import without_metadata

    upload.seek(0)
    clean = without_metadata(upload.read(), content_type)
    upload.seek(0)
    if clean is None:
        return upload
    return SimpleUploadedFile(upload.name, clean, content_type=content_type)


def send(request, attachment):
    """The file as a download, written to the audit log (with its checksum)."""
    from coalition.core import audit

    response = attachment_response(attachment)
    audit.record(
        request,
        AuditAction.VIEW,
        attachment,
        after={"file": attachment.original_name, "sha256": attachment.sha256},
    )
    return response


def download(request, attachments, pk):
    """The file of attachment ``pk`` of ``attachments`` (a queryset) to a user who may see
    it, written to the audit log; 404 to anyone else, who learns nothing of the file."""
    from coalition.core import access

    return send(request, access.get_visible_or_404(attachments, request.user, pk=pk))


def remove(request, attachment, back):
    """Delete ``attachment`` (audited; its file leaves the disk once the deletion is
    committed), say so, and go to ``back``. The caller has checked the user may."""
    discard(request, attachment)
    messages.success(request, _("“%(name)s” removed.") % {"name": attachment.original_name})
    return redirect(back)


def discard(request, attachment):
    """Delete the row, audited; the file leaves the disk once the deletion is committed."""
    from coalition.core import audit

    delete_with_files(request, attachment, [attachment], audit.snapshot(attachment))


def delete_with_files(request, record, attachments, before):
    """Delete ``record``, audited with ``before``; the files of ``attachments`` (its rows,
    deleted with it) leave the disk once the deletion is committed."""
    from django.db import transaction

    from coalition.core import audit

    stored = [attachment.file for attachment in attachments]
    with transaction.atomic():
        audit.record(request, AuditAction.DELETE, record, before=before)
        record.delete()
        transaction.on_commit(lambda: [f.delete(save=False) for f in stored])
