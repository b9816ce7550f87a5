"""Build coalition/mapping/data/admin-areas.geojson, the first-level administrative areas
the map draws and the gazetteer loads, from the TopoJSON boundaries of the eight member
countries (topojson/world-atlas, an old branch; geometry from Natural Earth).

Run once when the boundaries change: ``python scripts/build-admin-areas.py [FOLDER]``
(FOLDER defaults to ../shared/data/boundaries). The source is kept as it is; this script

- decodes the quantized, delta-encoded arcs into GeoJSON (RFC 7946) polygons, dropping
  islets that quantization shrank below a triangle and repairing the two self-intersections
  it leaves (with shapely);
- repairs the double-encoded UTF-8 names ("PetÃ©n" -> "Petén");
- renames units to their current names (Kuna Yala -> Guna Yala, 2011; Atlántico Norte ->
  Costa Caribe Norte, 2014; ...) and notes where a boundary is out of date (Panamá still
  includes Panamá Oeste, created in 2014);
- lists the current units the source has no boundary for (Panamá Oeste, Naso Tjër Di).

The names must match coalition/core/data/admin_areas.json, the directory's coverage list.
"""

import json
import sys
from pathlib import Path

from shapely import make_valid
from shapely.geometry import MultiPolygon, mapping, shape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "coalition" / "mapping" / "data" / "admin-areas.geojson"
NAMES = ROOT / "coalition" / "core" / "data" / "admin_areas.json"
ISO2 = {"BLZ": "BZ", "CRI": "CR", "SLV": "SV", "GTM": "GT", "HND": "HN", "NIC": "NI",
        "PAN": "PA", "DOM": "DO"}  # fmt: skip

# Source name (repaired) -> (current name, note). Notes are data, in Spanish like the
# coalition's records; the gazetteer page shows them, and regional administrators edit them.
RENAMED = {
    ("PA", "Panama"): ("Panamá", "Límite anterior a 2014: aún incluye Panamá Oeste."),
    ("PA", "Kuna Yala"): ("Guna Yala", "Llamada Kuna Yala en la fuente (renombrada en 2011)."),
    ("PA", "Emberá"): ("Emberá-Wounaan", "Llamada Emberá en la fuente."),
    ("PA", "Bocas del Toro"): (
        "Bocas del Toro",
        "Límite anterior a 2020: aún incluye Naso Tjër Di.",
    ),
    ("NI", "Atlántico Norte"): (
        "Costa Caribe Norte",
        "Llamada Atlántico Norte en la fuente (renombrada en 2014).",
    ),
    ("NI", "Atlántico Sur"): (
        "Costa Caribe Sur",
        "Llamada Atlántico Sur en la fuente (renombrada en 2014).",
    ),
    ("NI", "Rio San Juan"): ("Río San Juan", ""),
    ("DO", "La Estrelleta"): ("Elías Piña", "Llamada La Estrelleta en la fuente."),
    ("DO", "Hermanas"): ("Hermanas Mirabal", "Llamada Hermanas en la fuente (antes Salcedo)."),
    ("GT", "Quezaltenango"): ("Quetzaltenango", "Escrita Quezaltenango en la fuente."),
}
WITHOUT_BOUNDARY = {
    ("PA", "Panamá Oeste"): "Creada en 2014 a partir de Panamá; la fuente no tiene su límite.",
    (
        "PA",
        "Naso Tjër Di",
    ): "Creada en 2020 a partir de Bocas del Toro; la fuente no tiene su límite.",
}


def repair(text):
    """Undo UTF-8 read as Latin-1 ("PetÃ©n" -> "Petén"); leave sound text alone."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def decode_arcs(topology):
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append(
                [round(x * scale[0] + translate[0], 5), round(y * scale[1] + translate[1], 5)]
            )
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygon(arcs, rings):
    """A polygon's rings, without those that quantization shrank below a triangle (tiny
    islets); None when the outer ring itself is one of them."""
    kept = [r for r in (ring(arcs, indexes) for indexes in rings) if len(r) >= 4]
    return kept if kept and len(kept[0]) == len(ring(arcs, rings[0])) else None


def geometry(arcs, geom):
    if geom["type"] == "Polygon":
        polygons = [polygon(arcs, geom["arcs"])]
    elif geom["type"] == "MultiPolygon":
        polygons = [polygon(arcs, rings) for rings in geom["arcs"]]
    else:
        raise ValueError(f"unexpected geometry type {geom['type']}")
    polygons = [p for p in polygons if p]
    if len(polygons) == 1:
        result = {"type": "Polygon", "coordinates": polygons[0]}
    else:
        result = {"type": "MultiPolygon", "coordinates": polygons}
    return valid(result)


def valid(geojson):
    """Repair the self-intersections that quantization leaves (two in the source), keeping
    only the polygonal parts; RFC 7946 coordinates rounded to 5 decimals (about 1 m)."""
    geom = shape(geojson)
    if geom.is_valid:
        return geojson
    repaired = make_valid(geom)
    parts = getattr(repaired, "geoms", [repaired])
    polygons = [p for part in parts for p in getattr(part, "geoms", [part]) if p.area > 0]
    fixed = mapping(MultiPolygon(polygons) if len(polygons) > 1 else polygons[0])
    return json.loads(json.dumps(fixed))


def main(folder):
    current = json.loads(NAMES.read_text(encoding="utf-8"))["areas"]
    features = []
    for iso3, iso2 in sorted(ISO2.items(), key=lambda item: item[1]):
        topology = json.loads((folder / f"{iso3}.topo.json").read_text(encoding="utf-8"))
        arcs = decode_arcs(topology)
        for geom in topology["objects"]["adminRegions"]["geometries"]:
            source_name = repair(geom["properties"]["name"])
            name, note = RENAMED.get((iso2, source_name), (source_name, ""))
            if name not in current[iso2]:
                raise SystemExit(f"{iso3}: {source_name!r} ({name!r}) is not a current area")
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "country": iso2,
                        "name": name,
                        "source_name": source_name,
                        "note": note,
                    },
                    "geometry": geometry(arcs, geom),
                }
            )
    for (iso2, name), note in WITHOUT_BOUNDARY.items():
        features.append(
            {
                "type": "Feature",
                "properties": {"country": iso2, "name": name, "source_name": "", "note": note},
                "geometry": None,
            }
        )
    missing = {(iso2, name) for iso2, names in current.items() for name in names} - {
        (f["properties"]["country"], f["properties"]["name"]) for f in features
    }
    if missing:
        raise SystemExit(f"current areas without a feature: {sorted(missing)}")
    features.sort(key=lambda f: (f["properties"]["country"], f["properties"]["name"]))
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth admin-1 via topojson/world-atlas (public domain); names "
        "repaired and brought up to date by scripts/build-admin-areas.py",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(features)} areas written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "data" / "boundaries"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
