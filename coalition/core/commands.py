"""What the management commands that act as a user share."""

from django.core.management.base import CommandError

from coalition.core.models import User


def acting_user(username, may_act, refusal):
    """The active user ``username`` a command acts as (None when no name is given), when
    ``may_act(user)`` says it may; a CommandError naming what is wrong otherwise.
    ``refusal`` ends "The user “NAME” …", e.g. "may not write contacts"."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user “{username}”.")
    if not user.is_active:
        raise CommandError(f"The user “{username}” is not active.")
    if not may_act(user):
        raise CommandError(f"The user “{username}” {refusal}.")
    return user
