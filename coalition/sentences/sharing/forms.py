"""The sharing agreement form: the partner, the countries covered, the terms and the
partner's age key."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import OrganizationKind, Role
from coalition.core.forms import DateInput
from coalition.core.models import Country, Membership, Organization
from coalition.lib import sharepack
from coalition.sentences.models import SharingAgreement


class SharingAgreementForm(forms.ModelForm):
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries covered"),
        queryset=Country.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The countries whose statistics it shares: each country's editor must approve "
            "it before it is valid."
        ),
    )

    class Meta:
        model = SharingAgreement
        # The countries are saved by the view (``save_coverage``), which keeps each
        # country's approval.
        fields = ["partner", "purpose", "valid_from", "valid_to", "age_recipient"]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "purpose": _("What the partner uses the statistics for, as the agreement says."),
            "age_recipient": _(
                "Optional. The partner's age public key (x25519, “age1…”): packages are then "
                "encrypted so that only the partner can open them."
            ),
        }

    field_order = ["partner", "countries", "purpose", "valid_from", "valid_to", "age_recipient"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        partners = Membership.objects.filter(role=Role.PARTNER).values("organization_id")
        self.fields["partner"].queryset = Organization.objects.filter(
            Q(kind=OrganizationKind.INTERNATIONAL) | Q(pk__in=partners)
        ).order_by("name")
        self.fields["countries"].queryset = Country.objects.members().active().order_by("name_es")
        if self.instance.pk:
            self.initial["countries"] = [row.country_id for row in self.instance.coverage.all()]

    def clean_age_recipient(self):
        value = self.cleaned_data["age_recipient"].strip()
        if value:
            try:
                sharepack.parse_recipient(value)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from None
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The agreement cannot end before it starts."))
        return cleaned
