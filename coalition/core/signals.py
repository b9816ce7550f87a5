"""Sign-in events go to the audit log.

These are the only audit writes made from signals: Django raises them from inside its
authentication, which is the one place that knows a sign-in happened or failed.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from coalition.core import audit
from coalition.core.choices import AuditAction


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit.record(request, AuditAction.LOGIN, user, actor=user, object_repr=user.get_username())


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(request, AuditAction.LOGOUT, user, actor=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        request,
        AuditAction.LOGIN_FAILED,
        object_type="core.user",
        object_repr=username,
        actor_repr=f"anonymous ({username})" if username else "anonymous",
    )
