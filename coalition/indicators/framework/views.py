"""The framework pages. Every reader (members and partners; not the auditor, who reads
the audit log only) reads the frameworks: they are the questions every country answers.
Regional administrators alone load a framework file."""

import json

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core import access, audit
from coalition.core.approvals import frozen_years
from coalition.core.choices import AuditAction
from coalition.core.files import download_response
from coalition.indicators import loader
from coalition.indicators.choices import AnswerType
from coalition.indicators.dump import dump
from coalition.indicators.framework.changes import compare
from coalition.indicators.models import (
    APPROVAL_KIND,
    Assessment,
    Framework,
    Indicator,
    ValidationRule,
)
from coalition.indicators.scoring import formula


def frozen_ids(frameworks):
    """The ids of ``frameworks`` that an assessment not open uses (two queries)."""
    used = Assessment.objects.filter(framework__in=frameworks)
    used = list(used.values_list("framework_id", "country_id", "year"))
    frozen = frozen_years(APPROVAL_KIND, [(country, year) for _f, country, year in used])
    return {framework for framework, country, year in used if (country, year) in frozen}


@access.rule(access.READER)
@require_GET
def framework_list(request):
    """Every framework, newest version first, with its counts and what it changed."""
    versions = list(
        Framework.objects.annotate(
            indicator_count=Count("indicators", distinct=True),
            pillar_count=Count("pillars", distinct=True),
        ).order_by("code", "-version")
    )
    visible = access.restrict(Assessment.objects.all(), request.user)
    answered = dict(
        visible.order_by()
        .values_list("framework")
        .annotate(n=Count("pk"))
        .values_list("framework", "n")
    )
    frozen = frozen_ids(versions)
    frameworks = {}
    for version in versions:
        version.assessment_count = answered.get(version.pk, 0)
        version.is_frozen = version.pk in frozen
        frameworks.setdefault(version.code, []).append(version)
    context = {
        "frameworks": list(frameworks.values()),
        "can_load": access.is_regional_admin(request.user),
    }
    return render(request, "indicators/framework/framework_list.html", context)


class IndicatorFilter(forms.Form):
    """The filters of a framework's page (each optional; a value it does not know is
    ignored and said so by the form's errors)."""

    q = forms.CharField(label=gettext_lazy("Question contains"), required=False, max_length=100)
    pillar = forms.ChoiceField(label=gettext_lazy("Pillar"), required=False)
    instrument = forms.ChoiceField(label=gettext_lazy("Instrument"), required=False)
    article = forms.CharField(label=gettext_lazy("Article"), required=False, max_length=20)
    answer_type = forms.ChoiceField(
        label=gettext_lazy("Answer type"),
        required=False,
        choices=[("", gettext_lazy("All"))] + list(AnswerType.choices),
    )
    computed = forms.ChoiceField(
        label=gettext_lazy("Computed"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Computed from other data")),
            ("no", gettext_lazy("Answered by the country")),
        ],
    )

    def __init__(self, data, pillars, instruments):
        super().__init__(data)
        every = [("", gettext_lazy("All"))]
        self.fields["pillar"].choices = every + [(p.code, p.name) for p in pillars]
        self.fields["instrument"].choices = every + [(i.code, str(i)) for i in instruments]

    def narrow(self, indicators):
        if not self.is_valid():
            return indicators
        found = self.cleaned_data
        if found["q"]:
            words = found["q"]
            indicators = indicators.filter(
                Q(question_es__icontains=words)
                | Q(question_en__icontains=words)
                | Q(code__iexact=words)
            )
        if found["pillar"]:
            indicators = indicators.filter(pillar__code=found["pillar"])
        if found["instrument"]:
            indicators = indicators.filter(instrument__code=found["instrument"])
        if found["article"]:
            indicators = indicators.filter(article__iexact=found["article"].strip())
        if found["answer_type"]:
            indicators = indicators.filter(answer_type=found["answer_type"])
        if found["computed"] == "yes":
            indicators = indicators.exclude(source="")
        elif found["computed"] == "no":
            indicators = indicators.filter(source="")
        return indicators

    @property
    def active(self):
        return self.is_valid() and any(self.cleaned_data.values())


