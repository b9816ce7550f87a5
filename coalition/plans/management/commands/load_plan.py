"""Load operational plans from their JSON description (see coalition/plans/data/), in order.

Idempotent: a file already loaded changes nothing. A plan that continues another (the
2012-2013 agenda continues the 2012 plan) comes after it on the command line.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from coalition.plans.loader import ACTOR, PlanDataError, import_plan_data

# A problem list longer than this is cut short in the one-line error.
MAX_LISTED = 10


def problems_line(problems):
    listed = "; ".join(str(p) for p in problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    return listed + (f"; and {more} more" if more > 0 else "")


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
            counts = "{objectives} objectives, {activities} activities, {entries} entries".format(
                **result.summary
            )
            if result.created:
                state = "created"
            elif result.changed:
                state = "updated"
            else:
                state = "unchanged"
            self.stdout.write(f"{result.plan.code}: {state} ({counts}).")


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
