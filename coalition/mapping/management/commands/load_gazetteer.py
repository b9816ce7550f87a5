"""Load the administrative areas and named places shipped with Coalition (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from coalition.mapping import gazetteer


class Command(BaseCommand):
    help = "Load the first-level administrative areas and the named places of the gazetteer."

    def handle(self, *args, **options):
        with transaction.atomic():
            areas = gazetteer.load_areas()
            places = gazetteer.load_places()
        self.stdout.write(f"Gazetteer: {areas} areas and {places} places created.")
