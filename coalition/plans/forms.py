"""Forms of the plans app: a country's progress on an activity, on each of its products
(deliverables), and the evidence file sent with it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from coalition.core.forms import EvidenceForm
from coalition.plans.models import ProductProgress, Progress, progress_errors


def check_progress(status, percent):
    """Refuse a status and a percent that contradict each other (not started but 20% done,
    done at 80%) with a ValidationError keyed by field name. The form calls it; so may any
    other writer of progress."""
    errors = progress_errors(status, percent)
    if errors:
        raise ValidationError(errors)


NARRATIVE_HELP = gettext_lazy(
    "What was done, with dates and figures. Never a victim's name or any detail that could "
    "identify a person."
)


class ProgressForm(forms.ModelForm):
    """The activity as a whole: its status and percent when it has no products (with
    products they are computed), its narrative, next steps and whether its evidence files
    are shared with the partners named on it."""

    class Meta:
        model = Progress
        fields = ["status", "percent", "narrative", "next_steps", "evidence_shared"]
        widgets = {
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "percent": gettext_lazy("0 to 100. “Done” is 100; “Not started” is 0."),
            "narrative": NARRATIVE_HELP,
            "evidence_shared": gettext_lazy(
                "Partners read the approved progress of the activities where they are named; "
                "they open its evidence files only when this is ticked."
            ),
        }

    def __init__(self, *args, with_products=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_products = with_products
        if with_products:
            # Computed from the products' rows (plans.progress.refresh).
            del self.fields["status"], self.fields["percent"]

    def clean(self):
        cleaned = super().clean()
        status, percent = cleaned.get("status"), cleaned.get("percent")
        if status is not None and percent is not None:
            try:
                check_progress(status, percent)
            except ValidationError as error:
                self.add_error(None, error)  # a dict of errors lands on its fields
        return cleaned


class ProductProgressForm(forms.ModelForm):
    """One product (deliverable) of the activity in one country: its status, percent and a
    short note. Its prefix names the product; an error names it too."""

    class Meta:
        model = ProductProgress
        fields = ["status", "percent", "note"]
        widgets = {
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, product, **kwargs):
        kwargs.setdefault("prefix", f"product-{product.pk}")
        super().__init__(*args, **kwargs)
        self.product = product

    def clean(self):
        cleaned = super().clean()
        status, percent = cleaned.get("status"), cleaned.get("percent")
        if status is not None and percent is not None:
            for name, message in progress_errors(status, percent).items():
                self.add_error(name, message)
        return cleaned

    def full_clean(self):
        super().full_clean()
        # Every error of the row says which product it is about.
        if self.is_bound and self._errors:
            for name, errors in list(self._errors.items()):
                self._errors[name] = self.error_class(
                    [
                        gettext("“%(product)s”: %(error)s")
                        % {"product": self.product.text, "error": message}
                        for error in errors.as_data()
                        for message in error.messages
                    ]
                )


def product_choices(products):
    return [("", gettext("The activity as a whole"))] + [(str(p.pk), p.text) for p in products]


class ProgressEvidenceForm(EvidenceForm):
    """An evidence file, with the product it shows (or the activity as a whole)."""

    product = forms.TypedChoiceField(
        label=gettext_lazy("What the file shows"),
        choices=[],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.products = {p.pk: p for p in products}
        if products:
            self.fields["product"].choices = product_choices(products)
        else:
            del self.fields["product"]

    def attachment_fields(self):
        chosen = self.cleaned_data.get("product")
        return {"product": self.products.get(chosen)} if self.products else {}
