"""The geographic and social mapping (objective III of the 2012 plan, "Mapeo Geográfico y
Social"): a gazetteer (first-level administrative areas and named places), and the zones and
routes each country identifies.

- **Administrative areas** are loaded from ``data/admin-areas.geojson`` (``load_gazetteer``);
  regional administrators may correct their notes. **Places** are named points (border
  crossings, ports, airports, cities) that routes stop at; regional administrators keep
  them.
- A **zone** is a point, a polygon or a whole administrative area, with its kind, risk
  level and the social factors behind it. Only zones marked publishable reach the public
  map, and then only as a count per administrative area.
- A **route** is an ordered list of stops, each a place and a stage (recruitment, transit,
  exploitation). Its line and the countries it crosses are computed from the stops. Its
  victim profile is aggregate counts only: no person is ever identified here.

Geometries are stored as GeoJSON text (RFC 7946, longitude first, WGS 84), validated with
shapely (``mapping.geometry``), so the map's data is served without parsing them again.
"""

import json

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coalition.core.models import CountryScoped, Publishable, TimeStamped
from coalition.lib import disclosure, limits
from coalition.lib.screening import refuse_identifiers
from coalition.mapping.choices import (
    OUTSIDE_COUNTRIES,
    Confidence,
    ExploitationForm,
    PlaceKind,
    RiskLevel,
    Shape,
    SocialFactor,
    Stage,
    TransportMode,
    ZoneKind,
)


def labels(choices, codes):
    """The labels of ``codes`` in a TextChoices class, in the order given."""
    names = dict(choices.choices)
    return [names.get(code, code) for code in codes]


class AdminArea(models.Model):
    """A first-level administrative area (province, department, district) of a member
    country. ``geometry`` is empty for units the boundary source does not have yet."""

    country = models.ForeignKey(
        "core.Country", on_delete=models.CASCADE, related_name="admin_areas",
        verbose_name=_("country"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=100)
    source_name = models.CharField(_("name in the boundary source"), max_length=100, blank=True)
    geometry = models.TextField(_("boundary (GeoJSON)"), blank=True)
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=limits.NOTE,
        help_text=_("For example, a boundary that is out of date."),
    )

    class Meta:
        ordering = ["country__iso2", "name"]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="mapping_area_unique_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.country.iso2})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from coalition.mapping import geometry

        geometry.forget_areas()


