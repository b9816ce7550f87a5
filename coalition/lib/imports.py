"""What every import shares: the ``Problem`` that says what is wrong and where, the error
that refuses a file with all of them (nothing is written), and the ``ImportResult`` that
says what an accepted file did.

The importers (plans from JSON or a workbook, attendance lists, the directory, GeoJSON map
data) check the whole file first and raise ``ImportRefused`` listing every ``Problem``;
their pages show the problems with ``templates/includes/import_problems.html`` and their
commands with ``lib.commands.nothing_imported``.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# How a problem counts its places: the rows of a table, the features of a GeoJSON file, or
# neither (a plan's data, a workbook's cells: ``where`` says it in words).
ROW, FEATURE, PLACE = "row", "feature", "place"


@dataclass(frozen=True)
class Problem:
    """What is wrong, where. ``row`` counts rows (or features) from 1, 0 is the file as a
    whole; ``column`` is the column's header, or a feature's part in words ('property
    "name"', "geometry"); ``where`` is any other place in words ("Plan!D7 (Metas)",
    "objective III, activity III.1, goals"), and ``path`` the same place in the data
    (("objectives", 2, "activities", 0, "goals")) for a reader that locates it further."""

    row: int = 0
    column: str = ""
    message: str = ""
    where: str = ""
    path: tuple = ()
    unit: str = ROW

    def __str__(self):
        if self.where:
            return f"{self.where}: {self.message}"
        if not self.row:
            return self.message
        if self.unit == FEATURE:
            if not self.column:
                return _("feature %(n)s: %(message)s") % {"n": self.row, "message": self.message}
            return _("feature %(n)s, %(where)s: %(message)s") % {
                "n": self.row,
                "where": self.column,
                "message": self.message,
            }
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


def as_problem(problem):
    """A ``Problem`` as it is, and a plain message as the problem of the whole file."""
    return problem if isinstance(problem, Problem) else Problem(message=str(problem))


class ImportRefused(ValueError):
    """The file (or data) cannot be imported and nothing was written; ``problems`` lists
    every reason, each a ``Problem``. Each importer raises its own subclass, so that its
    callers may tell which one refused."""

    def __init__(self, problems):
        self.problems = [as_problem(p) for p in problems]
        super().__init__("; ".join(str(p) for p in self.problems))


class ImportResult:
    """What an accepted import did, as counts by outcome.

    An importer declares its outcomes with their starting counts and the sentence that
    tells them (``line``, a translated text with a ``%(outcome)s`` for each), then adds to
    them as it writes: ``ImportResult(LINE, rows=12, created=0, updated=0)``,
    ``result.add("created")``. Each count reads as an attribute too (``result.created``).
    ``notices`` are problems that did not stop the import (a row that matched a record
    already there); ``records`` the records it wrote or matched, in the file's order (the
    plan of a plan's import); ``dry_run`` that everything was checked and written, then
    rolled back.
    """

    def __init__(self, line, *, dry_run=False, **counts):
        self.line = line
        self.counts = dict(counts)
        self.dry_run = dry_run
        self.notices = []
        self.records = []

    def add(self, outcome, n=1):
        self.counts[outcome] += n  # an outcome not declared is a mistake: KeyError

    def __getattr__(self, name):
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    def summary(self):
        """The counts, as the import's audit entry keeps them."""
        return dict(self.counts)

    def describe(self):
        """The counts in one translated sentence."""
        return str(self.line) % self.counts

    def __repr__(self):
        return f"ImportResult({self.counts})"
