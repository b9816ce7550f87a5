"""Forms of the core app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.core import access
from coalition.core.choices import Axis
from coalition.core.models import Country, Organization, User


class OrganizationForm(forms.ModelForm):
    axes = forms.MultipleChoiceField(
        label=_("Axes of action"),
        choices=Axis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organization
        fields = ["name", "acronym", "kind", "country", "axes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the countries the user may write to: new institutions come from
        # editors and admins; a contributor may keep its own where it is.
        if self.instance.pk is None:
            ids = access.approvable_country_ids(user)
        else:
            ids = access.editable_country_ids(user)
        countries = Country.objects.active()
        if ids is not None:
            countries = countries.filter(pk__in=ids)
        self.fields["country"].queryset = countries
        self.fields["country"].empty_label = None

    def clean_axes(self):
        order = [value for value, _label in Axis.choices]
        return sorted(set(self.cleaned_data["axes"]), key=order.index)


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown by your authenticator app."))
        return token
