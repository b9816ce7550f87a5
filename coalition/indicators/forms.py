"""The forms of the assessments: starting one (country, year, framework, copy of last
year's answers) and the answers of one pillar of the questionnaire."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access
from coalition.core.models import Country
from coalition.indicators import validation
from coalition.indicators.models import Assessment, Framework
from coalition.indicators.scoring import value_of
from coalition.lib import limits

FIRST_YEAR, LAST_YEAR = 2000, 2100


def creatable_countries(user):
    """The countries (and the regional level, for those who manage it) whose assessments
    ``user`` may start: their country editors and the regional administrators."""
    countries = Country.objects.active()
    ids = access.approvable_country_ids(user)
    if ids is not None:
        countries = countries.filter(pk__in=ids)
    if not access.manages_regional_level(user):
        countries = countries.filter(is_regional=False)
    return countries.order_by("-is_regional", "name_es")


def latest_frameworks():
    """The latest version of each framework code: what a new assessment may answer."""
    latest = {}
    for framework in Framework.objects.order_by("code", "-version"):
        latest.setdefault(framework.code, framework)
    return list(latest.values())


class AssessmentCreateForm(forms.Form):
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), label=gettext_lazy("Country"), empty_label=None
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(), label=gettext_lazy("Framework"), empty_label=None
    )
    copy = forms.BooleanField(
        label=gettext_lazy("Copy last year's answers"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Values, comments and evidence links of this country's latest earlier assessment "
            "(not its files, nor the computed indicators). Values that no longer fit are "
            "skipped and listed."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = creatable_countries(user)
        frameworks = latest_frameworks()
        self.fields["framework"].queryset = Framework.objects.filter(
            pk__in=[f.pk for f in frameworks]
        )
        if frameworks:
            preferred = next((f for f in frameworks if f.code == "palermo"), frameworks[0])
            self.fields["framework"].initial = preferred.pk
        # One framework: nothing to choose.
        self.single_framework = len(frameworks) <= 1
        if self.single_framework:
            self.fields["framework"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        country, year = data.get("country"), data.get("year")
        taken = Assessment.objects.filter(country=country, year=year)
        if country is not None and year is not None and taken.exists():
            self.add_error(
                "year",
                _(
                    "%(country)s already has an assessment for %(year)s: open it from "
                    "the list of assessments instead."
                )
                % {"country": country, "year": year},
            )
        return data


def value_name(indicator):
    return f"value-{indicator.pk}"


def comment_name(indicator):
    return f"comment-{indicator.pk}"


def link_name(indicator):
    return f"link-{indicator.pk}"


def shown(value):
    """A stored value as the form's text ("20.00" → "20", a date as YYYY-MM-DD)."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "normalize"):
        return format(value.normalize(), "f")
    return str(value)


class PillarState:
    """What one pillar's answers hold (value, comment, link of each indicator a person
    answers), as ``core.stale`` compares it: the version the pillar's form was drawn
    from."""

    def __init__(self, indicators, answers):
        self.indicators = indicators
        self.answers = answers

    def snapshot(self):
        data = {}
        for indicator in self.indicators:
            if indicator.computed:
                continue
            answer = self.answers.get(indicator.pk)
            data[value_name(indicator)] = shown(value_of(indicator, answer))
            data[comment_name(indicator)] = answer.comment if answer else ""
            data[link_name(indicator)] = answer.evidence_url if answer else ""
        return data


class PillarForm(forms.Form):
    """The answers of one pillar: each indicator's value (read by ``validation.parse``),
    comment and evidence link. Computed indicators are not in it: their value comes from
    their source."""

    def __init__(self, *args, indicators, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = [i for i in indicators if not i.computed]
        for indicator in self.indicators:
            answer = answers.get(indicator.pk)
            label = indicator.code
            self.fields[value_name(indicator)] = forms.CharField(
                label=_("%(code)s: answer") % {"code": label}, required=False, strip=False
            )
            self.fields[comment_name(indicator)] = forms.CharField(
                label=_("%(code)s: comment") % {"code": label},
                required=False,
                max_length=limits.NOTE,
            )
            self.fields[link_name(indicator)] = forms.URLField(
                label=_("%(code)s: evidence link") % {"code": label},
                required=False,
                max_length=500,
                assume_scheme="https",
            )
            self.initial[value_name(indicator)] = shown(value_of(indicator, answer))
            self.initial[comment_name(indicator)] = answer.comment if answer else ""
            self.initial[link_name(indicator)] = answer.evidence_url if answer else ""

    def clean(self):
        data = super().clean()
        self.values = {}
        for indicator in self.indicators:
            name = value_name(indicator)
            try:
                self.values[indicator.pk] = validation.parse(indicator, data.get(name, ""))
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def errors_of(self, indicator):
        """The messages about ``indicator``'s answer, comment or link."""
        found = []
        for name in (value_name(indicator), comment_name(indicator), link_name(indicator)):
            for message in self.errors.get(name, []):
                if name != value_name(indicator) and not message.startswith(indicator.code):
                    message = f"{self.fields[name].label}: {message}"
                found.append(message)
        return found
