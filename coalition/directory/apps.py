from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "coalition.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from coalition.directory import signals

        signals.connect(self)
