"""Forms of the mapping: a zone (its shape drawn on the map or picked from the
administrative areas), a route with its stops, a place of the gazetteer, an area's note.

The map's drawing tools only fill in the hidden ``geometry`` field and the stop rows; what
is saved is decided here, with ``geometry.check``, as for the GeoJSON import.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core.choices import Population
from coalition.core.forms import DateInput
from coalition.core.models import Country
from coalition.mapping import geometry
from coalition.mapping.choices import (
    ExploitationForm,
    Shape,
    SocialFactor,
    TransportMode,
)
from coalition.mapping.models import (
    AdminArea,
    Place,
    Route,
    RouteStop,
    Zone,
    place_country_choices,
)


def _checkboxes(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ObservedForm(forms.ModelForm):
    """What zones and routes share: the country (among those the user edits), forms of
    exploitation, and a period that does not end before it starts."""

    exploitation_forms = _checkboxes(
        gettext_lazy("Forms of exploitation"), ExploitationForm.choices
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("period_start", "period_end"):
            self.fields[name].widget = DateInput()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned


class ZoneForm(ObservedForm):
    social_factors = _checkboxes(gettext_lazy("Social factors"), SocialFactor.choices)
    populations = _checkboxes(gettext_lazy("Populations at risk"), Population.choices)

    class Meta:
        model = Zone
        fields = [
            "name", "country", "kind", "risk_level", "shape", "geometry", "area",
            "social_factors", "populations", "exploitation_forms", "description", "sources",
            "confidence", "period_start", "period_end", "publishable",
        ]  # fmt: skip
        widgets = {
            "shape": forms.RadioSelect,
            "geometry": forms.HiddenInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "sources": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "geometry": gettext_lazy("Draw a point or a polygon on the map."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shape"].choices = Shape.choices  # a radio without an empty choice
        self.fields["shape"].initial = Shape.POINT
        self.fields["area"].queryset = AdminArea.objects.select_related("country").order_by(
            "country__name_es", "name"
        )
        self.fields["area"].label_from_instance = lambda a: f"{a.name} · {a.country.name}"
        self.fields["area"].help_text = _(
            "For a zone that is a whole administrative area. Points and polygons get theirs "
            "automatically."
        )

    def clean(self):
        cleaned = super().clean()
        shape, country = cleaned.get("shape"), cleaned.get("country")
        if shape == Shape.AREA:
            area = cleaned.get("area")
            if area is None:
                self.add_error("area", _("Choose the administrative area this zone covers."))
            elif country and not country.is_regional and area.country_id != country.pk:
                self.add_error(
                    "area", _("%(area)s is not in %(country)s.") % {
                        "area": area.name, "country": country.name
                    },
                )  # fmt: skip
            cleaned["geometry"] = ""
        elif shape:
            allowed = ("Point",) if shape == Shape.POINT else ("Polygon", "MultiPolygon")
            text, problems = geometry.check(cleaned.get("geometry") or "null", allowed)
            if not cleaned.get("geometry"):
                problems = [_("Draw the zone on the map.")]
            for problem in problems:
                self.add_error("geometry", problem)
            outside = text and country and not country.is_regional
            if outside and geometry.area_of(text, country) is None:
                self.add_error(
                    "geometry",
                    _("The zone lies outside %(country)s.") % {"country": country.name},
                )
            cleaned["geometry"] = text or ""
            cleaned["area"] = None
        return cleaned

    def save(self, commit=True):
        zone = super().save(commit=False)
        for name in ("social_factors", "populations", "exploitation_forms"):
            setattr(zone, name, self.cleaned_data[name])
        if commit:
            zone.save()
        return zone


class RouteForm(ObservedForm):
    transport_modes = _checkboxes(gettext_lazy("Modes of transport"), TransportMode.choices)

    class Meta:
        model = Route
        fields = [
            "name", "country", "transport_modes", "exploitation_forms", "victims_women",
            "victims_men", "victims_girls", "victims_boys", "victims_unknown", "description",
            "sources", "confidence", "period_start", "period_end",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "sources": forms.Textarea(attrs={"rows": 2}),
        }

    def main_fields(self):
        """Every field but the victim counts, which the page lays out in one row."""
        return [f for f in self.visible_fields() if f.name not in Route.VICTIM_FIELDS]

    def victim_fields(self):
        return [self[name] for name in Route.VICTIM_FIELDS]

    def save(self, commit=True):
        route = super().save(commit=False)
        route.transport_modes = self.cleaned_data["transport_modes"]
        route.exploitation_forms = self.cleaned_data["exploitation_forms"]
        if commit:
            route.save()
        return route


class StopForm(forms.ModelForm):
    class Meta:
        model = RouteStop
        fields = ["place", "stage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.order_by("country_code", "name")
        self.fields["place"].label_from_instance = lambda p: f"{p.name} ({p.country_code})"


class BaseStopFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        kept = [f for f in kept if f.cleaned_data.get("place")]
        if len(kept) < 2:
            raise forms.ValidationError(_("A route needs at least two stops."))

    def ordered_stops(self):
        """The stops kept, in the order given (the ORDER column, then row order)."""
        kept = [
            f for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("place")
        ]  # fmt: skip
        return sorted(
            kept,
            key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0),
        )


StopFormSet = forms.inlineformset_factory(
    Route,
    RouteStop,
    form=StopForm,
    formset=BaseStopFormSet,
    extra=2,  # rows to fill without the map (no script)
    can_delete=True,
    can_order=True,
    max_num=50,
    validate_max=True,
)


class PlaceForm(forms.ModelForm):
    country_code = forms.ChoiceField(label=gettext_lazy("Country"), choices=place_country_choices)

    class Meta:
        model = Place
        fields = ["name", "kind", "country_code", "latitude", "longitude", "note"]
        help_texts = {
            "latitude": gettext_lazy("Decimal degrees, north positive (San José: 9.9281)."),
            "longitude": gettext_lazy("Decimal degrees, west negative (San José: -84.0907)."),
        }

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", _("A latitude lies between -90 and 90."))
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", _("A longitude lies between -180 and 180."))
        self.area_id = None
        country = Country.objects.members().filter(iso2=cleaned.get("country_code")).first()
        if country and not self.errors:
            self.area_id = geometry.area_id_at(longitude, latitude, country)
            if self.area_id is None:
                self.add_error(
                    "latitude",
                    _("The point lies outside %(country)s: check the coordinates (the "
                      "longitude is negative in the Americas).") % {"country": country.name},
                )  # fmt: skip
        return cleaned

    def save(self, commit=True):
        place = super().save(commit=False)
        place.area_id = self.area_id
        if commit:
            place.save()
        return place


class AreaForm(forms.ModelForm):
    class Meta:
        model = AdminArea
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
