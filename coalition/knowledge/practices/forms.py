"""Forms of good practices: the practice itself and its review. Documents use plans'
EvidenceForm (a file checked from its content, and a description)."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access
from coalition.core.models import Organization
from coalition.directory.models import Contact
from coalition.knowledge.choices import PracticeStatus
from coalition.knowledge.models import Practice

# What a person enters about a good practice, in the form's order.
PRACTICE_FIELDS = [
    "title",
    "country",
    "axis",
    "institution",
    "year",
    "description",
    "results",
    "success_factors",
    "replicability",
    "replicability_notes",
    "contact",
]

# The review moves a practice may make: {from: {to, ...}}. Published again, a published
# practice's edits reach the public site.
TRANSITIONS = {
    PracticeStatus.DRAFT: {PracticeStatus.REVIEWED},
    PracticeStatus.REVIEWED: {PracticeStatus.PUBLISHED, PracticeStatus.DRAFT},
    PracticeStatus.PUBLISHED: {PracticeStatus.REVIEWED, PracticeStatus.PUBLISHED},
}


class InstitutionField(forms.ModelChoiceField):
    def label_from_instance(self, organization):
        return f"{organization.local_label} · {organization.country.name}"


class ContactField(forms.ModelChoiceField):
    def label_from_instance(self, contact):
        position = f", {contact.position}" if contact.position else ""
        return f"{contact.name}{position} ({contact.organization.short_name})"


class PracticeForm(forms.ModelForm):
    institution = InstitutionField(
        label=gettext_lazy("Institution"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=gettext_lazy("An institution of the practice's country, or a regional one."),
    )
    contact = ContactField(
        label=gettext_lazy("Contact person"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "From the directory, optional. Seen only by the coalition's coordinators; never "
            "shown to partners nor on the public site."
        ),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=gettext_lazy("The year the practice was carried out or started."),
    )

    class Meta:
        model = Practice
        fields = PRACTICE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "success_factors": forms.Textarea(attrs={"rows": 4}),
            "replicability_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"country": gettext_lazy("Country or regional level")}
        help_texts = {
            "description": gettext_lazy(
                "What was done, by whom, for whom. Never a victim's name or any detail that "
                "could identify a person."
            ),
            "results": gettext_lazy("What changed: figures, new services, cases handled."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

        organizations = Organization.objects.visible_to(user).select_related("country")
        self.owner_ids = access.contributor_organization_ids(user)
        if self.owner_ids is not None:
            # A contributor writes for its own institution only (see access.restrict).
            organizations = organizations.filter(pk__in=self.owner_ids)
            field = self.fields["institution"]
            field.required = True
            field.empty_label = None
            field.help_text = _("A contributor records the practices of its own institution.")
        self.fields["institution"].queryset = organizations.order_by("country__name_es", "name")

        contacts = access.restrict(Contact.objects.all(), user).select_related("organization")
        current = self.instance.contact_id
        if current and not contacts.filter(pk=current).exists():
            # A contact the user may not see stays as it is, unseen.
            del self.fields["contact"]
        else:
            self.fields["contact"].queryset = contacts.order_by("name")

    def clean(self):
        cleaned = super().clean()
        country, institution = cleaned.get("country"), cleaned.get("institution")
        outside = institution and country and institution.country_id != country.pk
        if outside and not institution.country.is_regional:
            self.add_error(
                "institution",
                _("Choose an institution of %(country)s or a regional one.")
                % {"country": country.name},
            )
        return cleaned

    def content_changed(self):
        """Did the user change what the practice says (not only who to ask about it)?
        Line endings and surrounding spaces that a browser adds are no change."""
        for name in self.changed_data:
            if name == "contact":
                continue
            before = self.get_initial_for_field(self.fields[name], name)
            after = self.cleaned_data.get(name)
            if isinstance(before, str) and isinstance(after, str) and _same(before, after):
                continue
            return True
        return False


def _same(a, b):
    return " ".join(a.split()) == " ".join(b.split())


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Review status"), choices=PracticeStatus.choices)

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status not in TRANSITIONS[self.practice.status]:
            raise forms.ValidationError(
                _("A practice that is “%(current)s” cannot be marked “%(wanted)s”.")
                % {
                    "current": self.practice.get_status_display(),
                    "wanted": PracticeStatus(status).label,
                }
            )
        return status
