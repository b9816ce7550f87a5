from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "coalition.mapping"
    label = "mapping"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS, and reports "Demo mapping: N rows created."
    demo_entry, demo_label = "load_demo_mapping", "mapping"
    verbose_name = _("Geographic and social mapping")
