from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "coalition.knowledge"
    label = "knowledge"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS, and reports "Demo knowledge: N rows created."
    demo_entry, demo_label = "load_demo_knowledge", "knowledge"
    verbose_name = _("Knowledge and cooperation")
