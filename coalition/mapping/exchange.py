"""Zones and routes in and out as GeoJSON (RFC 7946), and out as KML for Google Earth.

Countries keep their maps in GIS tools (QGIS, uMap, geojson.io): this is how a country's
zones and routes reach Coalition in one go, and how they leave it again. The format is
documented in ``docs/geojson.md``; ``data/example-import.geojson`` is a file to start from.

- **Import** (the import page, ``coalition import_geojson``) is all or nothing: every
  feature is checked first and every problem is listed, naming the feature (counted from
  1) and the property, e.g. ``feature 3, property "risk_level": «extreme» is not a risk
  level (...)``. Nothing is written unless the whole file is right. A feature whose ``id``
  names a record ("zone-12", "route-3") updates it, so an export imports back without
  duplicates; an id naming nothing the user may change is a problem, never a new record.
- **Export** (the map's export, ``coalition export_geojson``) writes what the user may see,
  narrowed by the map's filters, with the properties the import reads.

No victim is ever identified: a route's victim profile is five aggregate counts, and
anything else under ``victims`` is refused, so a file cannot slip a person's details in.
"""

import calendar
import datetime
import difflib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from coalition.core import access, audit, publication
from coalition.core.choices import AuditAction, Population
from coalition.core.models import Country
from coalition.lib.tables import TableError
from coalition.lib.text import choice_codes, fold
from coalition.mapping import geometry
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
from coalition.mapping.models import AdminArea, Place, Route, Zone, country_names

