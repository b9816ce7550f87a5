"""Print a user's API token, creating it when the user has none."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import User


class Command(BaseCommand):
    help = "Print the API token of USERNAME (Authorization: Token <key>), creating one if needed."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Replace the existing token.")

    def handle(self, *args, username, rotate, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is deactivated.")
        with transaction.atomic():
            if rotate:
                Token.objects.filter(user=user).delete()
            token, created = Token.objects.get_or_create(user=user)
            if created:
                audit.record(
                    None,
                    AuditAction.CREATE,
                    token,
                    actor_repr="system:create_api_token",
                    object_type="authtoken.token",
                    object_id=str(user.pk),
                    object_repr=f"API token of {user.username}",
                )
        self.stdout.write(token.key)