class Place(TimeStamped):
    """A named point of the gazetteer: a border crossing, a port, an airport, a city."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    country_code = models.CharField(
        _("country"), max_length=2,
        help_text=_("ISO code: a member country, or a neighbour that routes reach."),
    )  # fmt: skip
    area = models.ForeignKey(
        AdminArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="places",
        verbose_name=_("administrative area"),
    )  # fmt: skip
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["country_code", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["country_code", "name"], name="mapping_place_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="mapping_place_coordinates_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country_code})"

    @property
    def point(self):
        """[longitude, latitude], as GeoJSON wants it."""
        return [self.longitude, self.latitude]


def country_names():
    """{ISO code: name in the active language} of the coalition's countries (one query) and
    of the neighbours routes reach: what a place's or a crossed country's code reads as."""
    from coalition.core.models import Country

    english = (get_language() or "es").startswith("en")
    names = {
        iso2: name_en if english else name_es
        for iso2, name_es, name_en in Country.objects.values_list("iso2", "name_es", "name_en")
    }
    names.update({code: str(name) for code, name in OUTSIDE_COUNTRIES.items()})
    return names


def place_country_choices():
    """The countries a place may be in, grouped: the active members, then the neighbours
    routes reach."""
    from coalition.core.models import Country

    members = [(c.iso2, c.name) for c in Country.objects.members().active().order_by("name_es")]
    outside = sorted(
        ((code, str(name)) for code, name in OUTSIDE_COUNTRIES.items()), key=lambda item: item[1]
    )
    return [(_("Member countries"), members), (_("Other countries"), outside)]


class Observed(CountryScoped, TimeStamped):
    """What zones and routes share: where the finding comes from, how sure it is, when it
    was observed, and the forms of exploitation seen."""

    # The free texts are screened for identifiers of persons (lib/screening.py) by their
    # validators, which the pages run; the GeoJSON import screens them as it reads them.
    name = models.CharField(_("name"), max_length=200, validators=[refuse_identifiers])
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=limits.DESCRIPTION,
        validators=[refuse_identifiers],
    )
    exploitation_forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    sources = models.TextField(
        _("sources"),
        blank=True,
        max_length=limits.SUMMARY,
        validators=[refuse_identifiers],
        help_text=_("Where this comes from: reports, case files, studies (never a victim)."),
    )
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    period_start = models.DateField(_("observed from"))
    period_end = models.DateField(_("observed until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def exploitation_labels(self):
        return labels(ExploitationForm, self.exploitation_forms)

    @property
    def period_label(self):
        start = self.period_start.strftime("%Y-%m") if self.period_start else ""
        end = self.period_end.strftime("%Y-%m") if self.period_end else "…"
        return f"{start} – {end}"


# What the public map counts of a zone: where (its country and first-level area), what and
# how risky, and when; never its name, shape or sources.
ZONE_PUBLIC_FIELDS = (
    "country", "area", "kind", "risk_level", "exploitation_forms", "period_start", "period_end",
)  # fmt: skip


class Zone(Publishable, Observed):
    """A vulnerable or risk zone: a point, a polygon or a whole administrative area. A zone
    marked publishable reaches the public map once someone who may approve its country
    approves it, and then as approved (``published_version``) until approved again."""

    public_fields = ZONE_PUBLIC_FIELDS
    public_list_choices = {"exploitation_forms": ExploitationForm}

    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    shape = models.CharField(_("shape"), max_length=10, choices=Shape.choices)
    geometry = models.TextField(_("geometry (GeoJSON)"), blank=True)
    area = models.ForeignKey(
        AdminArea, on_delete=models.PROTECT, null=True, blank=True, related_name="zones",
        verbose_name=_("administrative area"),
        help_text=_("The area itself, or the one the point or polygon lies in."),
    )  # fmt: skip
    social_factors = models.JSONField(_("social factors"), default=list, blank=True)
    populations = models.JSONField(_("populations at risk"), default=list, blank=True)
    publishable = models.BooleanField(
        _("publishable"),
        default=False,
        help_text=_("Counted on the public map, by administrative area only (never its shape)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        indexes = [
            models.Index(fields=["country", "risk_level"]),
            models.Index(fields=["publishable"]),
        ]

    def get_absolute_url(self):
        return reverse("zone-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        from coalition.mapping import geometry

        if self.shape == Shape.AREA:
            self.geometry = ""
        elif self.geometry:
            self.area = geometry.area_of(self.geometry, self.country)
        if not self.publishable:
            # Taking a zone off the public map needs no review (``publication.unpublish``
            # writes the audit entry where a person does it).
            self.published_version = None
        super().save(*args, **kwargs)

    @property
    def awaits_approval(self):
        """Marked publishable, and never approved or changed since: the public map does not
        count it as it is until someone who may approve its country approves it."""
        return self.publishable and (not self.is_public or self.has_pending_edit)

    def social_factor_labels(self):
        return labels(SocialFactor, self.social_factors)

    def population_labels(self):
        from coalition.core.choices import Population

        return labels(Population, self.populations)

    def geojson_geometry(self):
        """The zone's geometry as a dict: its own, or its administrative area's."""
        text = self.geometry or (self.area.geometry if self.area_id else "")
        return json.loads(text) if text else None


def awaiting_approval(zones):
    """The zones of the queryset ``zones`` that await approval (``Zone.awaits_approval``),
    as a queryset. One query reads the publishable ones' public fields; whether one
    changed since it was approved is decided in Python, as its page decides it."""
    candidates = zones.filter(publishable=True).only(
        "pk", "publishable", "published_version", *ZONE_PUBLIC_FIELDS
    )
    return zones.filter(pk__in=[zone.pk for zone in candidates if zone.awaits_approval])


class Route(Observed):
    """A trafficking route: ordered stops from recruitment through transit to exploitation.

    The victim profile is aggregate counts only (``victims_*``), never a person.
    """

    transport_modes = models.JSONField(_("modes of transport"), default=list, blank=True)
    victims_women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    victims_men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    victims_girls = models.PositiveIntegerField(_("girls"), null=True, blank=True)
    victims_boys = models.PositiveIntegerField(_("boys"), null=True, blank=True)
    victims_unknown = models.PositiveIntegerField(_("sex or age unknown"), null=True, blank=True)
    # Computed from the stops (``refresh_path``): the line and the countries, in order.
    geometry = models.TextField(_("line (GeoJSON)"), blank=True, editable=False)
    countries_crossed = models.JSONField(
        _("countries crossed"), default=list, blank=True, editable=False
    )

    VICTIM_FIELDS = (
        "victims_women", "victims_men", "victims_girls", "victims_boys", "victims_unknown"
    )  # fmt: skip

    class Meta:
        ordering = ["name"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def get_absolute_url(self):
        return reverse("route-detail", args=[self.pk])

    def transport_labels(self):
        return labels(TransportMode, self.transport_modes)

    @property
    def victims_total(self):
        values = [getattr(self, name) for name in self.VICTIM_FIELDS]
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    def shown_victims(self, exact=True):
        """{name: ``lib.disclosure.Shown``} of the known counts (``VICTIM_FIELDS``) and of
        their total (``"victims_total"``); a count not known is absent. ``exact`` for the
        route's own country (``access.sees_exact_counts``); otherwise the six figures are
        protected together, so a small count is ``<5`` and cannot be worked out from the
        total."""
        known = {name: getattr(self, name) for name in self.VICTIM_FIELDS}
        known = {name: count for name, count in known.items() if count is not None}
        if not known:
            return {}
        figures = {name: [name] for name in known}
        figures["victims_total"] = list(known)
        return disclosure.exact(known, figures) if exact else disclosure.protect(known, figures)

    def victim_profile(self, exact=True):
        """(label, count) of each known count; a count is a ``Shown`` (see ``shown_victims``)."""
        shown = self.shown_victims(exact)
        return [
            (self._meta.get_field(name).verbose_name, shown[name])
            for name in self.VICTIM_FIELDS
            if name in shown
        ]

    def countries_crossed_names(self, names=None):
        """The crossed countries' names; ``names`` (from ``country_names``) when the caller
        reads many routes."""
        names = names if names is not None else country_names()
        return [names.get(code, code) for code in self.countries_crossed]

    def replace_stops(self, stops):
        """Make ``stops`` ([(place, stage), ...], in order) the route's stops, and redraw its
        line: the route form, the GeoJSON import and the demo all go through here."""
        self.stops.all().delete()
        created = RouteStop.objects.bulk_create(
            RouteStop(route=self, position=position, place=place, stage=stage)
            for position, (place, stage) in enumerate(stops, start=1)
        )
        self.refresh_path(created)
        return created

    def audit_snapshot(self):
        """What the audit log keeps of a route: its fields and its stops, as
        [[place name, stage], ...] in order."""
        from coalition.core import audit

        data = audit.snapshot(self)
        stops = self.stops.select_related("place").order_by("position")
        data["stops"] = [[stop.place.name, stop.stage] for stop in stops]
        return data

    def refresh_path(self, stops=None):
        """Recompute the line and the countries crossed from the stops, and save them."""
        if stops is None:
            stops = list(self.stops.select_related("place").order_by("position"))
        points = [stop.place.point for stop in stops]
        self.geometry = (
            json.dumps({"type": "LineString", "coordinates": points}) if len(points) > 1 else ""
        )
        codes = []
        for stop in stops:
            if stop.place.country_code not in codes:
                codes.append(stop.place.country_code)
        self.countries_crossed = codes
        Route.objects.filter(pk=self.pk).update(
            geometry=self.geometry, countries_crossed=self.countries_crossed
        )


class RouteStop(models.Model):
    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="stops", verbose_name=_("route")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="stops", verbose_name=_("place")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)

    class Meta:
        ordering = ["route", "position"]
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="mapping_stop_position")
        ]

    def __str__(self):
        return f"{self.position}. {self.place.name}"
