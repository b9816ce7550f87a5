"""Forms of cooperation agreements: the agreement, and a file of it."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access
from coalition.core.forms import DateInput, EvidenceForm
from coalition.core.models import Country, Organization
from coalition.directory.models import Contact
from coalition.knowledge.choices import AgreementStatus
from coalition.knowledge.models import Agreement
from coalition.plans.models import Activity, ActivityItem, ItemKind

# Statuses that say the agreement was signed: they need the date it was.
NEEDS_SIGNED_DATE = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE)

DATE = DateInput()

AGREEMENT_FIELDS = [
    "title",
    "kind",
    "status",
    "country",
    "summary",
    "party_countries",
    "party_organizations",
    "signed_on",
    "effective_on",
    "expires_on",
    "obligations",
    "focal_points",
    "focal_points_notes",
    "activities",
    "public",
]


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def date_errors(status, signed, effective, expires):
    """{field: message} of dates that contradict each other or the status."""
    errors = {}
    if status in NEEDS_SIGNED_DATE and signed is None:
        errors["signed_on"] = _(
            "An agreement that is signed or in force needs the date it was signed."
        )
    if signed and effective and effective < signed:
        errors["effective_on"] = _(
            "It cannot enter into force (%(effective)s) before it was signed (%(signed)s)."
        ) % {"effective": _date(effective), "signed": _date(signed)}
    start = effective or signed
    if start and expires and expires <= start:
        errors["expires_on"] = _(
            "The expiry date (%(expires)s) must come after the date it %(what)s (%(start)s)."
        ) % {
            "expires": _date(expires),
            "what": _("enters into force") if effective else _("was signed"),
            "start": _date(start),
        }
    return errors


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "obligations": forms.Textarea(attrs={"rows": 4}),
            "focal_points_notes": forms.Textarea(attrs={"rows": 2}),
            "signed_on": DATE,
            "effective_on": DATE,
            "expires_on": DATE,
            "party_countries": forms.SelectMultiple(attrs={"size": 6}),
            "party_organizations": forms.SelectMultiple(attrs={"size": 6}),
            "focal_points": forms.SelectMultiple(attrs={"size": 6}),
            "activities": forms.SelectMultiple(attrs={"size": 8}),
        }
        labels = {"country": gettext_lazy("Followed up by (country or regional level)")}
        help_texts = {
            "obligations": gettext_lazy("What each party committed to, and by when."),
            "expires_on": gettext_lazy(
                "The country's editors and the regional administrators are e-mailed 90 "
                "days before this date."
            ),
            "focal_points": gettext_lazy(
                "Contacts of the directory; only those who may read the directory see them."
            ),
            "activities": gettext_lazy(
                "The plan activities this agreement verifies: it counts on their pages and "
                "in the plans' reports. Those whose verification sources speak of "
                "agreements are listed first."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_countries"].queryset = Country.objects.members().order_by("name_es")
        organizations = Organization.objects.visible_to(user).select_related("country")
        self.fields["party_organizations"].queryset = organizations.order_by(
            "country__name_es", "name"
        )
        contacts = access.restrict(Contact.objects.all(), user).select_related(
            "organization", "country"
        )
        self.fields["focal_points"].queryset = contacts.order_by("country__name_es", "name")
        self.fields["focal_points"].label_from_instance = self._contact_label
        self._set_activities()
        # Links the user may not see are kept as they are (see _kept).
        self.hidden_links = {}
        if self.instance.pk:
            for name in ("party_organizations", "focal_points"):
                visible = self.fields[name].queryset.values("pk")
                self.hidden_links[name] = list(
                    getattr(self.instance, name)
                    .exclude(pk__in=visible)
                    .values_list("pk", flat=True)
                )

    @staticmethod
    def _contact_label(contact):
        where = contact.organization.short_name
        role = f"{contact.position}, " if contact.position else ""
        return f"{contact.name} ({role}{where})"

    def _set_activities(self):
        """Every activity, those whose verification speaks of agreements first (in their
        own group)."""
        mentions = ActivityItem.objects.filter(
            Q(text_es__icontains="onvenio") | Q(text_en__icontains="agreement"),
            activity=OuterRef("pk"),
            kind=ItemKind.VERIFICATION,
        )
        activities = Activity.objects.in_plan_order().annotate(suggested=Exists(mentions))
        field = self.fields["activities"]
        field.queryset = activities
        suggested, others = [], []
        for activity in activities:
            (suggested if activity.suggested else others).append((activity.pk, activity.label))
        field.choices = [
            (_("Verified by signed agreements"), suggested),
            (_("Other activities"), others),
        ]

    def clean(self):
        cleaned = super().clean()
        errors = date_errors(
            cleaned.get("status"),
            cleaned.get("signed_on"),
            cleaned.get("effective_on"),
            cleaned.get("expires_on"),
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def kept(self, name):
        """Ids of the links of ``name`` the user could not see, to keep on saving."""
        return self.hidden_links.get(name, [])


class AgreementDocumentForm(EvidenceForm):
    """A file of an agreement: checked like a plan's evidence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext_lazy(
            "The signed text, an addendum, minutes of a follow-up meeting: PDF, image, office "
            "document or CSV; at most 20 MB."
        )
