"""Zones and routes in and out as GeoJSON (RFC 7946), and out as KML for Google Earth.

Countries keep their maps in GIS tools (QGIS, uMap, geojson.io): this is how a country's
zones and routes reach Coalition in one go, and how they leave it again. The format is
documented in ``docs/geojson.md``; ``mapping/data/example-import.geojson`` is a file to start
from. One module per job: ``reader`` (and ``routes``) check a document, ``importing``
writes it, ``geojson_export`` and ``kml`` write the two formats, ``export`` picks the rows,
format, file name and audit entry; ``common`` holds what they share.

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
