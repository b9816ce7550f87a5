from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "coalition.directory"
    label = "directory"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS, and reports "Demo directory: N rows created."
    demo_entry, demo_label = "load_demo_directory", "directory"
    verbose_name = _("Directory")

    def ready(self):
        from coalition.directory import signals

        signals.connect(self)
