"""E-mail each country's editors the directory records they should confirm; run monthly."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from coalition.core import audit
from coalition.core.choices import AuditAction, Role
from coalition.core.models import Country, Membership, Organization
from coalition.directory import verification
from coalition.directory.models import Contact
from coalition.lib.mail import language_of, plural, send_each

ACTOR = "system:send_verification_requests"
RUN_TYPE = "directory.verification_requests"
# Those who confirm a country's records: its editors; the regional level's are the
# regional administrators (who also manage every country, but are written to only for
# the regional level's records, as each country's editors are for theirs).
EDITOR_ROLES = (Role.COUNTRY_EDITOR, Role.REGIONAL_ADMIN)


@dataclass(frozen=True)
class Line:
    """One stale record in one editor's e-mail."""

    record: object
    kind: str  # "institution" or "contact"
    url: str

    @property
    def institution(self):
        return self.record.organization if self.kind == "contact" else None


def message(user, country, institutions, contacts, today):
    """The e-mail asking ``user`` to confirm ``country``'s stale records, in their
    language; each record with its own signed link."""

    def lines(records, kind):
        return [Line(r, kind, verification.link(r, user)) for r in records]

    language = language_of(user)
    with translation.override(language):
        context = {
            "user": user,
            "country": country,
            "institutions": lines(institutions, "institution"),
            "contacts": lines(contacts, "contact"),
            "count": len(institutions) + len(contacts),
            "today": today,
            "stale_days": verification.STALE_AFTER_DAYS,
            "link_days": verification.link_days(),
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        subject = render_to_string("directory/email/verification_request_subject.txt", context)
        text = render_to_string("directory/email/verification_request.txt", context)
        return EmailMultiAlternatives(
            " ".join(subject.split()),
            text,
            to=[user.email],
            headers={"Content-Language": language},
        )


class Command(BaseCommand):
    help = (
        "E-mail each active country's editors (the regional level's: the regional "
        "administrators), in their language, the directory records of that country not "
        f"verified for {verification.STALE_AFTER_DAYS} days, each with a signed link that "
        "confirms it in one click. Editors of a country with no stale record get nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--country",
            help="Only this country: its ISO alpha-2 code, or 'regional' (default: all).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )

    def handle(self, *args, country, dry_run, **options):
        today = timezone.localdate()
        countries = self.countries(country)
        institutions, contacts = self.stale_by_country(countries, today)
        editors = self.editors_by_country(countries)

        pending, without_email = [], set()
        for c in countries:
            stale_institutions, stale_contacts = institutions[c.pk], contacts[c.pk]
            if not stale_institutions and not stale_contacts:
                continue
            for user in sorted(editors[c.pk], key=lambda u: u.username):
                if not user.email:
                    without_email.add(user.pk)
                    continue
                email = message(user, c, stale_institutions, stale_contacts, today)
                count = len(stale_institutions) + len(stale_contacts)
                pending.append((c, user, count, email))

        if dry_run:
            for c, user, count, _email in pending:
                self.stdout.write(
                    f"{c.scope_code}: {plural(count, 'record')} → {user.email} (dry run)"
                )
            self.stdout.write(
                f"Dry run: would send {plural(len(pending), 'e-mail')} "
                f"({plural(len(without_email), 'editor')} without e-mail skipped)."
            )
            return

        sent, failed = send_each([((c, user, count), email) for c, user, count, email in pending])
        sent = [(*key, None) for key in sent]
        failed = [(*key, error) for key, error in failed]
        for c, user, count, error in [*sent, *failed]:
            outcome = "sent" if error is None else f"failed: {error}"
            self.stdout.write(
                f"{c.scope_code}: {plural(count, 'record')} → {user.email} ({outcome})"
            )
        if sent or failed:
            with transaction.atomic():
                audit.record(
                    None,
                    # The e-mails take directory records out of the system, as an export does.
                    AuditAction.EXPORT,
                    actor_repr=ACTOR,
                    object_type=RUN_TYPE,
                    object_id=today.isoformat(),
                    object_repr=f"Directory verification requests of {today.isoformat()}",
                    after={
                        "date": today.isoformat(),
                        "countries": sorted({c.scope_code for c, *_rest in sent}),
                        "sent_to": sorted(user.pk for _c, user, *_rest in sent),
                        "records": sum(count for _c, _u, count, _e in sent),
                        "failed": sorted(user.pk for _c, user, *_rest in failed),
                        "without_email": sorted(without_email),
                    },
                )
        self.stdout.write(
            f"Sent {plural(len(sent), 'e-mail')} listing "
            f"{plural(sum(count for _c, _u, count, _e in sent), 'stale record')} "
            f"({plural(len(without_email), 'editor')} without e-mail skipped)."
        )
        if failed:
            raise CommandError(
                f"{plural(len(failed), 'e-mail')} could not be sent. "
                "Run the command again (with --country) to retry them."
            )

    @staticmethod
    def countries(code):
        active = Country.objects.active()
        if code is None:
            return list(active)
        code = code.strip()
        if code.lower() == "regional":
            found = active.filter(is_regional=True)
        else:
            found = active.filter(iso2=code.upper())
        if not found:
            known = ", ".join(c.scope_code for c in active)
            raise CommandError(
                f"--country: no active country with code {code!r}. Use one of: {known}."
            )
        return list(found)

    @staticmethod
    def stale_by_country(countries, today):
        """Two queries: the stale institutions and contacts of ``countries``, by country
        id, oldest first."""
        ids = [c.pk for c in countries]
        institutions, contacts = defaultdict(list), defaultdict(list)
        q = verification.stale_q(today)
        for record in verification.oldest_first(Organization.objects.filter(q, country_id__in=ids)):
            institutions[record.country_id].append(record)
        for record in verification.oldest_first(
            Contact.objects.filter(q, country_id__in=ids).select_related("organization")
        ):
            contacts[record.country_id].append(record)
        return institutions, contacts

    @staticmethod
    def editors_by_country(countries):
        editors = defaultdict(set)
        memberships = Membership.objects.filter(
            country__in=countries, role__in=EDITOR_ROLES, user__is_active=True
        ).select_related("user")
        for m in memberships:
            editors[m.country_id].add(m.user)
        return editors
