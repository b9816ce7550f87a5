from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "coalition.plans"
    label = "plans"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS, and reports "Demo plan progress: N rows created."
    demo_entry, demo_label = "load_demo_progress", "plan progress"
    verbose_name = _("Operational plans")
