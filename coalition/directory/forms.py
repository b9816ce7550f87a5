"""Forms of the directory: a contact (the institution's form is core's OrganizationForm)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access
from coalition.core.choices import Axis
from coalition.core.forms import EmailsField, LinesField, clean_phones
from coalition.core.models import Organization
from coalition.directory.choices import ContactKind, Language
from coalition.directory.models import Contact


class ContactForm(forms.ModelForm):
    axes = forms.MultipleChoiceField(
        label=gettext_lazy("Axes of action"),
        choices=Axis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phones = LinesField(
        label=gettext_lazy("Phones"),
        required=False,
        help_text=gettext_lazy(
            "One per line; without a country code they are read as the institution's country's."
        ),
    )
    emails = EmailsField(
        label=gettext_lazy("E-mails"), required=False, help_text=gettext_lazy("One per line.")
    )

    class Meta:
        model = Contact
        fields = [
            "kind",
            "name",
            "position",
            "organization",
            "axes",
            "phones",
            "emails",
            "languages",
            "international",
            "public",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": gettext_lazy("A person's full name, or the line's name (“Línea 1-1-1”)."),
            "organization": gettext_lazy(
                "The contact belongs to this institution's country (or the regional level)."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The institutions the user may add contacts to: those of the countries it edits
        # (a contributor: its own institution).
        editable = access.editable_country_ids(user)
        organizations = Organization.objects.select_related("country").order_by(
            "country__name_es", "name"
        )
        if editable is not None:
            organizations = organizations.filter(country_id__in=editable)
        owner = access.contributor_organization_ids(user)
        if owner is not None:
            organizations = organizations.filter(pk__in=owner)
        self.fields["organization"].queryset = organizations

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ContactKind.PERSON and cleaned.get("public"):
            self.add_error(
                "public",
                _("A person's own details are never public: only a help line or an office."),
            )
        organization = cleaned.get("organization")
        if organization is not None:
            clean_phones(self, cleaned, organization.country)
        return cleaned

    def save(self, commit=True):
        contact = super().save(commit=False)
        contact.country = contact.organization.country
        contact.axes = self.cleaned_data["axes"]
        contact.languages = self.cleaned_data["languages"]
        if commit:
            contact.save()
        return contact
