"""Create a user with one role in one scope (or add the role to an existing user)."""

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction
from django.db.models import Q

from coalition.core import audit
from coalition.core.choices import AuditAction, Role
from coalition.core.models import Country, Membership, Organization, User


def _messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Create USERNAME with ROLE in a scope (ISO alpha-2 code or 'regional'). The password "
        "comes from COALITION_PASSWORD or a prompt. An existing user gets the role added."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--scope", required=True, help="CC (ISO alpha-2) or 'regional'")
        parser.add_argument("--organization", help="name or acronym of the user's institution")
        parser.add_argument("--email", default="")
        parser.add_argument("--language", default="es", choices=["es", "en"])

    # The command's own messages are English: so are those it relays from Django's
    # validators and role names, rather than a line that mixes two languages.
    @no_translations
    def handle(self, *args, username, role, scope, organization, email, language, **options):
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}. Use one of: {', '.join(Role.values)}.")
        country = self._scope(scope)
        org = self._organization(organization, country) if organization else None
        user = User.objects.filter(username=username).first()
        password = None if user else self._password(username, email)

        with transaction.atomic():
            if user is None:
                user = User(username=username, email=email, language=language)
                user.set_password(password)
                try:
                    user.full_clean(exclude=["password"])
                except ValidationError as exc:
                    raise CommandError(f"Invalid user: {_messages(exc)}") from None
                user.save()
                audit.record(
                    None,
                    AuditAction.CREATE,
                    user,
                    actor_repr="system:create_user",
                    after=audit.snapshot(user),
                )
            membership = Membership(user=user, country=country, role=role, organization=org)
            try:
                membership.full_clean()
            except ValidationError as exc:
                raise CommandError(f"Invalid membership: {_messages(exc)}") from None
            membership.save()
            audit.record(
                None,
                AuditAction.CREATE,
                membership,
                actor_repr="system:create_user",
                after=audit.snapshot(membership),
            )
        self.stdout.write(
            f"{user.username}: {membership.get_role_display()} · {country.scope_code}"
        )

    def _scope(self, scope):
        if scope.lower() == "regional":
            country = Country.objects.filter(is_regional=True).first()
            if country is None:
                raise CommandError("The regional level is missing: run load_countries first.")
            return country
        country = Country.objects.filter(iso2=scope.upper(), is_regional=False).first()
        if country is None:
            known = ", ".join(Country.objects.members().values_list("iso2", flat=True))
            raise CommandError(f"Unknown scope {scope!r}. Use 'regional' or one of: {known}.")
        if not country.active:
            raise CommandError(f"{country.name_en} ({country.iso2}) is not an active member.")
        return country

    def _organization(self, name, country):
        matches = Organization.objects.filter(Q(name__iexact=name) | Q(acronym__iexact=name))
        scoped = matches.filter(Q(country=country) | Q(country__is_regional=True))
        found = list(scoped[:2]) or list(matches[:2])
        if not found:
            raise CommandError(f"Unknown organization {name!r}.")
        if len(found) > 1:
            raise CommandError(f"Organization {name!r} is ambiguous: give its full name.")
        return found[0]

    def _password(self, username, email):
        password = os.environ.get("COALITION_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError("No password: set COALITION_PASSWORD or run in a terminal.")
            password = getpass.getpass(f"Password for {username}: ")
            if password != getpass.getpass("Again: "):
                raise CommandError("The passwords do not match.")
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as exc:
            raise CommandError(f"Password rejected: {' '.join(exc.messages)}") from None
        return password
