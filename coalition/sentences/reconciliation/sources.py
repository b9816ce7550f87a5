"""The statistics sources' pages: the list of sources (the national records and each
imported GLOTIP release, with their counts), the import of a GLOTIP file and the removal
of a release.

GLOTIP is UNODC's public data, but importing or removing a release changes what every
country's reconciliation shows: these pages are the regional administrators', and each
import and removal is written to the audit log.
"""

import datetime

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.core.forms import DateInput
from coalition.lib.imports import Problem
from coalition.lib.tables import TableError
from coalition.sentences import glotip
from coalition.sentences.choices import SourceKind
from coalition.sentences.models import Source

# The session key of the last import's result, shown once on the sources page.
RESULT_KEY = "glotip_import_result"
# Labels that could not be mapped, listed one by one after an import.
MAX_NOTICES = 200


class GlotipFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("GLOTIP data (.csv or .xlsx)"),
        help_text=gettext_lazy(
            "The UNODC data portal's export, as published. Every row is checked; nothing "
            "is recorded unless the whole file is right. At most 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    released = forms.DateField(
        label=gettext_lazy("Release date"),
        help_text=gettext_lazy(
            "The date UNODC published the release (for example 2023-05-30). Importing a "
            "release again replaces its figures."
        ),
        widget=DateInput(),
    )

    def clean_released(self):
        released = self.cleaned_data["released"]
        if released > timezone.localdate():
            raise forms.ValidationError(_("The release date cannot be in the future."))
        if released < datetime.date(glotip.FIRST_YEAR, 1, 1):
            raise forms.ValidationError(_("This date is before any GLOTIP release."))
        return released


def _sources():
    return Source.objects.select_related("imported_by").annotate(
        n_figures=Count("figures"),
        n_censored=Count("figures", filter=Q(figures__censored=True)),
        n_unmapped=Count("figures", filter=Q(figures__category=glotip.UNMAPPED)),
        n_countries=Count("figures__country", distinct=True),
        first_year=Min("figures__year"),
        last_year=Max("figures__year"),
    )


@access.rule(access.REGIONAL_ADMIN)
@require_GET
def source_list(request):
    """The statistics sources with their counts, and the last import's result."""
    sources = list(_sources().order_by("kind", "-released", "name"))
    return render(
        request,
        "sentences/glotip/source_list.html",
        {
            "national": [s for s in sources if s.kind == SourceKind.NATIONAL],
            "releases": [s for s in sources if s.kind == SourceKind.GLOTIP],
            "result": request.session.pop(RESULT_KEY, None),
        },
    )


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "POST"])
def glotip_import(request):
    """Upload a GLOTIP file: every problem listed with its row and column and nothing
    recorded, or the release imported (replacing an earlier import of the same date) and
    its result shown on the sources page, labels that could not be mapped included."""
    form = GlotipFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > glotip.MAX_BYTES:
            problems = [
                Problem(
                    message=_("The file is larger than %(mb)s MB.")
                    % {"mb": glotip.MAX_BYTES // 2**20}
                )
            ]
        else:
            try:
                result = glotip.import_release(
                    upload.read(),
                    upload.name,
                    form.cleaned_data["released"],
                    user=request.user,
                    request=request,
                )
            except (glotip.GlotipFileError, TableError) as exc:
                problems = exc.problems
            else:
                source = result.records[0]
                request.session[RESULT_KEY] = {
                    "source": source.name,
                    "line": result.describe(),
                    "replaced": result.replaced,
                    "sha256": source.file_sha256,
                    "notices": [
                        {"row": p.row, "column": p.column, "message": p.message}
                        for p in result.notices[:MAX_NOTICES]
                    ],
                    "more": max(0, len(result.notices) - MAX_NOTICES),
                }
                messages.success(request, _("%(source)s was imported.") % {"source": source.name})
                return redirect("glotip-sources")
    return render(
        request,
        "sentences/glotip/import.html",
        {"form": form, "problems": problems},
    )


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "POST"])
def source_delete(request, pk):
    """Remove a GLOTIP release and its figures, after confirmation; audited. The national
    records are not a release: they cannot be removed here."""
    source = get_object_or_404(_sources(), pk=pk, kind=SourceKind.GLOTIP)
    if request.method == "POST":
        before = {
            **audit.snapshot(source),
            "figures": source.n_figures,
            "censored": source.n_censored,
        }
        with transaction.atomic():
            source.figures.all().delete()
            audit.record(request, AuditAction.DELETE, source, before=before)
            source.delete()
        messages.success(
            request,
            _("%(source)s and its %(n)s figures were removed.")
            % {"source": source.name, "n": source.n_figures},
        )
        return redirect(reverse("glotip-sources"))
    return render(request, "sentences/glotip/source_confirm_delete.html", {"source": source})
