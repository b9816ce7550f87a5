"""Check that the audit log's hash chain is intact."""

from django.core.management.base import BaseCommand, CommandError

from coalition.core import audit
from coalition.core.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero naming the first bad entry."

    def handle(self, *args, **options):
        broken = audit.verify()
        if broken is not None:
            raise CommandError(f"Audit log tampered with at {broken}.")
        count = AuditEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {count} entries verified."))