def previous_of(version):
    return (
        Framework.objects.filter(code=version.code, version__lt=version.version)
        .order_by("-version")
        .first()
    )


def _by_code(version):
    if version is None:
        return {}
    rows = version.indicators.select_related("pillar", "instrument")
    return {i.code: i for i in rows}


@access.rule(access.READER)
@require_GET
def framework_detail(request, pk):
    """A version's pillars with their indicators (filtered), and what changed since the
    previous version."""
    version = get_object_or_404(Framework, pk=pk)
    pillars = list(version.pillars.all())
    every = _by_code(version)
    instruments = sorted(
        {i.instrument for i in every.values()}, key=lambda i: (i.adopted or 0, i.code)
    )
    filters = IndicatorFilter(request.GET or None, pillars, instruments)
    shown = filters.narrow(version.indicators.all()).values_list("pk", flat=True)
    shown = set(shown)
    previous = previous_of(version)
    before = _by_code(previous)
    for pillar in pillars:
        pillar.shown = []
    by_pk = {p.pk: p for p in pillars}
    for indicator in every.values():
        if indicator.pk in shown:
            indicator.formula = formula(indicator)
            indicator.previous = before.get(indicator.code)
            by_pk[indicator.pillar_id].shown.append(indicator)
    context = {
        "framework": version,
        "pillars": [p for p in pillars if p.shown],
        "indicator_total": len(every),
        "shown_total": len(shown),
        "filters": filters,
        "previous": previous,
        "changes": compare(before, every) if previous else None,
        "newer": Framework.objects.filter(code=version.code, version__gt=version.version)
        .order_by("version")
        .first(),
        "rule_count": version.rules.count(),
    }
    return render(request, "indicators/framework/framework_detail.html", context)


@access.rule(access.READER)
@require_GET
def indicator_detail(request, pk):
    """One indicator: its question, guidance, legal reference, verification sources and
    scoring; the rules that involve it; the versions that hold its code."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("framework", "pillar", "instrument"), pk=pk
    )
    rules = ValidationRule.objects.filter(
        Q(indicator=indicator) | Q(when=indicator)
    ).select_related("indicator", "when")
    versions = (
        Indicator.objects.filter(framework__code=indicator.framework.code, code=indicator.code)
        .select_related("framework")
        .order_by("-framework__version")
    )
    context = {
        "indicator": indicator,
        "formula": formula(indicator),
        "rules": rules,
        "versions": versions,
    }
    return render(request, "indicators/framework/indicator_detail.html", context)


@access.rule(access.shared_rule(Framework, access.READER))
@require_GET
def framework_export(request, pk):
    """The version as its framework file (JSON), which ``load_framework`` reads back.
    Audited."""
    version = get_object_or_404(Framework, pk=pk)
    content = json.dumps(dump(version), ensure_ascii=False, indent=2) + "\n"
    filename = f"{version.code}-v{version.version}.json"
    with transaction.atomic():
        audit.record(
            request, AuditAction.EXPORT, version, after={"format": "json", "file": filename}
        )
    return download_response(content.encode("utf-8"), "application/json", filename)


class FrameworkLoadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Framework file (.json)"),
        help_text=gettext_lazy(
            "The framework's code, names, instruments, pillars with their indicators, and "
            "rules, as the documentation of the framework file describes. At most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > loader.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "HEAD", "POST"])
def framework_load(request):
    """Upload a framework file: every problem is listed with its place, and nothing is
    written unless the whole file is right."""
    template = "indicators/framework/framework_load.html"
    if request.method != "POST":
        return render(request, template, {"form": FrameworkLoadForm(), "problems": []})
    form = FrameworkLoadForm(request.POST, request.FILES)
    problems = []
    if form.is_valid():
        try:
            result = loader.load_bytes(
                form.cleaned_data["file"].read(), actor_repr=None, request=request
            )
        except loader.FrameworkFileError as exc:
            problems = exc.problems
        else:
            messages.success(request, result.describe())
            for notice in result.notices[:10]:
                messages.info(request, str(notice))
            return redirect(result.framework.get_absolute_url())
    return render(request, template, {"form": form, "problems": problems}, status=400)
