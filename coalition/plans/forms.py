"""Forms of the plans app: a country's progress on an activity."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from coalition.plans.models import Progress, progress_errors


def check_progress(status, percent):
    """Refuse a status and a percent that contradict each other (not started but 20% done,
    done at 80%) with a ValidationError keyed by field name. The form calls it; so may any
    other writer of progress."""
    errors = progress_errors(status, percent)
    if errors:
        raise ValidationError(errors)


class ProgressForm(forms.ModelForm):
    class Meta:
        model = Progress
        fields = ["status", "percent", "narrative", "next_steps"]
        widgets = {
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "percent": gettext_lazy("0 to 100. “Done” is 100; “Not started” is 0."),
            "narrative": gettext_lazy(
                "What was done, with dates and figures. Never a victim's name or any detail "
                "that could identify a person."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        status, percent = cleaned.get("status"), cleaned.get("percent")
        if status is not None and percent is not None:
            try:
                check_progress(status, percent)
            except ValidationError as error:
                self.add_error(None, error)  # a dict of errors lands on its fields
        return cleaned
