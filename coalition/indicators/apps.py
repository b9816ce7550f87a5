from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "coalition.indicators"
    label = "indicators"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS (after the capabilities whose figures the indicators compute).
    demo_entry, demo_label = "load_demo_indicators", "indicator assessments"
    verbose_name = _("Palermo Protocol indicators")

    def ready(self):
        # A country's assessment of one year is approved as one (core's approval pages).
        from coalition.core import approvals
        from coalition.indicators import approval
        from coalition.indicators.models import APPROVAL_KIND
        from coalition.indicators.review.checks import before_move

        approvals.register(
            APPROVAL_KIND,
            _("Palermo indicators"),
            approval.year_url,
            approval.summary,
            check=before_move,
        )
