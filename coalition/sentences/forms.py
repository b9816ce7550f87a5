"""Forms of the record pages: a final sentence with its defendant and victim counts, and a
country's offences (legal articles).

The court file number is typed, hashed and forgotten: the form never shows it again, not
even when it comes back with an error, and an edit that leaves it blank keeps the stored
hash.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access
from coalition.core.approvals import is_locked
from coalition.core.forms import DateInput
from coalition.core.models import Country
from coalition.lib import iso3166
from coalition.lib.screening import refuse_identifiers
from coalition.lib.text import int_or_none
from coalition.mapping.models import AdminArea
from coalition.sentences.choices import Exploitation
from coalition.sentences.models import (
    APPROVAL_KIND,
    DefendantCount,
    Offence,
    Sentence,
    VictimCount,
    court_file_hash,
)

# The most counting rows a sentence's form takes of each kind.
MAX_COUNT_ROWS = 60


def locked_message():
    return _(
        "This year's sentences are approved: ask the regional administrator to withdraw the "
        "approval before changing them."
    )


def screen_summary(field, model_field):
    """Refuse identifiers in ``field`` unless the model's own field already does."""
    if refuse_identifiers not in model_field.validators:
        field.validators.append(refuse_identifiers)


class CourtFileInput(forms.TextInput):
    """A text box that never shows its value back: the number is not kept anywhere."""

    def format_value(self, value):
        return None


