from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SentencesConfig(AppConfig):
    name = "coalition.sentences"
    label = "sentences"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS, and reports "Demo sentences: N rows created."
    demo_entry, demo_label = "load_demo_sentences", "sentences"
    verbose_name = _("Court-sentence statistics")

    def ready(self):
        # A country's sentences of one year are approved as one (core's approval pages).
        from coalition.core import approvals
        from coalition.sentences import years
        from coalition.sentences.models import APPROVAL_KIND

        approvals.register(APPROVAL_KIND, _("Court sentences"), years.year_url, years.summary)
