"""The form of a new message on a referral: text only, screened for identifiers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.coordination.choices import Side
from coalition.coordination.models import ReferralMessage


class MessageForm(forms.ModelForm):
    """The text of a message (its model validators refuse identifiers with an explanation
    that never repeats the value), and the side it is written for when the user acts for
    both (a country editor on a referral between two offices of that country)."""

    class Meta:
        model = ReferralMessage
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("New message")}
        help_texts = {
            "text": _(
                "Text only: no file can be attached. Never write anything that identifies "
                "the person (name, phone number, e-mail, document number, birth date or "
                "address): the identity travels only through official channels, under the "
                "referral's reference."
            )
        }

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sides = sorted(sides)
        if len(self.sides) > 1:
            self.fields["side"] = forms.ChoiceField(
                label=_("Write as"),
                choices=[(side, Side(side).label) for side in self.sides],
                widget=forms.RadioSelect,
            )

    def chosen_side(self):
        """The side the message is written for."""
        if "side" in self.fields:
            return Side(self.cleaned_data["side"])
        return Side(self.sides[0])