class SentenceForm(forms.ModelForm):
    court_file = forms.CharField(
        label=gettext_lazy("Court file number"),
        max_length=100,
        widget=CourtFileInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Only to find duplicates: it is kept as a keyed fingerprint, never as typed, and "
            "never shown again."
        ),
    )
    exploitation_forms = forms.MultipleChoiceField(
        label=gettext_lazy("Forms of exploitation"),
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Sentence
        fields = [
            "country",
            "court_file",
            "court_level",
            "final_date",
            "area",
            "offences",
            "exploitation_forms",
            "prison_years",
            "fine_amount",
            "reparation_ordered",
            "reparation_amount",
            "summary",
        ]
        widgets = {
            "final_date": DateInput(),
            "offences": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["court_file"].required = False
            self.fields["court_file"].help_text = _(
                "Leave it blank to keep the number recorded. A number typed here replaces it "
                "(kept as a keyed fingerprint, never as typed)."
            )
        screen_summary(self.fields["summary"], Sentence._meta.get_field("summary"))
        self.fields["country"].queryset = Country.objects.members().active()
        countries = access.sentence_country_ids(user)
        chosen = self._chosen_country_id()
        areas = AdminArea.objects.select_related("country").order_by("country__iso2", "name")
        offences = Offence.objects.select_related("country")
        if chosen is not None:
            areas, offences = areas.filter(country_id=chosen), offences.filter(country_id=chosen)
        elif countries is not None:
            areas = areas.filter(country_id__in=countries)
            offences = offences.filter(country_id__in=countries)
        self.fields["area"].queryset = areas
        self.fields["offences"].queryset = offences.order_by("category", "legal_article")
        self.fields["country"].help_text = _(
            "The first-level areas and the offences offered are the country's: save once "
            "after changing the country to choose them."
        )

    def _chosen_country_id(self):
        """The country the form is about: the one sent, the record's, or the one given."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("country"))
        elif self.instance.pk:
            value = self.instance.country_id
        else:
            value = self.initial.get("country")
        return int_or_none(value)

    def clean_exploitation_forms(self):
        chosen = self.cleaned_data["exploitation_forms"]
        return [code for code in Exploitation.values if code in chosen]

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if country is None:
            return cleaned
        area = cleaned.get("area")
        if area is not None and area.country_id != country.pk:
            self.add_error("area", _("Choose an area of %(country)s.") % {"country": country})
        foreign = [o for o in cleaned.get("offences") or [] if o.country_id != country.pk]
        if foreign:
            self.add_error(
                "offences", _("Choose offences of %(country)s's law.") % {"country": country}
            )
        if cleaned.get("reparation_amount") is not None and not cleaned.get("reparation_ordered"):
            self.add_error(
                "reparation_amount",
                _("An amount of reparation needs “reparation ordered” ticked."),
            )
        self._check_locked(country, cleaned.get("final_date"))
        self._check_court_file(country, cleaned.get("court_file"))
        return cleaned

    def _check_locked(self, country, final_date):
        if final_date is not None and is_locked(APPROVAL_KIND, country.pk, final_date.year):
            self.add_error("final_date", locked_message())

    def _check_court_file(self, country, number):
        if number:
            digest = court_file_hash(country.iso2, number)
        elif self.instance.pk and self.instance.country_id == country.pk:
            return
        elif self.instance.pk:
            self.add_error(
                "court_file",
                _("Moving the sentence to another country needs its court file number again."),
            )
            return
        else:
            return  # required: the field has its own error
        self.court_file_digest = digest
        same = Sentence.objects.filter(country=country, court_file_hash=digest)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        found = same.values_list("reference", flat=True).first()
        if found:
            self.add_error(
                "court_file",
                _(
                    "This court file is already recorded in %(country)s, as sentence "
                    "%(reference)s: edit that one instead."
                )
                % {"country": country, "reference": found},
            )

    def save(self, commit=True):
        digest = getattr(self, "court_file_digest", None)
        if digest:
            self.instance.court_file_hash = digest
        return super().save(commit=commit)


class CitizenshipField(forms.ChoiceField):
    """A citizenship: an ISO 3166 country, or unknown/stateless (``XX``)."""

    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("Citizenship"),
            choices=lambda: [("", "---------"), *iso3166.choices()],
            **kwargs,
        )


class CountForm(forms.ModelForm):
    citizenship = CitizenshipField()
    count = forms.IntegerField(label=gettext_lazy("Number of persons"), min_value=1, max_value=9999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The row's cells have the table's column headings, not labels of their own.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


class DefendantCountForm(CountForm):
    class Meta:
        model = DefendantCount
        fields = ["outcome", "sex", "age_group", "citizenship", "count"]


class VictimCountForm(CountForm):
    class Meta:
        model = VictimCount
        fields = ["exploitation", "sex", "age_group", "citizenship", "count"]


class BaseCountFormSet(forms.BaseInlineFormSet):
    """Rows of counts: each cell (outcome or form, sex, age group, citizenship) once."""

    cell = ()
    duplicate_message = ""

    def validate_unique(self):
        """``clean`` says it in words (Django's message names the columns by code)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            key = tuple(data.get(name) for name in self.cell)
            if key in seen:
                raise ValidationError(self.duplicate_message)
            seen.add(key)

    def kept(self):
        return [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class BaseDefendantFormSet(BaseCountFormSet):
    cell = ("outcome", "sex", "age_group", "citizenship")
    duplicate_message = gettext_lazy(
        "Two rows count defendants of the same outcome, sex, age group and citizenship: add "
        "them up in one row."
    )


class BaseVictimFormSet(BaseCountFormSet):
    cell = ("exploitation", "sex", "age_group", "citizenship")
    duplicate_message = gettext_lazy(
        "Two rows count victims of the same form of exploitation, sex, age group and "
        "citizenship: add them up in one row."
    )


def _formset(model, form, formset):
    return forms.inlineformset_factory(
        Sentence,
        model,
        form=form,
        formset=formset,
        extra=3,
        can_delete=True,
        max_num=MAX_COUNT_ROWS,
        validate_max=True,
    )


DefendantFormSet = _formset(DefendantCount, DefendantCountForm, BaseDefendantFormSet)
VictimFormSet = _formset(VictimCount, VictimCountForm, BaseVictimFormSet)


class OffenceForm(forms.ModelForm):
    class Meta:
        model = Offence
        fields = ["country", "category", "name", "legal_article"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = access.sentence_country_ids(user)
        countries = Country.objects.members().active().order_by("name_es")
        self.fields["country"].queryset = countries if ids is None else countries.filter(pk__in=ids)

    def clean(self):
        cleaned = super().clean()
        country, article = cleaned.get("country"), cleaned.get("legal_article")
        if country is not None and article:
            same = Offence.objects.filter(country=country, legal_article__iexact=article.strip())
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "legal_article",
                    _("%(country)s already lists this legal article.") % {"country": country},
                )
        return cleaned
