from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "coalition.events"
    label = "events"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS, and reports "Demo events: N rows created."
    demo_entry, demo_label = "load_demo_events", "events"
    verbose_name = _("Meetings and trainings")
