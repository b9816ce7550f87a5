"""First-level administrative areas of the member countries (provinces, departments,
districts), for the directory's coverage lists: ``coalition/core/data/admin_areas.json``."""

import json
from functools import cache
from pathlib import Path

from coalition.lib.text import fold

DATA = Path(__file__).resolve().parent.parent / "core" / "data" / "admin_areas.json"


@cache
def _areas():
    return json.loads(DATA.read_text(encoding="utf-8"))["areas"]


def areas_of(iso2):
    """The area names of a country, sorted; [] for the regional level or an unknown code."""
    return list(_areas().get((iso2 or "").upper(), []))


def match(iso2, text):
    """The area of ``iso2`` that ``text`` names (accents and case ignored), or None."""
    wanted = fold(text)
    for name in areas_of(iso2):
        if fold(name) == wanted:
            return name
    return None
