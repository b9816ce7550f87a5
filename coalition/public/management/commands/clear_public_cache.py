"""Drop every cached public page, in every server process (after restoring a backup, or
after changing data with SQL, which the cache cannot see)."""

from django.core.management.base import BaseCommand

from coalition.public import cache


class Command(BaseCommand):
    help = (
        "Drop every cached public page (var/public-pages): each page is rendered again from "
        "the database at its next visit. Run it after restoring a backup."
    )

    def handle(self, *args, **options):
        cache.clear()
        self.stdout.write("Public page cache cleared: every page shows the database's data again.")
