"""The part of the GeoJSON reader that checks a route: its stops, places and victim
profile (five aggregate counts, nothing that could identify a person)."""

import difflib

from django.utils.translation import gettext as _

from coalition.lib.text import fold
from coalition.mapping.choices import (
    Confidence,
)
from coalition.mapping.exchange.common import (
    MAX_COUNT,
    MAX_STOPS,
    TEXT_LIMITS,
    VICTIM_KEYS,
    _show,
    _unflattened,
    _without_code,
)
from coalition.mapping.models import Place, Route


class RouteReading:
    """Route checks of ``Reader``; it relies on the reader's shared value checks."""

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
