"""The mapping registers nothing in the Django admin, on purpose.

Zones and routes carry geometries that the pages check (``mapping.geometry``: valid, inside
the country, simplified) and a publication workflow (a zone reaches the public only once
approved); places and area notes are edited by regional administrators on the map pages,
and the gazetteer is loaded from ``mapping/data`` by ``load_gazetteer``. Editing them in
the admin would skip those checks.
"""
