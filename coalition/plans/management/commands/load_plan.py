"""Load operational plans from their JSON description (see coalition/plans/data/), in order.

Idempotent: a file already loaded changes nothing. A plan that continues another (the
2012-2013 agenda continues the 2012 plan) comes after it on the command line.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from coalition.lib.commands import problems_line
from coalition.plans.loader import ACTOR, PlanDataError, import_plan_data


def plan_line(result):
    """ "plan-2012: created (8 objectives, 40 activities, 200 entries)." """
    state = next(s for s in ("created", "updated", "unchanged") if result.counts[s])
    return f"{result.records[0].code}: {state} ({result.describe()})."


class Command(BaseCommand):
    help = "Load operational plans from JSON files (in the order given); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="a plan's JSON file")

    @no_translations
    def handle(self, *args, **options):
        for name in options["files"]:
            data = read_json(name)
            try:
                result = import_plan_data(data, actor_repr=ACTOR, source=Path(name).name)
            except PlanDataError as exc:
                raise CommandError(
                    f"{name}: nothing loaded: {problems_line(exc.problems)}"
                ) from None
            self.stdout.write(plan_line(result))


def read_json(name):
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file.") from None
    except IsADirectoryError:
        raise CommandError(f"{name}: is a folder, not a file.") from None
    except UnicodeDecodeError:
        raise CommandError(f"{name}: not UTF-8 text.") from None
    except OSError as exc:
        raise CommandError(f"{name}: cannot be read ({exc.strerror}).") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        ) from None
