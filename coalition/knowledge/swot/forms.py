"""Forms of the SWOT (FODA): a SWOT (country or regional level, exercise, summary) and one
of its items (quadrant, axis, text, evidence). The consolidation's two steps are read by
``swot_consolidation`` itself, as their fields depend on the items picked."""

from django import forms
from django.utils.translation import gettext as _

from coalition.knowledge.models import Swot, SwotItem

MIN_YEAR, MAX_YEAR = 2000, 2100


class SwotForm(forms.ModelForm):
    """The country is one the user edits; one SWOT per country and exercise."""

    year = forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)

    class Meta:
        model = Swot
        fields = ["country", "year", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].label = Swot._meta.get_field("year").verbose_name.capitalize()
        self.fields["country"].label = _("Country or regional level")
        self.fields["summary"].help_text = _(
            "Context of the exercise: who took part, when and how the analysis was made."
        )

    def clean(self):
        cleaned = super().clean()
        country, year = cleaned.get("country"), cleaned.get("year")
        if country and year:
            taken = Swot.objects.filter(country=country, year=year).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "year",
                    _("%(country)s already has a SWOT for %(year)s: open it to add items.")
                    % {"country": country.name, "year": year},
                )
        return cleaned


class SwotItemForm(forms.ModelForm):
    class Meta:
        model = SwotItem
        fields = ["quadrant", "axis", "text", "evidence"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Text")
        self.fields["evidence"].help_text = _(
            "Optional: the source that supports the item (a report, a study, minutes). "
            "Never anything that could identify a victim."
        )

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("Write the item."))
        return text
