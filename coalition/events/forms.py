"""Forms of the events app: an event, a material, an attendee typed by hand, an attendance
file, a participant's record and a calendar feed."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access
from coalition.core.forms import DateInput, EvidenceForm, clean_phone
from coalition.core.models import Country, Organization
from coalition.events.choices import Profession, Sex
from coalition.events.models import Event, Participant, date_errors
from coalition.events.people import same_person_query
from coalition.plans.models import Activity


def _countries(ids):
    countries = Country.objects.active()
    return countries if ids is None else countries.filter(pk__in=ids)


# What a person enters about an event, in the form's order; the API takes the same.
EVENT_FIELDS = [
    "kind",
    "title",
    "status",
    "country",
    "starts",
    "ends",
    "host_country",
    "city",
    "venue",
    "organizers",
    "supporters",
    "activities",
    "audiences",
    "description",
    "outcomes",
]


class EventForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=gettext_lazy("Target audiences"),
        choices=Profession.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Plan activities"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "The activities this event verifies: its attendance counts on their pages and "
            "in the plans' reports."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {
            "starts": DateInput(),
            "ends": DateInput(),
            "organizers": forms.SelectMultiple(attrs={"size": 6}),
            "supporters": forms.SelectMultiple(attrs={"size": 6}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"country": gettext_lazy("Country or regional level")}
        help_texts = {
            "outcomes": gettext_lazy(
                "Agreements, conclusions, minutes. Never a victim's name or any detail that "
                "could identify a person."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_country"].queryset = Country.objects.members().active()
        organizations = Organization.objects.visible_to(user).select_related("country")
        for name in ("organizers", "supporters"):
            self.fields[name].queryset = organizations.order_by("country__name_es", "name")
        self.fields["activities"].queryset = Activity.objects.in_plan_order()

    def clean_audiences(self):
        order = list(Profession.values)
        return sorted(set(self.cleaned_data["audiences"]), key=order.index)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends:
            for name, message in date_errors(starts, ends, self.instance).items():
                self.add_error(name, message)
        return cleaned


class MaterialForm(EvidenceForm):
    """An event's file: checked like a plan's evidence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext_lazy(
            "Agenda, presentation, minutes, a photo of the signed list: PDF, image, office "
            "document or CSV; at most 20 MB."
        )


class AttendanceFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Attendance list (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Use the event's template. Every row is checked; nothing is recorded unless the "
            "whole file is right. At most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


PHONE_HELP = gettext_lazy(
    "As you would dial it in the person's country (8888-1111), or with + and the country "
    "code for another country's number."
)


class AttendeeForm(forms.Form):
    """One person typed by hand, and the days they attended."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), choices=Sex.choices)
    organization_name = forms.CharField(label=gettext_lazy("Institution"), max_length=200)
    profession = forms.ChoiceField(label=gettext_lazy("Profession"), choices=Profession.choices)
    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"), queryset=Country.objects.none(), empty_label=None
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=40,
        required=False,
        help_text=PHONE_HELP,
    )
    days = forms.MultipleChoiceField(
        label=gettext_lazy("Days attended"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["country"].queryset = Country.objects.active().order_by(
            "is_regional", "name_es"
        )
        self.fields["country"].initial = event.place_country.pk
        self.fields["days"].choices = [
            (d.isoformat(), date_format(d, "DATE_FORMAT")) for d in event.days
        ]
        self.fields["days"].initial = [d.isoformat() for d in event.days]
        if not event.is_multi_day:
            self.fields["days"].widget = forms.MultipleHiddenInput()

    def clean_days(self):
        chosen = set(self.cleaned_data["days"])
        return [d for d in self.event.days if d.isoformat() in chosen]

    def clean(self):
        cleaned = super().clean()
        clean_phone(self, cleaned, cleaned.get("country"))
        return cleaned


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "sex", "organization_name", "profession", "country", "email", "phone"]

    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=40,
        required=False,
        help_text=PHONE_HELP,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries(access.editable_country_ids(user))
        self.fields["country"].empty_label = None
        if self.instance.phone:
            self.initial["phone"] = self.instance.phone_display

    def clean(self):
        cleaned = super().clean()
        clean_phone(self, cleaned, cleaned.get("country"))
        name, organization = cleaned.get("name"), cleaned.get("organization_name")
        if name and organization:
            others = Participant.objects.filter(
                same_person_query(name, organization, cleaned.get("email") or "")
            ).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(
                    _(
                        "Another participant already has this name and institution, or this "
                        "e-mail: they would be the same person."
                    )
                )
        return cleaned


class FeedForm(forms.Form):
    country = forms.ModelChoiceField(
        label=gettext_lazy("Calendar of"), queryset=Country.objects.none(), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries(access.visible_country_ids(user)).order_by(
            "-is_regional", "name_es"
        )
