"""A country's (or the regional level's) compliance profile, its PDF and workbook, and
one assessment's answers and scores as a workbook."""

from django.db import transaction
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.core import access, audit
from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.files import bad_request, download_response, export_language
from coalition.core.models import Country
from coalition.indicators.models import Assessment
from coalition.indicators.profile import export
from coalition.indicators.profile.build import build, country_or_404
from coalition.indicators.scores import scores_of
from coalition.lib.spreadsheets import CONTENT_TYPE as XLSX
from coalition.lib.text import int_or_none


def _year(request):
    """The ``year`` asked for: (year or None, None) or (None, a 400 naming the field)."""
    given = request.GET.get("year", "").strip()
    if not given:
        return None, None
    year = int_or_none(given, 1900, 2100)
    if year is None:
        return None, bad_request(
            _("year: enter a year such as 2023, not “%(value)s”.") % {"value": given[:20]}
        )
    return year, None


def _profile(request, iso2, **options):
    country = country_or_404(iso2)
    year, refusal = _year(request)
    if refusal:
        return None, refusal
    return build(country, request.user, year, **options), None


@access.rule(access.READER)
@require_GET
def country_profile(request, iso2):
    profile, refusal = _profile(request, iso2, with_computed=True)
    if refusal:
        return refusal
    countries = Country.objects.active().order_by("-is_regional", "name_es")
    return render(
        request,
        "indicators/profile/page.html",
        {"profile": profile, "countries": countries},
    )


def _audit_export(request, obj, fmt, filename, language, **after):
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            obj,
            after={"format": fmt, "file": filename, "language": language, **after},
        )


def _profile_file(request, iso2, fmt):
    language, refusal = export_language(request)
    if refusal:
        return refusal
    with translation.override(language):
        # Built in the file's language: the answers' and pillars' names are read here.
        profile, refusal = _profile(request, iso2)
        if refusal:
            return refusal
        if profile.current is None:
            return bad_request(_("There is no assessment of this country to export yet."))
        filename = f"{export.profile_stem(profile.country, profile.current.year, language)}.{fmt}"
        if fmt == "pdf":
            who = request.user.get_full_name() or request.user.get_username()
            content, content_type = export.profile_pdf(profile, who), "application/pdf"
        else:
            content, content_type = export.profile_xlsx(profile), XLSX
    years = [year.year for year in profile.years]
    _audit_export(request, profile.current.assessment, fmt, filename, language, years=years)
    return download_response(content, content_type, filename)


@access.rule(access.READER)
@require_GET
def country_profile_pdf(request, iso2):
    return _profile_file(request, iso2, "pdf")


@access.rule(access.READER)
@require_GET
def country_profile_xlsx(request, iso2):
    return _profile_file(request, iso2, "xlsx")


@access.rule(access.object_rule(Assessment))
@require_GET
def assessment_export(request, pk):
    """An assessment's answers and scores, for whoever may read it."""
    assessment = access.get_visible_or_404(
        Assessment.objects.select_related("country", "framework"), request.user, pk=pk
    )
    language, refusal = export_language(request)
    if refusal:
        return refusal
    approved = assessment.state == ApprovalState.APPROVED
    with translation.override(language):
        filename = f"{export.assessment_stem(assessment, language)}.xlsx"
        score = scores_of([assessment])[assessment.pk]
        content = export.assessment_xlsx(assessment, score, approved)
    _audit_export(request, assessment, "xlsx", filename, language)
    return download_response(content, XLSX, filename)
