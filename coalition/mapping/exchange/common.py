"""What reading, writing and exporting a map file share: limits, the properties each record
has, the problems found and the result of an import."""

import calendar
import datetime
import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access
from coalition.core.choices import Population
from coalition.lib.imports import FEATURE, ImportRefused, ImportResult, Problem
from coalition.mapping.choices import (
    Confidence,
    ExploitationForm,
    RiskLevel,
    Shape,
    SocialFactor,
    Stage,
    TransportMode,
    ZoneKind,
)
from coalition.mapping.models import Route, Zone

MAX_BYTES = 10 * 1024 * 1024
MAX_FEATURES = 20_000
MAX_STOPS = 200
# A refused file lists this many problems, then says how many more there are.
MAX_PROBLEMS = 500
# Problems of one geometry listed before "... and N more" (a polygon can have thousands of
# positions out of range when longitude and latitude were swapped).
MAX_GEOMETRY_PROBLEMS = 5
MAX_COUNT = 2_147_483_647  # PositiveIntegerField
# The free texts of zones and routes, as long as their forms take them.
TEXT_LIMITS = {name: Zone._meta.get_field(name).max_length for name in ("sources", "description")}

GEOJSON_CONTENT_TYPE = "application/geo+json"
KML_CONTENT_TYPE = "application/vnd.google-earth.kml+xml"
KML_NS = "http://www.opengis.net/kml/2.2"
# What the audit log calls a map import or export (it spans zones and routes).
AUDIT_TYPE = "mapping.map"

ZONE, ROUTE = "zone", "route"
RECORD_WORDS = {"zone": ZONE, "zona": ZONE, "route": ROUTE, "ruta": ROUTE}
ID_PATTERN = re.compile(r"^(zone|route)-([1-9][0-9]{0,9})$")

ZONE_PROPERTIES = (
    "record", "name", "country", "kind", "risk_level", "shape", "area", "social_factors",
    "populations", "exploitation_forms", "sources", "confidence", "period_start",
    "period_end", "publishable", "description",
)  # fmt: skip
ROUTE_PROPERTIES = (
    "record", "name", "country", "stops", "transport_modes", "exploitation_forms", "victims",
    "sources", "confidence", "period_start", "period_end", "description",
)  # fmt: skip
# Written by the export, computed again on import: accepted and ignored.
ROUTE_READ_ONLY = ("countries_crossed",)
VICTIM_KEYS = ("women", "men", "girls", "boys", "unknown")

ZONE_FIELDS = (
    "name", "country", "kind", "risk_level", "shape", "area", "social_factors", "populations",
    "exploitation_forms", "sources", "confidence", "period_start", "period_end",
    "publishable", "description",
)  # fmt: skip
ROUTE_FIELDS = (
    "name", "country", "transport_modes", "exploitation_forms", *Route.VICTIM_FIELDS,
    "sources", "confidence", "period_start", "period_end", "description",
)  # fmt: skip

REGIONAL_WORDS = {"regional", "nivel regional", "regional level", "region"}
YES = {"true", "yes", "si", "1", "x", "verdadero"}
NO = {"false", "no", "0", "falso", ""}


def _nouns():
    """What each list of values is called in a problem ("«x» is not a risk level")."""
    return {
        "kind": _("a kind of zone"),
        "risk_level": _("a risk level"),
        "shape": _("a shape"),
        "social_factors": _("a social factor"),
        "populations": _("a population"),
        "exploitation_forms": _("a form of exploitation"),
        "transport_modes": _("a mode of transport"),
        "confidence": _("a confidence level"),
        "stage": _("a stage"),
    }


CHOICES = {
    "kind": ZoneKind,
    "risk_level": RiskLevel,
    "shape": Shape,
    "social_factors": SocialFactor,
    "populations": Population,
    "exploitation_forms": ExploitationForm,
    "transport_modes": TransportMode,
    "confidence": Confidence,
    "stage": Stage,
}


# --- problems ----------------------------------------------------------------------------


def location(where, member=False):
    """A feature's part in words, as a problem names it: 'property "name"', "geometry", or
    a member of the feature ('"id"') when ``member``."""
    if not where:
        return ""
    if where == "geometry":
        return _("geometry")
    if member:
        return f'"{where}"'
    return _('property "%(name)s"') % {"name": where}


def feature_problem(feature, where, message, member=False):
    """A ``Problem`` of a map file: ``feature`` counts from 1 (0 is the file as a whole)."""
    return Problem(feature, location(where, member), message, unit=FEATURE)


def count_features(content):
    """How many features a file holds, at a glance (to choose between importing it at once
    and in the background); 0 when it is no FeatureCollection, which the reader explains."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        return 0
    features = document.get("features") if isinstance(document, dict) else None
    return len(features) if isinstance(features, list) else 0


class GeoJSONError(ImportRefused):
    """The file cannot be imported; ``problems`` lists every reason, by feature and
    property."""


# --- what was read, and what was written -------------------------------------------------


@dataclass
class Entry:
    """One checked feature, ready to write: ``values`` are the model's fields."""

    index: int
    record: str
    values: dict
    stops: list = field(default_factory=list)  # [(Place, stage)] of a route
    pk: int | None = None
    match: Zone | Route | None = None


# What an import of map data did, as the page, the command and the audit entry tell it.
SUMMARY = gettext_lazy(
    "%(features)s features: %(zones_created)s zones created, %(zones_updated)s "
    "updated, %(zones_unchanged)s unchanged; %(routes_created)s routes created, "
    "%(routes_updated)s updated, %(routes_unchanged)s unchanged."
)
OUTCOMES = [
    f"{kind}_{outcome}"
    for kind in ("zones", "routes")
    for outcome in ("created", "updated", "unchanged")
]


def new_result(features, dry_run=False):
    return ImportResult(SUMMARY, dry_run=dry_run, features=features, **dict.fromkeys(OUTCOMES, 0))


class Scope:
    """What the importer may write: the countries a user may edit, or everything for a
    system import (``user`` None)."""

    def __init__(self, user=None):
        self.user = user

    def can_write(self, country):
        return self.user is None or access.can_edit_country(self.user, country)

    def editable(self, model):
        rows = model.objects.all()
        return rows if self.user is None else access.restrict(rows, self.user, "edit")


# --- reading values ----------------------------------------------------------------------


def _date(value, end=False):
    """A date from "2024-03-15", "2024-03", "2024" (or 2024), a datetime's date part; the
    first day of the month or year, or the last one when ``end``. None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = (int(part) for part in text.split("-"))
            day = calendar.monthrange(year, month)[1] if end else 1
            return datetime.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?", text):
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None
    return None


def _show(value):
    """A value as a problem quotes it: short, and in the file's own spelling."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _unflattened(value):
    """A list or object that a GIS tool flattened to JSON text, read back; else ``value``."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _without_code(text):
    """("Corinto", "HN") from "Corinto (HN)"; (text, None) when there is no code."""
    found = re.fullmatch(r"(.*?)\s*\(([A-Za-z]{2})\)", text.strip())
    if found:
        return found.group(1), found.group(2).upper()
    return text, None
