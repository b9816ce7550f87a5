"""The reconciliation page: the national records beside a GLOTIP release, per country,
year and indicator, with the difference and which is newer; CSV and XLSX of the rows the
filters select, in the page's order.

Who: the national records' figures are computed from a country's sentences, approved or
not, so they are that country's own data: the page is for the roles that manage them, the
country editors (their countries) and the regional administrators (every country), as the
records themselves (``access.SENTENCE_READER``). GLOTIP itself is public; the comparison is
not. A country outside the user's scope answers 404.
"""

from operator import itemgetter

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django.views.decorators.http import require_GET

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.core.files import bad_request, download_response, export_language
from coalition.core.models import Country
from coalition.lib import exports
from coalition.sentences.choices import Indicator, SourceKind
from coalition.sentences.models import Figure, Source
from coalition.sentences.reconciliation import compare

PAGE_SIZE = 50
SHOW_ALL, SHOW_BOTH, SHOW_DIFFERENCES = "all", "both", "differences"
SORT_CHOICES = [
    ("country", gettext_lazy("Country")),
    ("-year", gettext_lazy("Year, latest first")),
    ("year", gettext_lazy("Year, earliest first")),
    ("indicator", gettext_lazy("Indicator")),
    ("-difference", gettext_lazy("Largest difference first")),
    ("difference", gettext_lazy("Smallest difference first")),
]


class ReconciliationFilter(forms.Form):
    """The page's filters; a value that is not one of the choices is a 400, naming it."""

    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    year_from = forms.IntegerField(
        label=gettext_lazy("From year"), required=False, min_value=1990, max_value=2100
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("To year"), required=False, min_value=1990, max_value=2100
    )
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"), required=False)
    show = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            (SHOW_ALL, gettext_lazy("Every cell")),
            (SHOW_BOTH, gettext_lazy("Cells in both sources")),
            (SHOW_DIFFERENCES, gettext_lazy("Only differences")),
        ],
    )
    by_sex = forms.BooleanField(label=gettext_lazy("By sex"), required=False)
    release = forms.ModelChoiceField(
        label=gettext_lazy("GLOTIP release"),
        required=False,
        queryset=Source.objects.filter(kind=SourceKind.GLOTIP).order_by("-released"),
        empty_label=gettext_lazy("Latest"),
    )
    sort = forms.ChoiceField(label=gettext_lazy("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, countries):
        super().__init__(data)
        self.fields["country"].choices = [("", _("Every country"))] + [
            (c.iso2, c.name) for c in countries
        ]
        self.fields["indicator"].choices = [("", _("Every indicator")), *Indicator.choices]
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            self.add_error("year_to", _("The last year comes before the first."))
        return data


def _countries(request):
    """The member countries whose national records the user manages."""
    ids = access.sentence_country_ids(request.user)
    countries = Country.objects.members().active().order_by("iso2")
    return list(countries if ids is None else countries.filter(pk__in=ids))


def _lines(request):
    """(form, release, the sorted lines, None) of the request's filters, or (form, None,
    [], a 400 answer naming the filter) when one is not valid; Http404 for a country
    outside the user's scope."""
    countries = _countries(request)
    wanted = request.GET.get("country", "")
    if wanted and wanted not in {c.iso2 for c in countries}:
        raise Http404
    form = ReconciliationFilter(request.GET, countries)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else name}: {' '.join(errs)}"
            for name, errs in form.errors.items()
        )
        refusal = bad_request(_("The filters are not valid: %(errors)s") % {"errors": errors})
        return form, None, [], refusal
    data = form.cleaned_data
    release = data.get("release") or (
        Source.objects.filter(kind=SourceKind.GLOTIP).order_by("-released").first()
    )
    chosen = [c for c in countries if not data["country"] or c.iso2 == data["country"]]
    lines = compare.compare(
        chosen,
        release,
        year_from=data.get("year_from"),
        year_to=data.get("year_to"),
        indicators=[data["indicator"]] if data.get("indicator") else None,
        by_sex=data.get("by_sex"),
    )
    show = data.get("show") or SHOW_ALL
    if show == SHOW_BOTH:
        lines = [line for line in lines if line.national is not None and line.glotip]
    elif show == SHOW_DIFFERENCES:
        lines = [line for line in lines if line.status in (compare.DIFFERENT, compare.AMBIGUOUS)]
    return form, release, compare.sort(lines, data.get("sort") or "country"), None


@access.rule(access.SENTENCE_READER)
@require_GET
def reconciliation(request):
    """The comparison, 50 cells a page; ?format=csv or xlsx downloads every cell the
    filters select."""
    form, release, lines, refusal = _lines(request)
    if refusal:
        return refusal
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(request, fmt, release, lines)
    if fmt:
        return bad_request(_("Unknown format “%(value)s”: use csv or xlsx.") % {"value": fmt[:20]})
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "sentences/glotip/reconciliation.html",
        {
            "form": form,
            "release": release,
            "page_obj": Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "has_releases": Source.objects.filter(kind=SourceKind.GLOTIP).exists(),
            "is_regional_admin": access.is_regional_admin(request.user),
        },
    )


def headers():
    return [
        _("Country"),
        _("ISO code"),
        _("Year"),
        _("Indicator"),
        _("Sex"),
        _("National records"),
        _("GLOTIP"),
        _("Difference (national − GLOTIP)"),
        _("Status"),
        _("Newer"),
        _("National records last changed"),
        _("GLOTIP release"),
        _("Year approved"),
    ]


def cells(line):
    changed = line.national_changed
    return [
        line.country.name,
        line.country.iso2,
        line.year,
        str(line.indicator_label),
        str(line.sex_label),
        str(line.national) if line.national is not None else "",
        line.glotip_text,
        line.difference_text,
        str(line.status_label),
        str(line.newer_label),
        timezone.localtime(changed).strftime("%Y-%m-%d %H:%M") if changed else "",
        line.released.isoformat() if line.released else "",
        _("yes") if line.approved else _("no"),
    ]


def _export(request, fmt, release, lines):
    language, refusal = export_language(request)
    if refusal:
        return refusal
    with override(language):
        columns = [exports.Column(text, itemgetter(i)) for i, text in enumerate(headers())]
        content = exports.table(fmt, "GLOTIP", columns, [cells(line) for line in lines])
    content_type = exports.CONTENT_TYPES[fmt]
    name = "conciliacion" if language == "es" else "reconciliation"
    stem = f"{name}-glotip-{timezone.localdate():%Y-%m-%d}"
    filters = {k: v for k, v in request.GET.items() if k not in {"format", "lang", "page"} and v}
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            object_type=Figure._meta.label_lower,
            object_repr=_("GLOTIP reconciliation export"),
            after={
                "format": fmt,
                "file": f"{stem}.{fmt}",
                "count": len(lines),
                "release": release.name if release else None,
                **filters,
            },
        )
    return download_response(content, content_type, f"{stem}.{fmt}")
