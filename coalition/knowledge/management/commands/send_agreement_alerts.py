"""E-mail the editors of each agreement about to expire (and the regional administrators);
run daily."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.knowledge.agreements import alerts
from coalition.knowledge.models import Agreement
from coalition.lib.commands import parse_today
from coalition.lib.mail import plural, send_each

ACTOR = "system:send_agreement_alerts"


class Command(BaseCommand):
    help = (
        "E-mail, in their language, the editors of the country that follows up each "
        "cooperation agreement signed or in force that expires within --days days, and the "
        "regional administrators. Each agreement is announced once per expiry date (its "
        "'expiry alert sent' date is set); safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Alert as of this date, YYYY-MM-DD (default: today's date)."
        )
        parser.add_argument(
            "--days",
            default=str(alerts.ALERT_DAYS),
            help=f"Alert of agreements expiring within this many days (default: "
            f"{alerts.ALERT_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would be alerted; send nothing."
        )

    def handle(self, *args, today, days, dry_run, **options):
        today = parse_today(today)
        days = self.parse_days(days)
        agreements = list(alerts.due(today, days))
        people = alerts.recipients(agreements)

        pending, without_email, nobody = [], set(), []
        for agreement in agreements:
            users = [u for u in people[agreement.pk] if u.email]
            without_email |= {u.pk for u in people[agreement.pk] if not u.email}
            if not users:
                nobody.append(agreement)
            for user in users:
                pending.append(((agreement, user), alerts.message(user, agreement, today)))

        if dry_run:
            for (_agreement, user), email in pending:
                self.stdout.write(f"Would alert {user.username} <{user.email}>: {email.subject}")
            self.stdout.write(
                f"Dry run: would send {plural(len(pending), 'alert')} about "
                f"{plural(len(agreements) - len(nobody), 'agreement')}."
                + self.notes(without_email, nobody)
            )
            return

        sent, failed = send_each(pending)
        alerted = {}
        for agreement, user in sent:
            alerted.setdefault(agreement, []).append(user)
        with transaction.atomic():
            for agreement, users in alerted.items():
                Agreement.objects.filter(pk=agreement.pk).update(alert_sent_on=today)
                audit.record(
                    None,
                    # The e-mail takes the agreement out of the system, as an export does.
                    AuditAction.EXPORT,
                    agreement,
                    actor_repr=ACTOR,
                    before={"alert_sent_on": None},
                    after={
                        "alert_sent_on": today.isoformat(),
                        "expires_on": agreement.expires_on.isoformat(),
                        "sent_to": sorted(u.pk for u in users),
                        "failed": sorted(u.pk for (a, u), _e in failed if a == agreement),
                    },
                )
        self.stdout.write(
            f"Sent {plural(len(sent), 'alert')} about {plural(len(alerted), 'agreement')}."
            + self.notes(without_email, nobody)
        )
        if failed:
            names = ", ".join(f"{u.username} ({error})" for (_a, u), error in failed)
            raise CommandError(
                f"{plural(len(failed), 'alert')} could not be sent: {names}. Agreements that "
                "reached nobody are alerted again on the next run."
            )

    @staticmethod
    def parse_days(value):
        try:
            days = int(str(value).strip())
        except ValueError:
            raise CommandError(f"--days must be a whole number of days, not {value!r}.") from None
        if days < 0:
            raise CommandError(f"--days must be 0 or more, not {days}.")
        return days

    @staticmethod
    def notes(without_email, nobody):
        text = ""
        if without_email:
            text += f" {plural(len(without_email), 'user')} without e-mail skipped."
        if nobody:
            titles = "; ".join(a.title for a in nobody)
            text += (
                f" {plural(len(nobody), 'agreement')} with nobody to alert "
                f"(no editor or administrator with an e-mail): {titles}."
            )
        return text
