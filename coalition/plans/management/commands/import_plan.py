"""Import an operational plan from an Excel workbook in the seed's layout (see
coalition/plans/xlsx.py). Nothing is written unless the whole workbook is right."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from coalition.lib.commands import problems_line, read_bytes
from coalition.lib.spreadsheets import MAX_BYTES, WorkbookError
from coalition.plans.management.commands.load_plan import plan_line
from coalition.plans.xlsx import import_workbook

ACTOR = "system:import_plan"


class Command(BaseCommand):
    help = "Import (create or update) a plan from an .xlsx workbook; every problem is listed."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.xlsx")
        parser.add_argument(
            "--code", help="the plan's code (default: the Info sheet's, or the file name)"
        )

    @no_translations
    def handle(self, *args, **options):
        name = options["file"]
        path = Path(name)
        content = read_bytes(name, max_bytes=MAX_BYTES)
        try:
            result = import_workbook(
                content, filename=path.name, code=options["code"], actor_repr=ACTOR
            )
        except WorkbookError as exc:
            raise CommandError(f"{name}: nothing imported: {problems_line(exc.problems)}") from None
        self.stdout.write(plan_line(result))