MAX_BYTES = 10 * 1024 * 1024
MAX_FEATURES = 20_000
# Through the web page: writing takes about 6 ms a feature, and a request must end well
# within the server's 30 s; larger files go through ``import_geojson`` (no time limit).
WEB_MAX_FEATURES = 5_000
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


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: ``feature`` counts from 1 (0 is the file as a whole); ``where``
    is a property's name, "geometry", or a member of the feature ("id", "type",
    "properties") when ``member`` is set."""

    feature: int
    where: str
    message: str
    member: bool = False

    @property
    def location(self):
        """The part of the feature, in words: 'property "name"', 'geometry', '"id"'."""
        if not self.where:
            return ""
        if self.where == "geometry":
            return _("geometry")
        if self.member:
            return f'"{self.where}"'
        return _('property "%(name)s"') % {"name": self.where}

    def __str__(self):
        if not self.feature:
            return self.message
        if not self.where:
            return _("feature %(n)s: %(message)s") % {"n": self.feature, "message": self.message}
        return _("feature %(n)s, %(where)s: %(message)s") % {
            "n": self.feature,
            "where": self.location,
            "message": self.message,
        }


class GeoJSONError(TableError):
    """The file cannot be imported; ``problems`` lists every reason (each a ``Problem`` of
    this module: by feature and property rather than row and column)."""


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


@dataclass
class ImportResult:
    features: int = 0
    zones_created: int = 0
    zones_updated: int = 0
    zones_unchanged: int = 0
    routes_created: int = 0
    routes_updated: int = 0
    routes_unchanged: int = 0
    dry_run: bool = False

    def summary(self):
        return {
            "features": self.features,
            "zones_created": self.zones_created,
            "zones_updated": self.zones_updated,
            "zones_unchanged": self.zones_unchanged,
            "routes_created": self.routes_created,
            "routes_updated": self.routes_updated,
            "routes_unchanged": self.routes_unchanged,
        }

    def describe(self):
        return (
            _(
                "%(features)s features: %(zones_created)s zones created, %(zones_updated)s "
                "updated, %(zones_unchanged)s unchanged; %(routes_created)s routes created, "
                "%(routes_updated)s updated, %(routes_unchanged)s unchanged."
            )
            % self.summary()
        )


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


class Reader:
    """Checks a GeoJSON document; ``read`` gives the entries or raises ``GeoJSONError``."""

    def __init__(self, scope, max_features=MAX_FEATURES):
        self.scope = scope
        self.max_features = max_features
        self.problems = []
        self.unlisted = 0
        self.total = 0
        self.countries = list(Country.objects.active())
        self.labels = {key: choice_codes(choices) for key, choices in CHOICES.items()}
        self.nouns = _nouns()
        self._areas = None
        self._places = None
        self.ids = []  # (feature, record, pk) of every feature with an id

    # problems

    def problem(self, feature, where, message, member=False):
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(feature, where, message, member))
        else:
            self.unlisted += 1

    def fail(self):
        problems = list(self.problems)
        if self.unlisted:
            problems.append(
                Problem(0, "", _("... and %(n)s more problems.") % {"n": self.unlisted})
            )
        raise GeoJSONError(problems)

    # the document

    def read(self, content):
        features = self._features(content)
        if self.problems:
            self.fail()
        entries = []
        for index, feature in enumerate(features, start=1):
            entry = self._feature(index, feature)
            if entry is not None:
                entries.append(entry)
        self._matches(entries)
        if self.problems:
            self.fail()
        return entries

    def _features(self, content):
        if isinstance(content, bytes | bytearray):
            if len(content) > MAX_BYTES:
                self.problem(
                    0, "", _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20}
                )
                return []
            try:
                content = bytes(content).decode("utf-8-sig")
            except UnicodeDecodeError as error:
                self.problem(
                    0,
                    "",
                    _("The file is not UTF-8 text (byte %(n)s); GeoJSON is always UTF-8.")
                    % {"n": error.start + 1},
                )
                return []
        if not content.strip():
            self.problem(0, "", _("The file is empty."))
            return []

        def no_constant(name):
            raise ValueError(name)

        try:
            document = json.loads(content, parse_constant=no_constant)
        except json.JSONDecodeError as error:
            self.problem(
                0,
                "",
                _("The file is not valid JSON: %(error)s (line %(line)s, column %(column)s).")
                % {"error": error.msg, "line": error.lineno, "column": error.colno},
            )
            return []
        except ValueError as error:
            self.problem(
                0,
                "",
                _("The file is not valid JSON: %(value)s is not a number JSON allows.")
                % {"value": error},
            )
            return []
        except RecursionError:
            self.problem(0, "", _("The file is not valid JSON: it is nested too deeply."))
            return []
        if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
            kind = document.get("type") if isinstance(document, dict) else None
            self.problem(
                0,
                "",
                _(
                    'The file is not a GeoJSON FeatureCollection: its "type" is «%(type)s». '
                    'Put the features in {"type": "FeatureCollection", "features": [...]}.'
                )
                % {"type": _show(kind) if kind is not None else _("missing")},
            )
            return []
        features = document.get("features")
        if not isinstance(features, list):
            self.problem(0, "", _('The FeatureCollection\'s "features" must be a list.'))
            return []
        if not features:
            self.problem(0, "", _("The file has no features."))
        if len(features) > self.max_features:
            message = _("The file has %(n)s features; at most %(max)s are imported at once.")
            if self.max_features < MAX_FEATURES:
                message += " " + _(
                    "Split it, or ask an administrator to import it with the import_geojson "
                    "command (up to %(most)s)."
                )
            self.problem(
                0,
                "",
                message
                % {
                    "n": len(features),
                    "max": f"{self.max_features:,}",
                    "most": f"{MAX_FEATURES:,}",
                },
            )
            return []
        return features

    def _feature(self, index, feature):
        if not isinstance(feature, dict):
            self.problem(
                index, "", _('is not a GeoJSON Feature (an object with "type": "Feature").')
            )
            return None
        if feature.get("type") != "Feature":
            self.problem(
                index,
                "type",
                _('is «%(value)s»; a feature\'s type is "Feature".')
                % {"value": _show(feature.get("type"))},
                member=True,
            )
        props = feature.get("properties")
        if not isinstance(props, dict):
            self.problem(
                index,
                "properties",
                _('must be an object with the record\'s properties ("record", "name", ...).'),
                member=True,
            )
            return None
        raw = props.get("record")
        record = RECORD_WORDS.get(fold(raw)) if isinstance(raw, str) else None
        if raw is None:
            self.problem(index, "record", _('is required: "zone" or "route".'))
            return None
        if record is None:
            self.problem(
                index,
                "record",
                _("«%(value)s» is not a kind of record (zone, route).") % {"value": _show(raw)},
            )
            return None
        pk = self._id(index, feature, record)
        if pk is not None:
            self.ids.append((index, record, pk))
        before = self.total
        if record == ZONE:
            values = self._zone(index, props, feature.get("geometry"))
            stops = []
        else:
            values, stops = self._route(index, props, feature.get("geometry"))
        self._unknown(index, props, record)
        if self.total > before or values is None:
            return None
        return Entry(index=index, record=record, values=values, stops=stops, pk=pk)

    def _id(self, index, feature, record):
        if "id" not in feature or feature["id"] in (None, ""):
            return None
        value = feature["id"]
        found = ID_PATTERN.fullmatch(value.strip()) if isinstance(value, str) else None
        if found is None:
            self.problem(
                index,
                "id",
                _(
                    "«%(value)s» is not a Coalition id: write “%(record)s-12” to update "
                    "%(record)s 12, or leave the id out to create a new %(record)s."
                )
                % {"value": _show(value), "record": record},
                member=True,
            )
            return None
        if found.group(1) != record:
            self.problem(
                index,
                "id",
                _("«%(value)s» names a %(other)s, but the feature's record is a %(record)s.")
                % {"value": value, "other": found.group(1), "record": record},
                member=True,
            )
            return None
        return int(found.group(2))

    def _unknown(self, index, props, record):
        known = ZONE_PROPERTIES if record == ZONE else ROUTE_PROPERTIES + ROUTE_READ_ONLY
        other = ROUTE_PROPERTIES if record == ZONE else ZONE_PROPERTIES
        for key in props:
            if key in known:
                continue
            if key in other:
                message = _("is not a property of a %(record)s.") % {"record": record}
            else:
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                if close:
                    message = _("is not a property of a %(record)s; did you mean “%(name)s”?") % {
                        "record": record,
                        "name": close[0],
                    }
                else:
                    message = _(
                        "is not a property of a %(record)s (docs/geojson.md lists them); remove it."
                    ) % {"record": record}
            self.problem(index, str(key), message)

    # values shared by zones and routes

    def _text(self, index, props, key, required=False, max_length=None, one_line=False):
        value = props.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(index, key, _("is required."))
            return ""
        if not isinstance(value, str):
            self.problem(index, key, _("must be text, not «%(value)s».") % {"value": _show(value)})
            return ""
        text = value.replace("\r\n", "\n").strip()
        if one_line:
            text = " ".join(text.split())
        if max_length is not None and len(text) > max_length:
            self.problem(
                index,
                key,
                _("has %(n)s characters; at most %(max)s.") % {"n": len(text), "max": max_length},
            )
        return text

    def _choice(self, index, key, value, required=True, default=None, noun_key=None):
        noun_key = noun_key or key
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(
                    index,
                    key,
                    _("is required: %(choices)s.") % {"choices": self._codes_of(noun_key)},
                )
            return default
        code = self.labels[noun_key].get(fold(value)) if isinstance(value, str) else None
        if code is None:
            self.problem(
                index,
                key,
                _("«%(value)s» is not %(noun)s (%(choices)s).")
                % {
                    "value": _show(value),
                    "noun": self.nouns[noun_key],
                    "choices": self._codes_of(noun_key),
                },
            )
        return code

    def _codes_of(self, key):
        return ", ".join(CHOICES[key].values)

    def _choice_list(self, index, props, key):
        value = props.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [part for part in re.split(r"[;\n]", value) if part.strip()]
        if not isinstance(value, list):
            self.problem(
                index,
                key,
                _("must be a list of values, such as [%(example)s].")
                % {"example": ", ".join(f'"{c}"' for c in CHOICES[key].values[:2])},
            )
            return []
        codes = []
        for item in value:
            code = self._choice(index, key, item if isinstance(item, str) else _show(item))
            if code is not None and code not in codes:
                codes.append(code)
        return codes

    def _country(self, index, props):
        value = props.get("country")
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problem(
                index,
                "country",
                _("is required: a member's ISO code (CR, GT...) or XR for the regional level."),
            )
            return None
        folded = fold(value) if isinstance(value, str) else None
        for country in self.countries:
            names = {country.iso2.lower(), fold(country.name_es), fold(country.name_en)}
            if folded in names or (country.is_regional and folded in REGIONAL_WORDS):
                break
        else:
            self.problem(
                index,
                "country",
                _(
                    "«%(value)s» is not a member country: use its ISO code (%(codes)s) or XR "
                    "for the regional level."
                )
                % {
                    "value": _show(value),
                    "codes": ", ".join(c.iso2 for c in self.countries if not c.is_regional),
                },
            )
            return None
        if not self.scope.can_write(country):
            self.problem(
                index,
                "country",
                _("you may not write map data of %(country)s.")
                % {"country": _("the regional level") if country.is_regional else country.name},
            )
            return None
        return country

    def _period(self, index, props):
        start_value, end_value = props.get("period_start"), props.get("period_end")
        start = end = None
        if start_value in (None, ""):
            self.problem(
                index, "period_start", _("is required: when it was first observed (2024-03-01).")
            )
        else:
            start = _date(start_value)
            if start is None:
                self.problem(index, "period_start", self._bad_date(start_value))
        if end_value not in (None, ""):
            end = _date(end_value, end=True)
            if end is None:
                self.problem(index, "period_end", self._bad_date(end_value))
            elif start is not None and end < start:
                self.problem(
                    index,
                    "period_end",
                    _("%(end)s is before period_start (%(start)s).")
                    % {"end": end.isoformat(), "start": start.isoformat()},
                )
        return start, end

    def _bad_date(self, value):
        return _("«%(value)s» is not a date: write 2024-03-15, 2024-03 or 2024.") % {
            "value": _show(value)
        }

    def _geometry(self, index, value, allowed):
        """The normalized GeoJSON text, or None (the problems reported)."""
        text, problems = geometry.check(value, allowed)
        for message in problems[:MAX_GEOMETRY_PROBLEMS]:
            self.problem(index, "geometry", message)
        if len(problems) > MAX_GEOMETRY_PROBLEMS:
            self.problem(
                index,
                "geometry",
                _("... and %(n)s more problems in this geometry.")
                % {"n": len(problems) - MAX_GEOMETRY_PROBLEMS},
            )
        return text

    # zones

    def _zone(self, index, props, geometry_value):
        name = self._text(index, props, "name", required=True, max_length=200, one_line=True)
        country = self._country(index, props)
        kind = self._choice(index, "kind", props.get("kind"))
        risk_level = self._choice(index, "risk_level", props.get("risk_level"))
        shape = self._choice(index, "shape", props.get("shape"), required=False)
        area_value = props.get("area")
        has_area = area_value not in (None, "")
        geometry_text, area = None, None

        if shape is None and not props.get("shape"):
            if geometry_value is None:
                if has_area:
                    shape = Shape.AREA
                else:
                    self.problem(
                        index,
                        "geometry",
                        _(
                            "is missing: a zone needs a geometry (Point, Polygon or "
                            'MultiPolygon) or an "area" property naming an administrative area.'
                        ),
                    )
            else:
                geometry_text = self._geometry(index, geometry_value, geometry.ZONE_TYPES)
                if geometry_text is not None:
                    kind_of = json.loads(geometry_text)["type"]
                    shape = Shape.POINT if kind_of == "Point" else Shape.POLYGON

        if shape == Shape.AREA:
            # The geometry, if any, is the area's own boundary (as the export writes it).
            if not has_area:
                self.problem(
                    index,
                    "area",
                    _("is required when the shape is “area”: the administrative area's name."),
                )
            elif country is not None:
                area = self._area(index, area_value, country)
        elif shape in (Shape.POINT, Shape.POLYGON) and geometry_text is None:
            allowed = ("Point",) if shape == Shape.POINT else ("Polygon", "MultiPolygon")
            if geometry_value is None:
                self.problem(
                    index,
                    "geometry",
                    _("is missing: a %(shape)s zone needs a %(types)s geometry.")
                    % {"shape": shape, "types": _(" or ").join(allowed)},
                )
            else:
                geometry_text = self._geometry(index, geometry_value, allowed) or ""
            # The area of a point or polygon is computed from it (Zone.save); any "area"
            # property (the export writes it) is not read.
        exploitation_forms = self._choice_list(index, props, "exploitation_forms")
        social_factors = self._choice_list(index, props, "social_factors")
        populations = self._choice_list(index, props, "populations")
        confidence = self._choice(
            index, "confidence", props.get("confidence"), required=False, default=Confidence.MEDIUM
        )
        start, end = self._period(index, props)
        publishable = self._flag(index, props, "publishable")
        return {
            "name": name,
            "country": country,
            "kind": kind,
            "risk_level": risk_level,
            "shape": shape,
            "geometry": geometry_text or "",
            "area": area,
            "social_factors": social_factors,
            "populations": populations,
            "exploitation_forms": exploitation_forms,
            "sources": self._text(index, props, "sources", max_length=TEXT_LIMITS["sources"]),
            "confidence": confidence,
            "period_start": start,
            "period_end": end,
            "publishable": publishable,
            "description": self._text(
                index, props, "description", max_length=TEXT_LIMITS["description"]
            ),
        }

    def _flag(self, index, props, key):
        value = props.get(key)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and fold(value) in YES | NO:
            return fold(value) in YES
        self.problem(index, key, _("«%(value)s» is not true or false.") % {"value": _show(value)})
        return False

    def areas(self):
        if self._areas is None:
            self._areas = list(AdminArea.objects.select_related("country"))
        return self._areas

    def _area(self, index, value, country):
        if not isinstance(value, str):
            self.problem(
                index, "area", _("must be text, not «%(value)s».") % {"value": _show(value)}
            )
            return None
        name, code = _without_code(value)
        candidates = [
            a for a in self.areas()
            if (country.is_regional or a.country_id == country.pk)
            and (code is None or a.country.iso2 == code)
        ]  # fmt: skip
        found = [a for a in candidates if fold(name) in {fold(a.name), fold(a.source_name)}] or [
            a for a in candidates if fold(value) in {fold(a.name), fold(a.source_name)}
        ]
        if len(found) == 1:
            return found[0]
        if found:
            self.problem(
                index,
                "area",
                _("«%(value)s» is an area of several countries: write %(options)s.")
                % {
                    "value": value,
                    "options": _(" or ").join(f"“{a.name} ({a.country.iso2})”" for a in found),
                },
            )
            return None
        close = difflib.get_close_matches(fold(name), [fold(a.name) for a in candidates], n=1)
        hint = ""
        if close:
            real = next(a.name for a in candidates if fold(a.name) == close[0])
            hint = " " + _("Did you mean «%(name)s»?") % {"name": real}
        self.problem(
            index,
            "area",
            _("«%(value)s» is not an administrative area of %(country)s.")
            % {"value": _show(value), "country": country.name}
            + hint,
        )
        return None

    # routes

    def _route(self, index, props, geometry_value):
        name = self._text(index, props, "name", required=True, max_length=200, one_line=True)
        country = self._country(index, props)
        stops = self._stops(index, props.get("stops"))
        if geometry_value is not None:
            # Checked so that a broken line is reported, but the stops decide the line.
            self._geometry(index, geometry_value, ("LineString",))
        values = {
            "name": name,
            "country": country,
            "transport_modes": self._choice_list(index, props, "transport_modes"),
            "exploitation_forms": self._choice_list(index, props, "exploitation_forms"),
            **self._victims(index, props.get("victims")),
            "sources": self._text(index, props, "sources", max_length=TEXT_LIMITS["sources"]),
            "confidence": self._choice(
                index,
                "confidence",
                props.get("confidence"),
                required=False,
                default=Confidence.MEDIUM,
            ),
        }
        values["period_start"], values["period_end"] = self._period(index, props)
        values["description"] = self._text(
            index, props, "description", max_length=TEXT_LIMITS["description"]
        )
        return values, stops

    def places(self):
        """{folded name: [Place, ...]} of the whole gazetteer."""
        if self._places is None:
            self._places = {}
            for place in Place.objects.all():
                self._places.setdefault(fold(place.name), []).append(place)
        return self._places

    def _stops(self, index, value):
        value = _unflattened(value)
        if not isinstance(value, list):
            example = '{"place": "Managua", "country": "NI", "stage": "recruitment"}'
            if value in (None, ""):
                message = _("is required: a list of stops in order, each %(example)s.")
            else:
                message = _("must be a list of stops in order, each %(example)s.")
            self.problem(index, "stops", message % {"example": example})
            return []
        if len(value) < 2:
            self.problem(
                index,
                "stops",
                _("a route needs at least two stops (it has %(n)s).") % {"n": len(value)},
            )
        if len(value) > MAX_STOPS:
            self.problem(index, "stops", _("at most %(max)s stops.") % {"max": MAX_STOPS})
            return []
        stops = []
        for number, stop in enumerate(value, start=1):
            where = _("stop %(n)s") % {"n": number}
            if not isinstance(stop, dict):
                self.problem(
                    index,
                    "stops",
                    _(
                        "%(stop)s: must be an object such as "
                        '{"place": "Managua", "stage": "transit"}.'
                    )
                    % {"stop": where},
                )
                continue
            for key in stop:
                if key not in ("place", "country", "stage"):
                    self.problem(
                        index,
                        "stops",
                        _("%(stop)s: «%(key)s» is not part of a stop (place, country, stage).")
                        % {"stop": where, "key": _show(key)},
                    )
            place = self._place(index, where, stop.get("place"), stop.get("country"))
            stage = self._stop_stage(index, where, stop.get("stage"))
            if place is not None and stage is not None:
                stops.append((place, stage))
        return stops

    def _stop_stage(self, index, where, value):
        code = self.labels["stage"].get(fold(value)) if isinstance(value, str) else None
        if code is None:
            choices = self._codes_of("stage")
            if value in (None, ""):
                message = _("%(stop)s: the stage is required (%(choices)s).")
            else:
                message = _("%(stop)s: «%(value)s» is not a stage (%(choices)s).")
            self.problem(
                index,
                "stops",
                message % {"stop": where, "value": _show(value or ""), "choices": choices},
            )
        return code

    def _place(self, index, where, value, code):
        if value in (None, "") or not isinstance(value, str):
            self.problem(
                index,
                "stops",
                _("%(stop)s: the place is required, by its name in the gazetteer.")
                % {"stop": where},
            )
            return None
        if code not in (None, "") and not (isinstance(code, str) and len(code.strip()) == 2):
            self.problem(
                index,
                "stops",
                _("%(stop)s: «%(code)s» is not a country's two-letter ISO code.")
                % {"stop": where, "code": _show(code)},
            )
            return None
        code = code.strip().upper() if code else None
        found = self.places().get(fold(value), [])
        if not found:
            name, suffix = _without_code(value)
            if suffix and (code is None or code == suffix):
                found, code = self.places().get(fold(name), []), suffix
        if code:
            found = [p for p in found if p.country_code == code]
        if len(found) == 1:
            return found[0]
        if found:
            self.problem(
                index,
                "stops",
                _(
                    "%(stop)s: «%(value)s» is a place in several countries (%(codes)s): "
                    'add "country".'
                )
                % {
                    "stop": where,
                    "value": value,
                    "codes": ", ".join(p.country_code for p in found),
                },
            )
            return None
        if code:
            message = _("%(stop)s: «%(value)s» is not a place of %(code)s in the gazetteer.")
        else:
            message = _("%(stop)s: «%(value)s» is not a place in the gazetteer.")
        message = message % {"stop": where, "value": _show(value), "code": code}
        close = difflib.get_close_matches(fold(value), list(self.places()), n=1)
        if close:
            message += " " + _("Did you mean «%(name)s»?") % {
                "name": self.places()[close[0]][0].name
            }
        else:
            message += " " + _("A regional administrator adds places to the gazetteer.")
        self.problem(index, "stops", message)
        return None

    def _victims(self, index, value):
        counts = dict.fromkeys(Route.VICTIM_FIELDS)
        value = _unflattened(value)
        if value in (None, ""):
            return counts
        if not isinstance(value, dict):
            self.problem(
                index,
                "victims",
                _('must be an object of counts, such as {"women": 12, "girls": 3}.'),
            )
            return counts
        for key, count in value.items():
            if key not in VICTIM_KEYS:
                self.problem(
                    index,
                    "victims",
                    _(
                        "«%(key)s» is not a count (%(keys)s): the victim profile is aggregate "
                        "counts only, never a person."
                    )
                    % {"key": _show(key), "keys": ", ".join(VICTIM_KEYS)},
                )
                continue
            if count is None:
                continue
            if isinstance(count, float) and count.is_integer():
                count = int(count)
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                self.problem(
                    index,
                    "victims",
                    _("%(key)s: «%(value)s» is not a whole number of 0 or more.")
                    % {"key": key, "value": _show(count)},
                )
                continue
            if count > MAX_COUNT:
                self.problem(
                    index, "victims", _("%(key)s: the number is too large.") % {"key": key}
                )
                continue
            counts[f"victims_{key}"] = count
        return counts

    # features naming records

    def _matches(self, entries):
        """Duplicate ids, and ids naming nothing the user may change, are problems; the
        entries that name a record get it as ``match``."""
        claimed, wanted = {}, {ZONE: set(), ROUTE: set()}
        for index, record, pk in self.ids:
            if (record, pk) in claimed:
                self.problem(
                    index,
                    "id",
                    _("«%(record)s-%(pk)s» is also the id of feature %(other)s.")
                    % {"record": record, "pk": pk, "other": claimed[record, pk]},
                    member=True,
                )
            else:
                claimed[record, pk] = index
                wanted[record].add(pk)
        found = {}
        for record, model in ((ZONE, Zone), (ROUTE, Route)):
            if not wanted[record]:
                continue
            rows = self.scope.editable(model).filter(pk__in=wanted[record])
            if model is Route:
                rows = rows.prefetch_related("stops")
            found.update({(record, row.pk): row for row in rows})
        for (record, pk), index in claimed.items():
            if (record, pk) not in found:
                self.problem(
                    index,
                    "id",
                    _(
                        "there is no %(record)s %(pk)s that you may change (leave the id out "
                        "to create a new %(record)s)."
                    )
                    % {"record": record, "pk": pk},
                    member=True,
                )
        for entry in entries:
            if entry.pk is not None:
                entry.match = found.get((entry.record, entry.pk))
        self.problems.sort(key=lambda problem: problem.feature)


def read_geojson(content, *, user=None):
    """The checked entries of a GeoJSON document (bytes or text), or ``GeoJSONError``."""
    return Reader(Scope(user)).read(content)


# --- writing to the database -------------------------------------------------------------


def _same_geometry(first, second):
    if not first or not second:
        return first == second
    return json.loads(first) == json.loads(second)


def _same(row, values, name):
    """Does the row hold the value read? Related rows are compared by id (no query)."""
    value = values[name]
    if name in ("country", "area"):
        return getattr(row, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(row, name) == value


def _zone_unchanged(zone, values):
    for name in ZONE_FIELDS:
        if name == "area" and values["shape"] != Shape.AREA:
            continue
        if not _same(zone, values, name):
            return False
    return values["shape"] == Shape.AREA or _same_geometry(zone.geometry, values["geometry"])


def _stop_list(stops):
    return [[place.pk, stage] for place, stage in stops]


def _route_state(route):
    return [
        [stop.place_id, stop.stage] for stop in sorted(route.stops.all(), key=lambda s: s.position)
    ]


def _route_unchanged(route, values, stops):
    same = all(_same(route, values, name) for name in ROUTE_FIELDS)
    return same and _route_state(route) == _stop_list(stops)


def write(entries, *, scope, request=None, actor_repr=None, source="", dry_run=False):
    """Write checked entries in one transaction (rolled back when ``dry_run``). One audit
    entry per record created or changed, and one for the import as a whole."""
    result = ImportResult(features=len(entries), dry_run=dry_run)
    user = scope.user
    with transaction.atomic():
        for entry in entries:
            if entry.record == ZONE:
                _write_zone(entry, result, user, request, actor_repr)
            else:
                _write_route(entry, result, user, request, actor_repr)
        audit.record(
            request,
            AuditAction.IMPORT,
            actor=user,
            actor_repr=actor_repr,
            object_type=AUDIT_TYPE,
            object_repr=_("Map import (GeoJSON): %(file)s") % {"file": source},
            after={"source": source, **result.summary()},
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _write_zone(entry, result, user, request, actor_repr):
    zone, values = entry.match, entry.values
    if zone is not None and _zone_unchanged(zone, values):
        result.zones_unchanged += 1
        return
    before = audit.snapshot(zone) if zone is not None else None
    if zone is None:
        zone = Zone(created_by=user if user is not None and user.pk else None)
    for name in ZONE_FIELDS:
        setattr(zone, name, values[name])
    zone.geometry = values["geometry"]
    if values["shape"] != Shape.AREA:
        zone.area = None  # computed again from the geometry by Zone.save
    zone.save()
    if user is not None:
        access.recheck_editable(user, zone)
    publication.record_withdrawal(request, zone, before, actor=user, actor_repr=actor_repr)
    if before is None:
        result.zones_created += 1
    else:
        result.zones_updated += 1
    audit.record(
        request,
        AuditAction.CREATE if before is None else AuditAction.UPDATE,
        zone,
        actor=user,
        actor_repr=actor_repr,
        before=before,
        after=audit.snapshot(zone),
    )


def _write_route(entry, result, user, request, actor_repr):
    route, values = entry.match, entry.values
    if route is not None and _route_unchanged(route, values, entry.stops):
        result.routes_unchanged += 1
        return
    before = None
    if route is not None:
        before = route.audit_snapshot()
    else:
        route = Route(created_by=user if user is not None and user.pk else None)
    for name in ROUTE_FIELDS:
        setattr(route, name, values[name])
    route.save()
    if user is not None:
        access.recheck_editable(user, route)
    route.replace_stops(entry.stops)
    if before is None:
        result.routes_created += 1
    else:
        result.routes_updated += 1
    audit.record(
        request,
        AuditAction.CREATE if before is None else AuditAction.UPDATE,
        route,
        actor=user,
        actor_repr=actor_repr,
        before=before,
        after=route.audit_snapshot(),
    )


def import_geojson(
    content,
    source,
    *,
    user=None,
    request=None,
    actor_repr=None,
    dry_run=False,
    max_features=MAX_FEATURES,
):
    """Check and import a GeoJSON document; ``GeoJSONError`` lists every problem and
    nothing is written. ``user`` None is a system import (every country may be written)."""
    scope = Scope(user)
    entries = Reader(scope, max_features).read(content)
    return write(
        entries,
        scope=scope,
        request=request,
        actor_repr=actor_repr,
        source=source,
        dry_run=dry_run,
    )


# --- export ------------------------------------------------------------------------------


def export_querysets(zones, routes):
    """The rows an export reads, with what it needs loaded, in a stable order."""
    zones = zones.select_related("country", "area", "area__country").order_by(
        "-country__is_regional", "country__iso2", "name", "pk"
    )
    routes = (
        routes.select_related("country")
        .prefetch_related("stops__place")
        .order_by("-country__is_regional", "country__iso2", "name", "pk")
    )
    return zones, routes


def _area_name(zone):
    if zone.area is None:
        return None
    if zone.area.country_id == zone.country_id:
        return zone.area.name
    return f"{zone.area.name} ({zone.area.country.iso2})"


def _iso(day):
    return day.isoformat() if day else None


def zone_properties(zone):
    return {
        "record": ZONE,
        "name": zone.name,
        "country": zone.country.iso2,
        "kind": zone.kind,
        "risk_level": zone.risk_level,
        "shape": zone.shape,
        "area": _area_name(zone),
        "social_factors": list(zone.social_factors),
        "populations": list(zone.populations),
        "exploitation_forms": list(zone.exploitation_forms),
        "sources": zone.sources,
        "confidence": zone.confidence,
        "period_start": _iso(zone.period_start),
        "period_end": _iso(zone.period_end),
        "publishable": zone.publishable,
        "description": zone.description,
    }


def route_stops(route):
    return [
        {"place": stop.place.name, "country": stop.place.country_code, "stage": stop.stage}
        for stop in sorted(route.stops.all(), key=lambda s: s.position)
    ]


def route_properties(route):
    return {
        "record": ROUTE,
        "name": route.name,
        "country": route.country.iso2,
        "stops": route_stops(route),
        "transport_modes": list(route.transport_modes),
        "exploitation_forms": list(route.exploitation_forms),
        "victims": {key: getattr(route, f"victims_{key}") for key in VICTIM_KEYS},
        "sources": route.sources,
        "confidence": route.confidence,
        "period_start": _iso(route.period_start),
        "period_end": _iso(route.period_end),
        "description": route.description,
        "countries_crossed": list(route.countries_crossed),
    }


def zone_feature(zone):
    return {
        "type": "Feature",
        "id": f"{ZONE}-{zone.pk}",
        "geometry": zone.geojson_geometry(),
        "properties": zone_properties(zone),
    }


def route_feature(route):
    return {
        "type": "Feature",
        "id": f"{ROUTE}-{route.pk}",
        "geometry": json.loads(route.geometry) if route.geometry else None,
        "properties": route_properties(route),
    }


def export_geojson(zones, routes):
    """A FeatureCollection (UTF-8 bytes) of the zones and routes, one feature a line."""
    features = [zone_feature(z) for z in zones] + [route_feature(r) for r in routes]
    lines = [json.dumps(feature, ensure_ascii=False) for feature in features]
    body = ",\n".join(lines)
    return (
        '{"type": "FeatureCollection", "features": [\n' + body + ("\n" if lines else "") + "]}\n"
    ).encode("utf-8")


# KML colours are aabbggrr. The risk levels go from green to red, routes are blue.
RISK_COLOURS = {
    RiskLevel.LOW: "2e7d32",
    RiskLevel.MEDIUM: "f9a825",
    RiskLevel.HIGH: "ef6c00",
    RiskLevel.CRITICAL: "c62828",
}
ROUTE_COLOUR = "1565c0"


def _kml_colour(rgb, alpha="ff"):
    return alpha + rgb[4:6] + rgb[2:4] + rgb[0:2]


def _sub(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = str(text)
    return element


def _kml_style(document, style_id, rgb, fill=True):
    style = _sub(document, "Style", id=style_id)
    icon = _sub(style, "IconStyle")
    _sub(icon, "color", _kml_colour(rgb))
    line = _sub(style, "LineStyle")
    _sub(line, "color", _kml_colour(rgb))
    _sub(line, "width", 2 if fill else 4)
    if fill:
        poly = _sub(style, "PolyStyle")
        _sub(poly, "color", _kml_colour(rgb, "66"))


def _kml_coordinates(positions):
    return " ".join(f"{p[0]},{p[1]}" for p in positions)


def _kml_polygon(parent, rings):
    polygon = _sub(parent, "Polygon")
    outer = _sub(_sub(polygon, "outerBoundaryIs"), "LinearRing")
    _sub(outer, "coordinates", _kml_coordinates(rings[0]))
    for hole in rings[1:]:
        inner = _sub(_sub(polygon, "innerBoundaryIs"), "LinearRing")
        _sub(inner, "coordinates", _kml_coordinates(hole))


def _kml_geometry(placemark, value):
    if not value:
        return
    kind, coordinates = value.get("type"), value.get("coordinates")
    if kind == "Point":
        _sub(_sub(placemark, "Point"), "coordinates", _kml_coordinates([coordinates]))
    elif kind == "LineString":
        line = _sub(placemark, "LineString")
        _sub(line, "tessellate", 1)
        _sub(line, "coordinates", _kml_coordinates(coordinates))
    elif kind == "Polygon":
        _kml_polygon(placemark, coordinates)
    elif kind == "MultiPolygon":
        multi = _sub(placemark, "MultiGeometry")
        for rings in coordinates:
            _kml_polygon(multi, rings)


def _kml_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return "; ".join(str(item) for item in value)
    return str(value)


def _label(model, name):
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _zone_description(zone):
    lines = [
        f"{_label(Zone, 'kind')}: {zone.get_kind_display()}",
        f"{_label(Zone, 'risk_level')}: {zone.get_risk_level_display()}",
        f"{_label(Zone, 'country')}: {zone.country.name}",
    ]
    if zone.area is not None:
        lines.append(f"{_label(Zone, 'area')}: {zone.area.name}")
    lines.append(f"{capfirst(_('observed'))}: {zone.period_label}")
    for name, values in (
        ("exploitation_forms", zone.exploitation_labels()),
        ("social_factors", zone.social_factor_labels()),
        ("populations", zone.population_labels()),
    ):
        if values:
            lines.append(f"{_label(Zone, name)}: {', '.join(str(v) for v in values)}")
    lines.append(f"{_label(Zone, 'confidence')}: {zone.get_confidence_display()}")
    if zone.sources:
        lines.append(f"{_label(Zone, 'sources')}: {zone.sources}")
    if zone.description:
        lines += ["", zone.description]
    return "\n".join(lines)


def _route_description(route, names):
    stops = [
        f"{stop.place.name} ({stop.get_stage_display()})"
        for stop in sorted(route.stops.all(), key=lambda s: s.position)
    ]
    lines = [
        f"{_label(Route, 'country')}: {route.country.name}",
        f"{capfirst(_('stops'))}: {' → '.join(stops)}",
        f"{capfirst(_('observed'))}: {route.period_label}",
    ]
    if route.countries_crossed:
        crossed = ", ".join(route.countries_crossed_names(names))
        lines.append(f"{_label(Route, 'countries_crossed')}: {crossed}")
    for name, values in (
        ("transport_modes", route.transport_labels()),
        ("exploitation_forms", route.exploitation_labels()),
    ):
        if values:
            lines.append(f"{_label(Route, name)}: {', '.join(str(v) for v in values)}")
    profile = route.victim_profile()
    if profile:
        counts = ", ".join(f"{label}: {count}" for label, count in profile)
        lines.append(f"{capfirst(_('victims (aggregate counts)'))}: {counts}")
    lines.append(f"{_label(Route, 'confidence')}: {route.get_confidence_display()}")
    if route.sources:
        lines.append(f"{_label(Route, 'sources')}: {route.sources}")
    if route.description:
        lines += ["", route.description]
    return "\n".join(lines)


def _kml_placemark(folder, feature, style, description, time_span):
    props = feature["properties"]
    placemark = _sub(folder, "Placemark", id=feature["id"])
    _sub(placemark, "name", props["name"])
    _sub(placemark, "description", description)
    start, end = time_span
    if start or end:
        span = _sub(placemark, "TimeSpan")
        if start:
            _sub(span, "begin", start)
        if end:
            _sub(span, "end", end)
    _sub(placemark, "styleUrl", f"#{style}")
    data = _sub(placemark, "ExtendedData")
    for key, value in props.items():
        if key == "victims":
            for name, count in value.items():
                item = _sub(data, "Data", name=f"victims_{name}")
                _sub(item, "value", _kml_value(count))
            continue
        _sub(_sub(data, "Data", name=key), "value", _kml_value(value))
    _kml_geometry(placemark, feature["geometry"])


def export_kml(zones, routes, title=None):
    """A KML document (UTF-8 bytes): a folder of zones styled by risk level and one of
    routes, each placemark with a readable description and the GeoJSON's properties."""
    root = ET.Element("kml", xmlns=KML_NS)
    document = _sub(root, "Document")
    _sub(document, "name", title or _("Coalition map"))
    for level, rgb in RISK_COLOURS.items():
        _kml_style(document, f"risk-{level}", rgb)
    _kml_style(document, "route", ROUTE_COLOUR, fill=False)
    zone_folder = _sub(document, "Folder")
    _sub(zone_folder, "name", _("Zones"))
    for zone in zones:
        feature = zone_feature(zone)
        _kml_placemark(
            zone_folder,
            feature,
            f"risk-{zone.risk_level}",
            _zone_description(zone),
            (_iso(zone.period_start), _iso(zone.period_end)),
        )
    route_folder = _sub(document, "Folder")
    _sub(route_folder, "name", _("Routes"))
    names = country_names()  # once, not per route
    for route in routes:
        _kml_placemark(
            route_folder,
            route_feature(route),
            "route",
            _route_description(route, names),
            (_iso(route.period_start), _iso(route.period_end)),
        )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def export_filename(fmt, day=None):
    day = day or timezone.localdate()
    return f"coalition-map-{day:%Y-%m-%d}.{'kml' if fmt == 'kml' else 'geojson'}"


def export_content(fmt, zones, routes):
    """(content, content type) of an export in ``fmt`` ("geojson" or "kml")."""
    if fmt == "kml":
        return export_kml(zones, routes), KML_CONTENT_TYPE
    return export_geojson(zones, routes), GEOJSON_CONTENT_TYPE


def record_export(request, fmt, filename, zones, routes, *, actor_repr=None, filters=None):
    """The audit entry of an export: what, how many, with which filters."""
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            actor_repr=actor_repr,
            object_type=AUDIT_TYPE,
            object_repr=_("Map export"),
            after={
                "format": fmt,
                "file": filename,
                "zones": len(zones),
                "routes": len(routes),
                **(filters or {}),
            },
        )
