"""The coalition's public documents: its plans (a PDF of each plan's structure, made on
demand: objectives, activities, products, goals and deadlines, verification sources and
responsible parties, never a country's progress nor evidence), and the cooperation
agreements marked public, whose documents anyone may download. Read through
``plans.metrics`` and ``knowledge.metrics``."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone, translation

from coalition.core import files
from coalition.core.models import Country
from coalition.knowledge import metrics as knowledge
from coalition.lib.pdf import render_pdf
from coalition.plans import metrics as plans
from coalition.public import pages

PAGE_SIZE = 20


def _choice(request, name, allowed):
    """The value of filter ``name`` if it is one of ``allowed``, else "" and an error."""
    value = request.GET.get(name, "")
    return (value, None) if not value or value in allowed else ("", name)


@pages.page
def document_list(request):
    countries = Country.objects.members().active().order_by("name_es")
    kinds = knowledge.public_agreement_kinds()
    country, bad_country = _choice(request, "country", {c.iso2 for c in countries})
    kind, bad_kind = _choice(request, "kind", {value for value, _label in kinds})
    errors = [name for name in (bad_country, bad_kind) if name]
    agreements = knowledge.public_agreements(country=country, kind=kind)
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    context = {
        "section": "documents",
        "plans": plans.public_plans(),
        "page_obj": page,
        "query": rest.urlencode(),
        "countries": countries,
        "kinds": kinds,
        "errors": errors,
        "filtered": bool(country or kind),
    }
    return render(request, "public/document_list.html", context, status=400 if errors else 200)


@pages.page
def plan_pdf(request, code):
    """The structure of a plan of the coalition, as PDF, in the language of the address."""
    structure = plans.public_plan_structure(code)
    if structure is None:
        raise Http404
    plan, objectives = structure
    language = translation.get_language()
    content = render_pdf(
        "public/document_plan_pdf.html",
        {
            "plan": plan,
            "objectives": objectives,
            "language": language,
            "generated_at": timezone.localtime(),
        },
    )
    return files.download_response(content, "application/pdf", f"{plan.code}-{language}.pdf")


@pages.page(cached=False)
def agreement_document(request, agreement, pk):
    """A document of a public agreement, to anyone; 404 for any other (nothing said of it).
    Not written to the audit log: visitors are not recorded (the privacy page)."""
    document = knowledge.public_agreement_document(agreement, pk)
    if document is None:
        raise Http404
    return files.attachment_response(document)


urls = [
    path("documents/", document_list, name="document-list"),
    path("documents/plans/<slug:code>.pdf", plan_pdf, name="document-plan"),
    path(
        "documents/agreements/<int:agreement>/files/<int:pk>/",
        agreement_document,
        name="document-agreement-file",
    ),
]


def _plan_codes():
    return [{"code": plan.code} for plan in plans.public_plans()]


SITEMAP = [("document-list", None), ("document-plan", _plan_codes)]
