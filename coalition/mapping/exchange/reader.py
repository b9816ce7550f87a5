"""Reading a GeoJSON document: every feature checked, every problem listed, nothing
written."""

import difflib
import json
import re

from django.utils.translation import gettext as _

from coalition.core.models import Country
from coalition.lib import screening
from coalition.lib.text import choice_codes, fold
from coalition.mapping import geometry
from coalition.mapping.choices import (
    Confidence,
    Shape,
)
from coalition.mapping.exchange.common import (
    CHOICES,
    ID_PATTERN,
    MAX_BYTES,
    MAX_FEATURES,
    MAX_GEOMETRY_PROBLEMS,
    MAX_PROBLEMS,
    NO,
    RECORD_WORDS,
    REGIONAL_WORDS,
    ROUTE,
    ROUTE_PROPERTIES,
    ROUTE_READ_ONLY,
    TEXT_LIMITS,
    YES,
    ZONE,
    ZONE_PROPERTIES,
    Entry,
    GeoJSONError,
    Scope,
    _date,
    _nouns,
    _show,
    _without_code,
    feature_problem,
)
from coalition.mapping.exchange.routes import RouteReading
from coalition.mapping.models import AdminArea, Route, Zone


class Reader(RouteReading):
    """Checks a GeoJSON document; ``read`` gives the entries or raises ``GeoJSONError``."""

    def __init__(self, scope, max_features=MAX_FEATURES):
        self.scope = scope
        self.max_features = max_features
        self.problems = []
        self.unlisted = 0
        self.total = 0
        self.count = 0  # features in the file, once read
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
            self.problems.append(feature_problem(feature, where, message, member))
        else:
            self.unlisted += 1

    def fail(self):
        problems = list(self.problems)
        if self.unlisted:
            problems.append(
                feature_problem(0, "", _("... and %(n)s more problems.") % {"n": self.unlisted})
            )
        raise GeoJSONError(problems)

    # the document

    def read(self, content, progress=None):
        """``progress(n)``, if given, hears of each feature checked."""
        features = self._features(content)
        if self.problems:
            self.fail()
        self.count = len(features)
        entries = []
        for index, feature in enumerate(features, start=1):
            entry = self._feature(index, feature)
            if entry is not None:
                entries.append(entry)
            if progress is not None:
                progress(index)
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
        # Every free text of a map file is one that the record's pages screen too.
        findings = screening.find_identifiers(text)
        if findings:
            self.problem(index, key, screening.describe(findings))
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
        self.problems.sort(key=lambda found: found.row)


def read_geojson(content, *, user=None):
    """The checked entries of a GeoJSON document (bytes or text), or ``GeoJSONError``."""
    return Reader(Scope(user)).read(content)
