from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "coalition.plans"
    label = "plans"
    # ``load_demo`` calls this function of the app's ``demo`` module, in the order of
    # INSTALLED_APPS, and reports "Demo plan progress: N rows created."
    demo_entry, demo_label = "load_demo_progress", "plan progress"
    verbose_name = _("Operational plans")

    def ready(self):
        from django.urls import reverse

        from coalition.core import approvals
        from coalition.plans import progress

        approvals.register(
            progress.APPROVAL_KIND,
            _("Plan progress"),
            lambda country, year: reverse("progress-reporting-detail", args=[country.iso2, year]),
            summary=progress.summary,
            check=progress.check_move,
            regional=True,
        )
