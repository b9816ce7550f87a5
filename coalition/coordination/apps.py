from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coalition.coordination"
    label = "coordination"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS (after the directory, whose institutions send and receive referrals).
    demo_entry, demo_label = "load_demo_referrals", "referrals"
    verbose_name = _("Coordination between victim-assistance offices")
