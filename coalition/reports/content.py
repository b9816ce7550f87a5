"""What the regional annual report says, as plain values: built by ``annual.build`` from
the capabilities' ``metrics``, drawn by the PDF and the Word writers the same way.

Every text is already in the report's language (built inside ``translation.override``).
A cell is text, a number or None (shown as an en dash); a chart is drawn on the server
from its ``Chart`` (matplotlib), the same image in both documents.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Table:
    """A table: its caption, column headers and rows of cells."""

    title: str
    columns: list[str]
    rows: list[list]
    # Indexes of the columns that hold figures (right-aligned).
    numeric: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def widths(self):
        """Each column's share of the page width in percent: a text column three times a
        figure's, the first (what the row is) a little more, so that a table of many
        figures keeps its labels readable on one A4 width."""
        weights = [
            1.2 if index in self.numeric else (3.0 if index == 0 else 2.5)
            for index in range(len(self.columns))
        ]
        total = sum(weights) or 1
        return [round(100 * weight / total, 1) for weight in weights]


@dataclass
class Chart:
    """A chart: ``kind`` is "bar" (vertical bars, one group per category and a bar per
    series), "barh" (horizontal bars) or "stacked" (vertical bars, series stacked); a
    value None is no bar. ``unit`` is shown on the value axis ("%", "people")."""

    title: str
    kind: str
    categories: list[str]
    series: list[tuple[str, list]]
    unit: str = ""
    # The value axis ends here when given (100 for percents).
    maximum: float | None = None


@dataclass
class Section:
    """One chapter: its title, a paragraph, headline figures [(label, value)], tables and
    charts, and what to say when it has nothing to show."""

    key: str
    title: str
    intro: str = ""
    figures: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    empty: str = ""

    @property
    def is_empty(self):
        return not (self.figures or self.tables or self.charts)


@dataclass
class AnnualReport:
    year: int
    language: str
    title: str
    subtitle: str
    generated: datetime.datetime
    countries: list[str]
    sections: list[Section]
    # How to read it: approved figures only, what "<5" and "x" mean, the sources.
    notes: list[str] = field(default_factory=list)
