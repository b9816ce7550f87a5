from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "coalition.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from coalition.core import signals  # noqa: F401 - connects sign-in auditing
