"""A plan's workbook: export (any reader: the structure, and the progress the reader may
see), import of the whole workbook (regional administrators) and of its sheet "Progress"
alone (whoever edits a country's progress)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core import access, audit, files
from coalition.core.choices import AuditAction
from coalition.lib.spreadsheets import CONTENT_TYPE, MAX_BYTES, WorkbookError
from coalition.plans.choices import ProgressStatus
from coalition.plans.models import Plan
from coalition.plans.xlsx import export_plan, import_progress, import_workbook
from coalition.plans.xlsx_progress import COLUMNS


@access.rule(access.READER)
@require_GET
def plan_export(request, code):
    """The plan in the seed's column layout, and the sheet "Progress" with each country's
    progress per product that the user may read, as an Excel workbook in the language asked
    (``?lang=es|en``). Audited."""
    plan = get_object_or_404(Plan.objects.select_related("continues"), code=code)
    language, refused = files.export_language(request)
    if refused is not None:
        return refused
    content = export_plan(plan, user=request.user, language=language)
    filename = f"{plan.code}-{timezone.localdate():%Y-%m-%d}.xlsx"
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            plan,
            after={"format": "xlsx", "file": filename, "language": language, "progress": True},
        )
    return files.download_response(content, CONTENT_TYPE, filename)


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        help_text=gettext_lazy(
            "The seed's columns: Objetivos Operativos, Actividades, Productos, Metas, "
            "Fuentes de verificación, Fuente de Financiamiento, Fuentes de Apoyo, "
            "Responsables. At most 10 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=60,
        required=False,
        help_text=gettext_lazy(
            "Leave empty to use the code in the workbook's Info sheet, or else the file name. "
            "A plan with the same code is updated."
        ),
    )

    def clean_file(self):
        return _checked_upload(self.cleaned_data["file"])


def _checked_upload(upload):
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The file is larger than 10 MB."))
    return upload


class ProgressImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        help_text=gettext_lazy(
            "The plan's workbook as exported from this page, with its sheet “Progress” "
            "filled in. At most 10 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        return _checked_upload(self.cleaned_data["file"])


def _progress_message(outcome):
    if outcome is None:
        return ""
    if not outcome.changes:
        return _("The progress in the workbook matched: nothing changed.")
    return _("Progress updated on %(n)d activities (%(countries)s).") % {
        "n": outcome.activities,
        "countries": ", ".join(outcome.countries),
    }


def _progress_help():
    """The sheet's columns for the import pages: those read back, and those only shown."""
    return {
        "read": [header for _k, header, _w, read in COLUMNS if read],
        "shown": [header for _k, header, _w, read in COLUMNS if not read],
        "statuses": ProgressStatus.choices,
    }


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "HEAD", "POST"])
def plan_import(request):
    """Upload a workbook; every problem is listed with its cell and nothing is written
    unless the whole workbook is right."""
    if request.method != "POST":
        context = {"form": PlanImportForm(), "problems": [], "columns": _progress_help()}
        return render(request, "plans/import.html", context)
    form = PlanImportForm(request.POST, request.FILES)
    problems = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_workbook(
                upload.read(),
                filename=upload.name,
                code=form.cleaned_data["code"] or None,
                request=request,
            )
        except WorkbookError as exc:
            problems = exc.problems
        else:
            plan = result.records[0]
            if result.created:
                message = _("Plan “%(code)s” imported.")
            elif result.updated:
                message = _("Plan “%(code)s” updated from the workbook.")
            else:
                message = _("Plan “%(code)s” already matched the workbook: nothing changed.")
            message = message % {"code": plan.code}
            if result.progress is not None:
                message += " " + _progress_message(result.progress)
            messages.success(request, message)
            return redirect(plan.get_absolute_url())
    context = {"form": form, "problems": problems, "columns": _progress_help()}
    return render(request, "plans/import.html", context, status=400)


@access.rule(access.EDITOR)
@require_http_methods(["GET", "HEAD", "POST"])
def plan_progress_import(request, code):
    """Upload the plan's workbook to change the progress of the countries the user edits
    (its sheet "Progress" only: the plan itself does not change). All or nothing."""
    plan = get_object_or_404(Plan, code=code)
    form = ProgressImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = import_progress(upload.read(), plan, request=request)
        except WorkbookError as exc:
            problems = exc.problems
        else:
            messages.success(request, _progress_message(outcome))
            return redirect(plan.get_absolute_url())
    context = {
        "plan": plan,
        "form": form,
        "problems": problems,
        "columns": _progress_help(),
        "editable": _editable_countries(request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/progress_import.html", context, status=status)


def _editable_countries(user):
    """The names of the countries whose progress ``user`` may change (None: every one)."""
    from coalition.core.models import Country

    ids = access.editable_country_ids(user)
    if ids is None:
        return None
    return [c.name for c in Country.objects.filter(pk__in=ids).order_by("-is_regional", "iso2")]
