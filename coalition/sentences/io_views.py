"""The import page of record-level sentences and its template.

Country editors import their countries' sentences, regional administrators any country's.
A small file is checked and imported at once, its problems shown on the page; a larger one
is imported in the background (``core.jobs``) and the user follows its progress on the
job's page. Either way, every problem is listed with its row and column and nothing is
recorded unless the whole file is right; the import is written to the audit log.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core import access, jobs
from coalition.core.files import download_response, export_language
from coalition.sentences import io as sentences_io
from coalition.sentences import io_format
from coalition.sentences import tasks as sentences_tasks

CSV = "text/csv; charset=utf-8"
# A file larger than this (about ``jobs.BACKGROUND_ROWS`` rows of counts) is imported in
# the background.
BACKGROUND_BYTES = 64 * 1024


class SentenceFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Sentences (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Use the template. Every row is checked; nothing is recorded unless the whole "
            "file is right. At most 64 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > sentences_io.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 64 MB."))
        return upload


def _after_import():
    try:
        return reverse("sentence-list")
    except NoReverseMatch:
        return reverse("sentence-import")


@access.rule(access.SENTENCE_READER)
@require_GET
def sentence_import_template(request):
    """The template: the headers and a fictitious example, XLSX (default, with a sheet of
    the accepted codes) or CSV (?format=csv), in the page's language or ?lang=."""
    language, refusal = export_language(request)
    if refusal:
        return refusal
    stem = "plantilla-sentencias" if language == "es" else "sentences-template"
    if request.GET.get("format") == "csv":
        return download_response(io_format.template_csv(language), CSV, f"{stem}.csv")
    return download_response(
        io_format.template_xlsx(language), io_format.XLSX_CONTENT_TYPE, f"{stem}.xlsx"
    )


@access.rule(access.SENTENCE_READER)
@require_http_methods(["GET", "POST"])
def sentence_import(request):
    """Upload a file of sentences (all or nothing, every problem with its row and column)."""
    form = SentenceFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > BACKGROUND_BYTES:
            job = jobs.start(
                request,
                sentences_tasks.import_sentences_file,
                kind="sentence-import",
                title=_("Import of sentences"),
                upload=upload,
                next_url=_after_import(),
                back_url=reverse("sentence-import"),
            )
            return redirect(job)
        try:
            result = sentences_io.import_sentences(
                upload.file, upload.name, user=request.user, request=request
            )
        except sentences_io.SentenceFileError as exc:
            problems = exc.problems
        else:
            messages.success(request, result.describe())
            return redirect(_after_import())
    return render(
        request,
        "sentences/import.html",
        {"form": form, "problems": problems, "codes": io_format.codes_table()},
        status=400 if request.method == "POST" else 200,
    )
