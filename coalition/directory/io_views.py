"""Directory export and import pages: the contacts the user may see as CSV or XLSX, the
empty template, and the upload of a filled file (all or nothing, every problem listed).

Contacts are personal data: exporting them is for the roles that may export (regional
admin, country editors) and is written to the audit log with the number of contacts.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core import access, audit, jobs
from coalition.core.choices import AuditAction
from coalition.core.files import download_response, export_language
from coalition.directory import io as directory_io
from coalition.directory import tasks as directory_tasks
from coalition.directory.filters import ContactFilterSet
from coalition.directory.models import Contact
from coalition.lib.tables import TableError, read_table

CSV = "text/csv; charset=utf-8"
# Notices listed one by one after an import; more are summed up in one line.
MAX_NOTICES = 30


class DirectoryFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Contacts (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Use the directory's template or an export. Every row is checked; nothing is "
            "recorded unless the whole file is right. At most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


@access.rule(access.PEOPLE_READER)
@require_GET
def directory_export(request):
    """The contacts the user may see, narrowed by the directory's filters, as CSV
    (default) or XLSX (?format=xlsx), with the import's columns."""
    if not access.can_export(request.user):
        access.deny(request, reason="export")
    language, refusal = export_language(request)
    if refusal:
        return refusal
    contacts = access.restrict(Contact.objects.all(), request.user)
    filterset = ContactFilterSet.for_list(request, contacts)
    if not filterset.is_valid():
        # An unknown filter value would otherwise be dropped, exporting more than asked.
        errors = "; ".join(
            f"{key}: {' '.join(messages_)}" for key, messages_ in filterset.errors.items()
        )
        return HttpResponseBadRequest(
            _("The filters are not valid: %(errors)s") % {"errors": errors},
            content_type="text/plain; charset=utf-8",
        )
    contacts = filterset.qs.select_related("country", "organization")
    contacts = list(contacts.order_by("country__name_es", "organization__name", "name", "pk"))
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    stem = f"{'directorio' if language == 'es' else 'directory'}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        content, content_type = (
            directory_io.export_xlsx(contacts, language),
            directory_io.XLSX_CONTENT_TYPE,
        )
    else:
        content, content_type = directory_io.export_csv(contacts, language), CSV
    filters = {
        key: value for key, value in request.GET.items() if key not in {"format", "lang"} and value
    }
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            object_type=Contact._meta.label_lower,
            object_repr=_("Directory export"),
            after={"format": fmt, "file": f"{stem}.{fmt}", "count": len(contacts), **filters},
        )
    return download_response(content, content_type, f"{stem}.{fmt}")


@access.rule(access.EDITOR)
@require_GET
def directory_import_template(request):
    """The empty template: the header row only, XLSX (default) or CSV (?format=csv)."""
    language, refusal = export_language(request)
    if refusal:
        return refusal
    stem = "plantilla-directorio" if language == "es" else "directory-template"
    if request.GET.get("format") == "csv":
        return download_response(directory_io.template_csv(language), CSV, f"{stem}.csv")
    return download_response(
        directory_io.template_xlsx(language), directory_io.XLSX_CONTENT_TYPE, f"{stem}.xlsx"
    )


def _after_import():
    try:
        return reverse("directory")
    except NoReverseMatch:
        return reverse("directory-import")


@access.rule(access.EDITOR)
@require_http_methods(["GET", "POST"])
def directory_import(request):
    """Upload a file of contacts: every problem is listed with its row and column, and
    nothing is recorded unless the whole file is right. Rows naming a contact already
    recorded update it. A file of more than ``jobs.BACKGROUND_ROWS`` rows is imported in
    the background: the user follows it on the job's page."""
    form = DirectoryFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            _header, rows = read_table(content, upload.name)
        except TableError as exc:
            problems = exc.problems
        else:
            if len(rows) > jobs.BACKGROUND_ROWS:
                job = jobs.start(
                    request,
                    directory_tasks.import_directory_file,
                    kind="directory-import",
                    title=_("Import of contacts"),
                    upload=upload,
                    next_url=_after_import(),
                    back_url=reverse("directory-import"),
                )
                return redirect(job)
            try:
                result = directory_io.import_directory(
                    content, upload.name, user=request.user, request=request
                )
            except directory_io.DirectoryFileError as exc:
                problems = exc.problems
            else:
                first, *notices = directory_tasks.import_messages(result, MAX_NOTICES)
                messages.success(request, first)
                for notice in notices:
                    messages.info(request, notice)
                return redirect(_after_import())
    return render(
        request,
        "directory/import.html",
        {"form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )
