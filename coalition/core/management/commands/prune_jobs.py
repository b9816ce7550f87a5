"""Remove the background jobs that ended some days ago, with the files they made."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from coalition.core.models import Job
from coalition.lib.mail import plural


class Command(BaseCommand):
    help = (
        "Delete background jobs (imports, PDFs) that ended more than --days days ago, "
        "with their files; jobs still waiting or running are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="age in days (default 14)")

    def handle(self, *args, days, **options):
        if days < 0:
            days = 0
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = Job.objects.filter(finished__lt=cutoff)
        count = 0
        for job in old.iterator():
            for file in (job.upload, job.output):
                if file:
                    file.delete(save=False)
            job.delete()
            count += 1
        self.stdout.write(f"Deleted {plural(count, 'job')} that ended before {cutoff:%Y-%m-%d}.")
