"""Purge the free text of referrals closed long ago; run daily."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coalition.coordination import retention
from coalition.lib.commands import parse_today
from coalition.lib.mail import plural


class Command(BaseCommand):
    help = (
        "Purge the free text of referrals closed more than --days days ago (default: the "
        "REFERRAL_RETENTION_DAYS setting): blank their summary and step notes and delete "
        "their messages, keeping the statistical fields. Audited; a referral is purged "
        "once, so it is safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            default=str(settings.REFERRAL_RETENTION_DAYS),
            help="Purge referrals closed more than this many days ago (default: "
            f"{settings.REFERRAL_RETENTION_DAYS}).",
        )
        parser.add_argument(
            "--today",
            help="Purge as if run at 00:00 on this date, YYYY-MM-DD (default: now).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be purged; change nothing."
        )

    def handle(self, *args, days, today, dry_run, **options):
        days = self.parse_days(days)
        now = timezone.now()
        if today is not None:
            day = parse_today(today)
            now = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        purged = retention.purge(now=now, days=days, dry_run=dry_run)
        what = (
            f"{plural(len(purged.referrals), 'referral')} closed more than "
            f"{plural(days, 'day')} ago: {plural(purged.messages, 'message')}, "
            f"{plural(purged.notes, 'step note')}"
        )
        if dry_run:
            for referral in purged.referrals:
                self.stdout.write(f"Would purge {referral.reference}")
            self.stdout.write(f"Dry run: would purge the free text of {what}.")
        else:
            self.stdout.write(f"Purged the free text of {what}.")

    @staticmethod
    def parse_days(value):
        try:
            days = int(str(value).strip())
        except ValueError:
            raise CommandError(f"--days must be a whole number of days, not {value!r}.") from None
        if days < 1:
            raise CommandError(f"--days must be 1 or more, not {days}.")
        return days
