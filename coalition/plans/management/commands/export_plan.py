"""Export an operational plan to an Excel workbook in the seed's layout (audited)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.plans.models import Plan
from coalition.plans.xlsx import export_plan

ACTOR = "system:export_plan"


class Command(BaseCommand):
    help = "Export a plan (by code or numeric id) to an .xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument("plan", metavar="PLAN_ID", help="the plan's code or numeric id")
        parser.add_argument("file", metavar="FILE.xlsx")

    @no_translations
    def handle(self, *args, **options):
        key, name = options["plan"], options["file"]
        plan = Plan.objects.filter(code=key).first()
        if plan is None and key.isdigit():
            plan = Plan.objects.filter(pk=int(key)).first()
        if plan is None:
            known = ", ".join(Plan.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(
                f"No plan {key!r}." + (f" Plans: {known}." if known else " No plan is loaded.")
            )
        path = Path(name)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{name}: the file name must end in .xlsx.")
        content = export_plan(plan)
        with transaction.atomic():
            audit.record(
                None,
                AuditAction.EXPORT,
                plan,
                actor_repr=ACTOR,
                after={"format": "xlsx", "file": path.name},
            )
            try:
                path.write_bytes(content)
            except OSError as exc:
                raise CommandError(f"{name}: cannot be written ({exc.strerror}).") from None
        self.stdout.write(f"{plan.code}: written to {name}.")
