"""Load the member countries and the regional level (idempotent).

Existing rows keep their ``active`` flag and ``member_since`` date, so a country that
an administrator activated (Mexico, say) stays active when this runs again; and their
emergency number once one is set (an administrator may correct it), filled only if blank.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import Country

DATA = Path(__file__).resolve().parents[2] / "data" / "countries.json"


class Command(BaseCommand):
    help = "Load the member countries (BZ CR SV GT HN NI PA DO, and MX) and the regional level."

    def handle(self, *args, **options):
        rows = json.loads(DATA.read_text(encoding="utf-8"))
        created = 0
        with transaction.atomic():
            for row in rows:
                country, was_created = Country.objects.get_or_create(
                    iso2=row["iso2"],
                    defaults=row,
                )
                if was_created:
                    created += 1
                    audit.record(
                        None,
                        AuditAction.CREATE,
                        country,
                        actor_repr="system:load_countries",
                        after=audit.snapshot(country),
                    )
                else:
                    changed = {
                        k: row[k]
                        for k in ("iso3", "name_es", "name_en", "is_regional")
                        if getattr(country, k) != row[k]
                    }
                    if not country.emergency_number and row.get("emergency_number"):
                        changed["emergency_number"] = row["emergency_number"]
                    if changed:
                        before = audit.snapshot(country)
                        for key, value in changed.items():
                            setattr(country, key, value)
                        country.save()
                        audit.record(
                            None,
                            AuditAction.UPDATE,
                            country,
                            actor_repr="system:load_countries",
                            before=before,
                            after=audit.snapshot(country),
                        )
        self.stdout.write(f"Countries: {created} created, {len(rows) - created} already present.")
