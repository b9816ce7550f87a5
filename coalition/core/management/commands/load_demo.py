"""Load a clearly fictitious demo data set and one demo user per role (idempotent).

Passwords are random and printed once, when a user is created; running the command
again keeps existing users, their passwords and every other record.
"""

import secrets
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, no_translations
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from coalition.core import audit
from coalition.core.choices import AuditAction, Axis, OrganizationKind, Role
from coalition.core.models import Country, Membership, Organization, User

A = Axis
K = OrganizationKind

# Regional and international bodies named in the 2012 plan.
REGIONAL_ORGS = [
    ("Secretaría Técnica Regional de la Coalición", "ST Regional", K.GOVERNMENT, [A.COORDINATION]),
    (
        "Organización Internacional para las Migraciones",
        "OIM",
        K.INTERNATIONAL,
        [A.PREVENTION, A.ATTENTION, A.REPATRIATION],
    ),
    ("Save the Children", "", K.NGO, [A.PREVENTION, A.ATTENTION]),
    (
        "Organización Internacional de Policía Criminal",
        "Interpol",
        K.LAW_ENFORCEMENT,
        [A.DETECTION, A.JUSTICE],
    ),
    (
        "Oficina de las Naciones Unidas contra la Droga y el Delito",
        "UNODC",
        K.INTERNATIONAL,
        [A.JUSTICE, A.PREVENTION],
    ),
]

# Per country: the national secretariat and four typical (fictitious) member institutions.
COUNTRY_ORGS = [
    (
        "Secretaría Técnica Nacional contra la Trata de Personas",
        "ST",
        K.GOVERNMENT,
        [A.COORDINATION, A.PREVENTION],
    ),
    ("Fiscalía Especializada contra la Trata de Personas", "FETP", K.PROSECUTOR, [A.JUSTICE]),
    (
        "Unidad Policial contra la Trata y el Tráfico",
        "UPTT",
        K.LAW_ENFORCEMENT,
        [A.DETECTION, A.JUSTICE],
    ),
    ("Dirección General de Migración", "DGM", K.IMMIGRATION, [A.DETECTION, A.REPATRIATION]),
    ("Fundación Manos Abiertas (ficticia)", "FMA", K.NGO, [A.ATTENTION, A.PREVENTION]),
]

DEMO_USERS = [
    # username, role, scope, organization acronym, language, first name, last name
    ("st-regional", Role.REGIONAL_ADMIN, "regional", "ST Regional", "es", "Ana", "Regional (demo)"),
    ("editor-cr", Role.COUNTRY_EDITOR, "CR", "ST", "es", "Carlos", "Editor CR (demo)"),
    ("editor-gt", Role.COUNTRY_EDITOR, "GT", "ST", "es", "Gabriela", "Editora GT (demo)"),
    ("contrib-cr", Role.CONTRIBUTOR, "CR", "FMA", "es", "Carmen", "Contribuidora CR (demo)"),
    # The referrals' demo (coordination/demo.py): the Guatemalan and Salvadoran offices,
    # and a Guatemalan institution that is party to none of them.
    ("oficina-gt", Role.CONTRIBUTOR, "GT", "FMA", "es", "Olga", "Oficina GT (demo)"),
    ("oficina-sv", Role.CONTRIBUTOR, "SV", "FMA", "es", "Oscar", "Oficina SV (demo)"),
    ("institucion-gt", Role.CONTRIBUTOR, "GT", "UPTT", "es", "Irene", "Institución GT (demo)"),
    ("partner-oim", Role.PARTNER, "regional", "OIM", "en", "Paul", "Partner (demo)"),
    ("auditor", Role.AUDITOR, "regional", None, "es", "Aurora", "Auditora (demo)"),
]

ACTOR = "system:load_demo"


class Command(BaseCommand):
    help = "Load demo organizations and demo users (one per role); prints new passwords once."

    # The command's own messages are English: so are those it relays from Django's
    # validators and role names, rather than a line that mixes two languages.
    @no_translations
    def handle(self, *args, **options):
        call_command("load_countries", stdout=self.stdout)
        with transaction.atomic():
            orgs = self._organizations()
            created_users = self._users(orgs)
        for config in apps.get_app_configs():
            entry = getattr(config, "demo_entry", None)
            if entry is None or not module_has_submodule(config.module, "demo"):
                continue
            load = getattr(import_module(f"{config.name}.demo"), entry)
            with transaction.atomic():
                created = load(ACTOR)
            self.stdout.write(f"Demo {config.demo_label}: {created} rows created.")
        if created_users:
            self.stdout.write("\nDemo users (passwords are shown only this once):")
            for username, role, scope, password in created_users:
                self.stdout.write(f"  {username:<14} {password:<20} {role} · {scope}")
            self.stdout.write(
                "Regional admins and country editors enrol an authenticator app (TOTP) at "
                "first sign-in."
            )
        else:
            self.stdout.write("Demo users already exist; passwords unchanged.")

    def _organizations(self):
        regional = Country.objects.get(is_regional=True)
        wanted = [(regional, *row) for row in REGIONAL_ORGS]
        for country in Country.objects.members().active():
            wanted += [
                (country, f"{name} ({country.name_es})", acr, kind, axes)
                for name, acr, kind, axes in COUNTRY_ORGS
            ]
        by_key = {}
        for country, name, acronym, kind, axes in wanted:
            org, created = Organization.objects.get_or_create(
                country=country,
                name=name,
                defaults={"acronym": acronym, "kind": kind, "axes": list(axes)},
            )
            if created:
                audit.record(
                    None, AuditAction.CREATE, org, actor_repr=ACTOR, after=audit.snapshot(org)
                )
            by_key[(country.scope_code, org.acronym)] = org
        return by_key

    def _users(self, orgs):
        created = []
        for username, role, scope, acronym, language, first, last in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            country = (
                Country.objects.get(is_regional=True)
                if scope == "regional"
                else Country.objects.get(iso2=scope)
            )
            password = secrets.token_urlsafe(12)
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.coalition.invalid",
                language=language,
            )
            user.set_password(password)
            user.save()
            membership = Membership.objects.create(
                user=user, country=country, role=role, organization=orgs.get((scope, acronym))
            )
            audit.record(
                None, AuditAction.CREATE, user, actor_repr=ACTOR, after=audit.snapshot(user)
            )
            audit.record(
                None,
                AuditAction.CREATE,
                membership,
                actor_repr=ACTOR,
                after=audit.snapshot(membership),
            )
            created.append((username, Role(role).label, scope, password))
        return created
