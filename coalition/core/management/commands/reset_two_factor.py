"""Remove a user's authenticator so they enrol again at next sign-in (lost phone)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import User


class Command(BaseCommand):
    help = "Remove USERNAME's two-factor devices; they enrol a new one at next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        with transaction.atomic():
            devices = list(TOTPDevice.objects.filter(user=user))
            for device in devices:
                audit.record(
                    None,
                    AuditAction.DELETE,
                    device,
                    actor_repr="system:reset_two_factor",
                    object_repr=f"TOTP · {user.username}",
                )
                device.delete()
        self.stdout.write(f"{username}: {len(devices)} two-factor device(s) removed.")
