"""E-mail each responsible user their overdue activities and those due soon; run daily."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.lib.commands import parse_today
from coalition.lib.mail import plural, send_each
from coalition.plans import reminders

ACTOR = "system:send_deadline_reminders"
# The audit entry of each run: its object id is the day the run reminded for.
RUN_TYPE = "plans.deadline_reminders"


class Command(BaseCommand):
    help = (
        "E-mail each responsible user, in their language, the activities of active plans "
        "that are overdue or due within --days days and not done for their country. "
        "Safe to run daily: a user reminded for a day is not reminded again that day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Remind as of this date, YYYY-MM-DD (default: today's date)."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=reminders.DEFAULT_DAYS,
            help=f"Also remind of deadlines within this many days (default: "
            f"{reminders.DEFAULT_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would be reminded; send nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remind again users already reminded for the same date.",
        )

    def handle(self, *args, today, days, dry_run, force, **options):
        today = parse_today(today)
        if days < 0:
            raise CommandError(f"--days must be 0 or more, not {days}.")
        done_before = set() if force else self.reminded_on(today)

        pending, without_email, already = [], 0, 0
        due = reminders.due_by_user(today, days)
        for user in sorted(due, key=lambda u: u.username):
            if user.pk in done_before:
                already += 1
            elif not user.email:
                without_email += 1
            else:
                pending.append((user, reminders.message(user, due[user], today, days)))

        if dry_run:
            for user, email in pending:
                self.stdout.write(f"Would remind {user.username} <{user.email}>: {email.subject}")
            self.stdout.write(
                f"Dry run: would send {plural(len(pending), 'reminder')} "
                f"({plural(without_email, 'user')} without e-mail skipped)."
                + self.already_note(already, today)
            )
            return

        sent, failed = send_each(pending)
        with transaction.atomic():
            audit.record(
                None,
                # E-mail takes plan data out of the system, as an export does.
                AuditAction.EXPORT,
                actor_repr=ACTOR,
                object_type=RUN_TYPE,
                object_id=today.isoformat(),
                object_repr=f"Deadline reminders for {today.isoformat()}",
                after={
                    "date": today.isoformat(),
                    "days": days,
                    "sent": len(sent),
                    "sent_to": sorted(user.pk for user in sent),
                    "without_email": without_email,
                    "already_reminded": already,
                    "failed": sorted(user.pk for user, _error in failed),
                    "forced": force,
                },
            )
        self.stdout.write(
            f"Sent {plural(len(sent), 'reminder')} "
            f"({plural(without_email, 'user')} without e-mail skipped)."
            + self.already_note(already, today)
        )
        if failed:
            names = ", ".join(f"{user.username} ({error})" for user, error in failed)
            raise CommandError(
                f"{plural(len(failed), 'reminder')} could not be sent: {names}. "
                "Run the command again to retry them."
            )

    @staticmethod
    def reminded_on(today):
        """Ids of the users an earlier run already reminded for ``today``."""
        runs = AuditEntry.objects.filter(
            actor_repr=ACTOR, object_type=RUN_TYPE, object_id=today.isoformat()
        ).values_list("after", flat=True)
        return {pk for after in runs for pk in (after or {}).get("sent_to", [])}

    @staticmethod
    def already_note(count, today):
        if not count:
            return ""
        return (
            f" {plural(count, 'user')} already reminded for {today.isoformat()} left out"
            " (--force reminds them again)."
        )
