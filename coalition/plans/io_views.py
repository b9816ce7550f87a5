"""A plan's workbook: export (any reader) and import (regional administrators)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.lib.spreadsheets import CONTENT_TYPE, MAX_BYTES, WorkbookError
from coalition.plans.models import Plan
from coalition.plans.xlsx import export_plan, import_workbook


@access.rule(access.READER)
@require_GET
def plan_export(request, code):
    """The plan in the seed's column layout, as an Excel workbook. Audited."""
    plan = get_object_or_404(Plan.objects.select_related("continues"), code=code)
    content = export_plan(plan)
    filename = f"{plan.code}-{timezone.localdate():%Y-%m-%d}.xlsx"
    with transaction.atomic():
        audit.record(request, AuditAction.EXPORT, plan, after={"format": "xlsx", "file": filename})
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "HEAD", "POST"])
def plan_import(request):
    """Upload a workbook; every problem is listed with its cell and nothing is written
    unless the whole workbook is right."""
    if request.method != "POST":
        return render(request, "plans/import.html", {"form": PlanImportForm(), "problems": []})
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
            messages.success(request, message % {"code": plan.code})
            return redirect(plan.get_absolute_url())
    context = {"form": form, "problems": problems}
    return render(request, "plans/import.html", context, status=400)
