"""The send form of a referral: the sending office (one the user acts for), the receiving
office (picked by country and service), what is asked and how urgently, the person's minimal
profile and the consent to share.

The form never asks for anything that identifies the person: no name, birth date, document
number, address or photo. The summary goes through the identifier screen (the model's
validator), whose refusal says what was found and where, never the value.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coalition.coordination.choices import ACKNOWLEDGE_WITHIN, RESPOND_WITHIN, Need, Urgency
from coalition.coordination.models import Referral
from coalition.core import access
from coalition.core.choices import Exploitation, Language, Service
from coalition.core.forms import DateInput
from coalition.core.models import Country, Organization
from coalition.lib import iso3166

YES, NO = "yes", "no"


def victim_offices():
    """Organizations that offer victim services (a non-empty ``services`` list): the offices
    that send and receive referrals."""
    return Organization.objects.exclude(services=[]).select_related("country")


def sending_offices(user):
    """The offices ``user`` may send referrals for."""
    return victim_offices().filter(access.office_scope(user)).order_by("name")


def receiving_offices(country=None, service=None):
    """Every office, or those of ``country`` offering ``service``, by country then name
    (the services are filtered here: a few hundred offices at most, and JSON containment
    differs between databases)."""
    offices = victim_offices()
    if country is not None:
        offices = offices.filter(country=country)
    found = [o for o in offices if not service or service in o.services]
    return sorted(found, key=lambda o: (o.country.name, o.name.casefold()))


def others(offices, user):
    """``offices`` without the user's own when it acts for one office only (it does not send
    to itself); a country editor, who acts for several, may send from one to another."""
    mine = list(sending_offices(user).values_list("pk", flat=True)[:2])
    if len(mine) != 1:
        return offices
    return [office for office in offices if office.pk != mine[0]]


def grouped(offices):
    """Select choices grouped by country: [(country, [(pk, label), ...]), ...]."""
    groups = {}
    for office in offices:
        groups.setdefault(office.country.name, []).append((office.pk, office.local_label))
    return list(groups.items())


def duration(delta):
    """ "4 hours", "3 days": how a deadline reads."""
    hours = int(delta.total_seconds() // 3600)
    if hours < 48:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = hours // 24
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def deadlines_text(urgency):
    """ "acknowledge within 4 hours, answer within 24 hours" for an urgency."""
    return _("acknowledge within %(acknowledge)s, answer within %(respond)s") % {
        "acknowledge": duration(ACKNOWLEDGE_WITHIN[urgency]),
        "respond": duration(RESPOND_WITHIN[urgency]),
    }


class OfficeFilter(forms.Form):
    """The country and the service that narrow the receiving offices (the send form's
    first two selects, and the query of the offices partial)."""

    country = forms.ChoiceField(label=gettext_lazy("Receiving country"), required=False)
    service = forms.ChoiceField(
        label=gettext_lazy("Service needed"),
        required=False,
        choices=[("", gettext_lazy("Any service")), *Service.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = Country.objects.filter(pk__in=victim_offices().values("country")).exclude(
            iso2=""
        )
        self.fields["country"].choices = [
            ("", _("Any country")),
            *sorted(((c.iso2, c.name) for c in countries), key=lambda row: row[1]),
        ]

    def offices(self):
        """The receiving offices these filters leave (all when they are blank or wrong)."""
        if not self.is_valid():
            return receiving_offices()
        code = self.cleaned_data["country"]
        country = Country.objects.filter(iso2=code).first() if code else None
        return receiving_offices(country, self.cleaned_data["service"] or None)


class ReferralForm(forms.ModelForm):
    """A new referral. ``user`` is the sender; the receiving offices offered are those the
    country and service selects leave."""

    country = forms.ChoiceField(label=gettext_lazy("Receiving country"), required=False)
    service = forms.ChoiceField(
        label=gettext_lazy("Service needed"),
        required=False,
        choices=[("", gettext_lazy("Any service")), *Service.choices],
    )
    receiver = forms.TypedChoiceField(
        label=gettext_lazy("Receiving office"),
        coerce=int,
        help_text=gettext_lazy(
            "Offices listed in the directory as offering services to victims, by country."
        ),
    )
    nationality = forms.ChoiceField(label=gettext_lazy("Nationality"), required=False)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages the person speaks"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label=gettext_lazy("Needs"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    exploitation = forms.MultipleChoiceField(
        label=gettext_lazy("Forms of exploitation"),
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.ChoiceField(
        label=gettext_lazy("Did the person consent to share this information?"),
        choices=[(YES, gettext_lazy("Yes")), (NO, gettext_lazy("No"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Referral
        fields = [
            "sender",
            "receiver",
            "kind",
            "urgency",
            "age_group",
            "sex",
            "nationality",
            "languages",
            "needs",
            "exploitation",
            "consent",
            "consent_on",
            "summary",
        ]
        widgets = {
            "urgency": forms.RadioSelect,
            "consent_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"sender": gettext_lazy("Sending office")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.office_filter = OfficeFilter(self.data if self.is_bound else None)
        self.fields["country"].choices = self.office_filter.fields["country"].choices
        senders = sending_offices(user)
        self.fields["sender"].queryset = senders
        self.fields["sender"].label_from_instance = lambda o: o.local_label
        if len(senders) == 1:
            self.fields["sender"].initial = senders[0].pk
            self.fields["sender"].empty_label = None
        self.offices = others(self.office_filter.offices(), user)
        self.receiver_groups = grouped(self.offices)
        # Any office passes the choice's check; clean_receiver then asks for one of those
        # the country and service leave (and says so).
        self.fields["receiver"].choices = [("", "---------"), *grouped(receiving_offices())]
        narrow = {
            "hx-get": reverse("referral-offices"),
            "hx-target": "#id_receiver",
            "hx-swap": "outerHTML",
            "hx-include": "#id_country, #id_service, #id_receiver",
            "hx-trigger": "change",
            "aria-controls": "id_receiver",
        }
        self.fields["country"].widget.attrs.update(narrow)
        self.fields["service"].widget.attrs.update(narrow)
        self.fields["nationality"].choices = [("", "---------"), *iso3166.choices()]
        self.fields["urgency"].choices = [
            (value, f"{label} ({deadlines_text(value)})") for value, label in Urgency.choices
        ]
        self.fields["urgency"].help_text = _(
            "The deadlines run from the moment the referral is sent."
        )
        self.fields["consent_on"].help_text = _("Required when the person consented.")

    def clean_receiver(self):
        pk = self.cleaned_data["receiver"]
        found = next((o for o in self.offices if o.pk == pk), None)
        if found is None:
            raise ValidationError(
                _("Choose a receiving office of the chosen country that offers the service.")
            )
        return found

    def _ordered(self, name, choices):
        chosen = self.cleaned_data[name]
        return [code for code in choices.values if code in chosen]

    def clean_languages(self):
        return self._ordered("languages", Language)

    def clean_needs(self):
        return self._ordered("needs", Need)

    def clean_exploitation(self):
        return self._ordered("exploitation", Exploitation)

    def clean_consent(self):
        return self.cleaned_data["consent"] == YES

    def clean(self):
        cleaned = super().clean()
        sender, receiver = cleaned.get("sender"), cleaned.get("receiver")
        if sender is not None and receiver is not None and sender.pk == receiver.pk:
            self.add_error("receiver", _("The receiving office must be another office."))
        consent_on = cleaned.get("consent_on")
        if cleaned.get("consent"):
            if consent_on is None:
                self.add_error("consent_on", _("Give the date the person consented."))
            elif consent_on > timezone.localdate():
                self.add_error("consent_on", _("The consent date cannot be in the future."))
            elif consent_on < timezone.localdate() - datetime.timedelta(days=365 * 5):
                self.add_error("consent_on", _("The consent date is more than five years ago."))
        else:
            cleaned["consent_on"] = None
        return cleaned

    # The page lays the form out in parts, each shown by includes/form_fields.html (the
    # form's own errors are shown once, at the top; the receiving office is laid out by hand).
    def _part(self, *names):
        return _Part([self[name] for name in names])

    @property
    def sender_part(self):
        return self._part("sender")

    @property
    def filter_part(self):
        return self._part("country", "service")

    @property
    def request_part(self):
        return self._part("kind", "urgency")

    @property
    def profile_part(self):
        return self._part("age_group", "sex", "nationality", "languages", "needs", "exploitation")

    @property
    def consent_part(self):
        return self._part("consent", "consent_on")

    @property
    def summary_part(self):
        return self._part("summary")


class _Part:
    """Some of a form's fields, as ``includes/form_fields.html`` reads a form."""

    non_field_errors = ()
    hidden_fields = ()

    def __init__(self, fields):
        self.visible_fields = fields
