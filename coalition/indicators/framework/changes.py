"""What changed between two versions of a framework, indicator by indicator (by code)."""

from dataclasses import dataclass, field

from coalition.indicators.loader import INDICATOR_FIELDS
from coalition.indicators.models import Indicator

# What a reader counts as a change of an indicator: every field of the file but its place.
COMPARED = tuple(f for f in INDICATOR_FIELDS if f != "order")


@dataclass
class Changes:
    added: list = field(default_factory=list)  # indicators of the newer version
    removed: list = field(default_factory=list)  # indicators of the older version
    changed: list = field(default_factory=list)  # (indicator of the newer, [field labels])

    def __bool__(self):
        return bool(self.added or self.removed or self.changed)


def _key(indicator, name):
    return getattr(indicator, name)


def compare(older, newer):
    """The ``Changes`` from the indicators ``older`` to ``newer`` (each {code: Indicator},
    with their pillar read)."""
    found = Changes()
    for code, indicator in newer.items():
        before = older.get(code)
        if before is None:
            found.added.append(indicator)
            continue
        names = [name for name in COMPARED if _key(before, name) != _key(indicator, name)]
        if before.pillar.code != indicator.pillar.code:
            names.append("pillar")
        if before.instrument_id != indicator.instrument_id:
            names.append("instrument")
        if names:
            labels = [str(Indicator._meta.get_field(name).verbose_name) for name in names]
            found.changed.append((indicator, labels))
    found.removed = [i for code, i in older.items() if code not in newer]
    return found
