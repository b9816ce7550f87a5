"""Forms of awareness campaigns: a campaign, and a material uploaded to it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coalition.core.forms import DateInput
from coalition.core.models import Organization
from coalition.core.uploads import check_upload
from coalition.knowledge.choices import Audience, Channel, Language, MaterialKind
from coalition.knowledge.models import Campaign
from coalition.plans.models import Activity

# The operational objective whose activities campaigns verify ("IV. ... sensibilización").
CAMPAIGN_OBJECTIVE = "IV"
REACH_FIELDS = ["broadcasts", "brochures_printed", "cards_printed", "web_visits", "social_reach"]

# What a person enters about a campaign, in the form's order; the API takes the same.
CAMPAIGN_FIELDS = [
    "country",
    "title",
    "message",
    "channels",
    "starts",
    "ends",
    "audiences",
    "languages",
    "organizations",
    "activities",
    *REACH_FIELDS,
]


def campaign_activities():
    """The activities a campaign may verify: those of objective IV of every plan."""
    return Activity.objects.filter(objective__numeral=CAMPAIGN_OBJECTIVE).in_plan_order()


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    """Activities of objective IV; another plan activity is refused by name."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError:
            pks = [str(v) for v in value if str(v).isdigit()]
            others = (
                Activity.objects.filter(pk__in=pks)
                .exclude(objective__numeral=CAMPAIGN_OBJECTIVE)
                .select_related("plan")
            )
            if others:
                raise ValidationError(
                    _(
                        "Only activities of objective IV (awareness) can be linked to a "
                        "campaign; %(names)s is not one of them."
                    )
                    % {"names": ", ".join(a.label for a in others)},
                    code="invalid_choice",
                ) from None
            raise


def _choices(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class CampaignForm(forms.ModelForm):
    channels = _choices(_("Channels"), Channel.choices)
    audiences = _choices(_("Audiences"), Audience.choices)
    languages = _choices(_("Languages"), Language.choices)
    activities = ActivityChoiceField(
        label=_("Plan activities"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_(
            "The activities of objective IV (awareness) that this campaign verifies: its reach "
            "figures count on their pages."
        ),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Campaign
        fields = CAMPAIGN_FIELDS
        widgets = {
            "starts": DateInput(),
            "ends": DateInput(),
            "message": forms.Textarea(attrs={"rows": 3}),
            "organizations": forms.SelectMultiple(attrs={"size": 6}),
        }
        labels = {"country": _("Country or regional level")}
        help_texts = {
            "country": _("Choose the regional level for a regional campaign."),
            "ends": _("Leave empty while the campaign runs."),
            "broadcasts": _("How many times the spots were aired on radio and TV."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = (
            Organization.objects.visible_to(user)
            .select_related("country")
            .order_by("country__name_es", "name")
        )
        self.fields["activities"].queryset = campaign_activities()
        for name in REACH_FIELDS:
            self.fields[name].widget.attrs.setdefault("min", 0)

    def _ordered(self, name, choices):
        order = list(choices.values)
        return sorted(set(self.cleaned_data[name]), key=order.index)

    def clean_channels(self):
        return self._ordered("channels", Channel)

    def clean_audiences(self):
        return self._ordered("audiences", Audience)

    def clean_languages(self):
        return self._ordered("languages", Language)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            self.add_error(
                "ends",
                _("The campaign cannot end before it starts (%(starts)s).")
                % {"starts": date_format(starts, "DATE_FORMAT")},
            )
        return cleaned


class CampaignMaterialForm(forms.Form):
    """A material of a campaign: checked from its content like plan evidence, and audio
    and video accepted too."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Audio spot (MP3, OGG, WAV, M4A), video (MP4, WEBM), brochure (PDF), image or "
            "office document; at most 20 MB. The type is checked from the content."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_upload(upload, media=True)
        return upload

    def attachment_fields(self):
        """What the material's row takes from the form besides its file (core.files.Upload)."""
        return {name: self.cleaned_data[name] for name in ("kind", "title", "language")}
