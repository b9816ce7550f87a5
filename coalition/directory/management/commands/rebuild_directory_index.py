"""Rebuild the directory's search index from the contacts and institutions recorded.

Saves keep the index current; run this after bulk loads that bypass them, or if the
index is ever in doubt. It changes no record (only a contact's folded search text, when
its institution changed behind its back).
"""

from django.core.management.base import BaseCommand

from coalition.directory.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the directory's search index (contacts and institutions)."

    def handle(self, *args, **options):
        contacts, institutions = rebuild_index()
        self.stdout.write(
            f"Indexed {contacts} contacts and {institutions} institutions for search."
        )
