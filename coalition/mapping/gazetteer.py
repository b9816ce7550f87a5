"""Load the gazetteer shipped with Coalition: the first-level administrative areas
(``data/admin-areas.geojson``, built by ``scripts/build-admin-areas.py``) and the named
places routes stop at (``data/places.json``).

Loading is idempotent and never overwrites what regional administrators changed: an
existing area keeps its note, an existing place its coordinates.
"""

import json
from pathlib import Path

from coalition.core.models import Country
from coalition.mapping import geometry
from coalition.mapping.models import AdminArea, Place

DATA = Path(__file__).resolve().parent / "data"


def load_areas():
    """Create the missing areas; fill in boundaries that are still empty. Returns the
    number of areas created."""
    collection = json.loads((DATA / "admin-areas.geojson").read_text(encoding="utf-8"))
    countries = {c.iso2: c for c in Country.objects.members()}
    existing = {(a.country_id, a.name): a for a in AdminArea.objects.all()}
    created = 0
    for feature in collection["features"]:
        props = feature["properties"]
        country = countries.get(props["country"])
        if country is None:
            continue
        text = json.dumps(feature["geometry"], separators=(",", ":")) if feature["geometry"] else ""
        area = existing.get((country.pk, props["name"]))
        if area is None:
            AdminArea.objects.create(
                country=country,
                name=props["name"],
                source_name=props["source_name"],
                geometry=text,
                note=props["note"],
            )
            created += 1
        elif not area.geometry and text:
            area.geometry = text
            area.save(update_fields=["geometry"])
    geometry.forget_areas()
    return created


def load_places():
    """Create the places not yet in the gazetteer. Returns the number created."""
    rows = json.loads((DATA / "places.json").read_text(encoding="utf-8"))["places"]
    existing = set(Place.objects.values_list("country_code", "name"))
    countries = {c.iso2: c for c in Country.objects.members()}
    created = 0
    for row in rows:
        if (row["country"], row["name"]) in existing:
            continue
        country = countries.get(row["country"])
        area_id = (
            geometry.area_id_at(row["longitude"], row["latitude"], country) if country else None
        )
        Place.objects.create(
            name=row["name"],
            kind=row["kind"],
            country_code=row["country"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            note=row["note"],
            area_id=area_id,
        )
        created += 1
    return created
