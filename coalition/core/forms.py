"""Forms of the core app."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.template import loader
from django.utils.translation import gettext_lazy as _

from coalition.core import access
from coalition.core.choices import Axis, Population, Service
from coalition.core.models import Country, Organization, User
from coalition.core.uploads import check_upload
from coalition.lib import emails as emails_lib
from coalition.lib.areas import areas_of
from coalition.lib.phones import PhoneError, normalize, normalize_all, region_of


class DateInput(forms.DateInput):
    """The browser's date picker, which sends and reads ISO dates (2026-12-03) whatever the
    page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def offer_editable_countries(field, user, within=None):
    """Offer in ``field`` (a record's country) the active countries ``user`` may edit (of
    those ``within`` a queryset the form offers already), the regional level first, with no
    empty choice."""
    ids = access.editable_country_ids(user)
    countries = Country.objects.active().order_by("-is_regional", "name_es")
    if within is not None:
        countries = countries.filter(pk__in=within.values("pk"))
    field.queryset = countries if ids is None else countries.filter(pk__in=ids)
    field.empty_label = None


class LinesField(forms.CharField):
    """A list typed one item per line (phones, e-mails)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class EmailsField(LinesField):
    """E-mail addresses, one per line: each checked, kept once, in lower case."""

    def clean(self, value):
        emails, errors = emails_lib.normalize_all(super().clean(value))
        if errors:
            raise forms.ValidationError(errors)
        return emails


def clean_phone(form, cleaned, country, name="phone"):
    """Store the form's one phone ``name`` as an E.164 number read in ``country`` (as the
    directory's are), or add its error to the field."""
    value = (cleaned.get(name) or "").strip()
    if not value:
        return
    try:
        cleaned[name] = normalize(value, region_of(country))
    except PhoneError as error:
        form.add_error(name, str(error))


def clean_phones(form, cleaned, country):
    """Store the form's ``phones`` as E.164 numbers read in ``country``, or add their
    errors to the field."""
    numbers, errors = normalize_all(cleaned.get("phones") or [], region_of(country))
    if errors:
        form.add_error("phones", errors)
    else:
        cleaned["phones"] = numbers


class OrganizationForm(forms.ModelForm):
    axes = forms.MultipleChoiceField(
        label=_("Axes of action"),
        choices=Axis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services = forms.MultipleChoiceField(
        label=_("Services for victims"),
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    populations = forms.MultipleChoiceField(
        label=_("Populations served"),
        choices=Population.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coverage = forms.MultipleChoiceField(
        label=_("Coverage"),
        required=False,
        help_text=_("The first-level areas it serves; none means the whole country."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    phones = LinesField(
        label=_("Phones"),
        required=False,
        help_text=_("One per line; without a country code they are read as the country's."),
    )
    emails = EmailsField(label=_("E-mails"), required=False, help_text=_("One per line."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name",
            "acronym",
            "kind",
            "country",
            "axes",
            "services",
            "populations",
            "coverage",
            "capacity",
            "opening_hours",
            "phones",
            "emails",
            "website",
            "address",
            "public",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

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
        self.fields["coverage"].choices = [
            (country.name, [(area, area) for area in areas_of(country.iso2)])
            for country in countries.filter(is_regional=False).order_by("name_es")
        ]

    def _ordered(self, name, choices):
        order = [value for value, _label in choices]
        return sorted(set(self.cleaned_data[name]), key=order.index)

    def clean_axes(self):
        return self._ordered("axes", Axis.choices)

    def clean_services(self):
        return self._ordered("services", Service.choices)

    def clean_populations(self):
        return self._ordered("populations", Population.choices)

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if country is None:
            return cleaned
        clean_phones(self, cleaned, country)
        wrong = [a for a in cleaned.get("coverage") or [] if a not in areas_of(country.iso2)]
        if wrong:
            self.add_error(
                "coverage",
                _("Not areas of %(country)s: %(areas)s.")
                % {"country": country.name, "areas": ", ".join(wrong)},
            )
        return cleaned


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


class EvidenceForm(forms.Form):
    """An uploaded file, checked from its content, and its description: plan evidence, and
    the base of every other attachment form."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, image, office document or CSV; at most 20 MB. The type is checked from "
            "the content. Never upload a document that identifies a victim."
        ),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_upload(upload)
        return upload


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, whose e-mail is sent in the background (``core.tasks.send_email``)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from coalition.core.tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject, body, from_email, [to_email])
