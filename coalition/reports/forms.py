"""The annual report's form: the year, the language and the format."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2012


def year_choices():
    last = timezone.localdate().year
    return [(year, str(year)) for year in range(last, FIRST_YEAR - 1, -1)]


class AnnualReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("pdf", _("PDF")), ("docx", _("Word (editable)"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, language="es", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["language"].initial = language
        self.fields["format"].initial = "pdf"
