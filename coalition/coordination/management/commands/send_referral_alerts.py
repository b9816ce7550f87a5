"""E-mail the people concerned by each referral overdue for an acknowledgement or a
response; run every 15 minutes."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coalition.coordination import deadlines
from coalition.coordination.models import ReferralAlert
from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.lib.commands import parse_today
from coalition.lib.mail import plural, send_each

ACTOR = "system:send_referral_alerts"


class Command(BaseCommand):
    help = (
        "E-mail, in their language, the people of the receiving office and the editors of "
        "the receiving country about each referral overdue for an acknowledgement or a "
        "response (and, for a response, the people of the sending office). Each alert "
        "(referral, kind) is sent once; safe to run every 15 minutes."
    )

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--now",
            help="Alert as of this moment, ISO 8601 (2026-12-04T10:00, with or without its "
            "offset; default: now).",
        )
        when.add_argument(
            "--today", help="Alert as of the start of this day, YYYY-MM-DD (default: now)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would be alerted; send nothing."
        )

    def handle(self, *args, now, today, dry_run, **options):
        now = self.parse_now(now, today)
        alerts = deadlines.due_alerts(now)
        people = deadlines.recipients(alerts)

        pending, nobody = [], []
        for referral, kind in alerts:
            concerned = people[(referral.pk, kind)]
            if not concerned:
                nobody.append((referral, kind))
            for user, why in concerned:
                email = deadlines.message(user, why, referral, kind, now)
                pending.append(((referral, kind, user), email))

        if dry_run:
            for (_referral, _kind, user), email in pending:
                self.stdout.write(f"Would alert {user.username} <{user.email}>: {email.subject}")
            self.stdout.write(
                f"Dry run: would send {plural(len(pending), 'e-mail')} for "
                f"{plural(len(alerts) - len(nobody), 'alert')}." + self.notes(nobody)
            )
            return

        sent, failed = send_each(pending)
        reached = {}
        for referral, kind, user in sent:
            reached.setdefault((referral, kind), []).append(user)
        for (referral, kind), users in reached.items():
            self.record(referral, kind, users, failed, now)
        self.stdout.write(
            f"Sent {plural(len(sent), 'e-mail')} for {plural(len(reached), 'alert')}."
            + self.notes(nobody)
        )
        if failed:
            names = ", ".join(f"{u.username} ({error})" for (_r, _k, u), error in failed)
            raise CommandError(
                f"{plural(len(failed), 'e-mail')} could not be sent: {names}. Alerts that "
                "reached nobody are sent again on the next run."
            )

    @staticmethod
    def record(referral, kind, users, failed, now):
        """The alert's row (it is not sent again) and its audit entry: the e-mail takes
        the referral's statistical fields out of the system, as an export does."""
        try:
            with transaction.atomic():
                alert = ReferralAlert.objects.create(
                    referral=referral, kind=kind, sent_at=now, recipients=len(users)
                )
                audit.record(
                    None,
                    AuditAction.EXPORT,
                    referral,
                    actor_repr=ACTOR,
                    after={
                        "alert": alert.kind,
                        "reference": referral.reference,
                        "status": referral.status,
                        "deadline": (
                            referral.acknowledge_by
                            if kind == deadlines.ACKNOWLEDGEMENT
                            else referral.respond_by
                        ).isoformat(),
                        "sent_to": sorted(u.pk for u in users),
                        "failed": sorted(
                            u.pk for (r, k, u), _e in failed if (r.pk, k) == (referral.pk, kind)
                        ),
                    },
                )
        except IntegrityError:
            pass  # a run at the same moment recorded it first: it was sent once more

    @staticmethod
    def notes(nobody):
        if not nobody:
            return ""
        references = "; ".join(f"{r.reference} ({kind})" for r, kind in nobody)
        return (
            f" {plural(len(nobody), 'alert')} with nobody to alert (no one of the office or "
            f"editor of the country with an e-mail): {references}."
        )

    @staticmethod
    def parse_now(now, today):
        """The moment of ``--now`` (ISO 8601, the site's time zone when it has no offset)
        or the start of ``--today``; now when neither is given."""
        if today is not None:
            day = parse_today(today)
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        if now is None:
            return timezone.now()
        try:
            moment = datetime.datetime.fromisoformat(now.strip())
        except ValueError:
            raise CommandError(
                f"--now must be a moment as YYYY-MM-DDTHH:MM (ISO 8601), not {now!r}."
            ) from None
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
