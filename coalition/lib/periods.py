"""Period phrases of a plan's goals ("Metas") read as date ranges, and short labels for them.

``parse_period("Primer semestre de 2013")`` is ``Period(2013-01-01, 2013-06-30)``. It reads
Spanish and English months ("Agosto de 2012", "June 2012"), halves ("II semestre 2012",
"H1 2013"), quarters ("Primer trimestre de 2013", "Q3 2012"), years ("Año 2012") and spans
of two of those ("2012- Primer semestre de 2013", "2012 to 2013"), ignoring case, accents,
extra spaces and a trailing period. A phrase with no year in it ("Cada país definirá el
dónde y cómo") carries no date: ``None``. A phrase with a year that matches no known form
raises ``PeriodError``, so a typo is reported instead of silently losing its date.

``format_period(period, "es")`` gives the compact label shown on a timeline ("ago 2012",
"1.er sem. 2013", "2012–2013"); every label reads back as the same period.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from coalition.lib.text import fold

# Our own table, not calendar.month_name: that one follows the process locale.
MONTH_NAMES = {
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

# Folded month word -> number: full names, their first three letters, and the Central
# American spelling "setiembre".
MONTHS = {
    **{fold(name)[:3]: n for names in MONTH_NAMES.values() for n, name in enumerate(names, 1)},
    **{fold(name): n for names in MONTH_NAMES.values() for n, name in enumerate(names, 1)},
    "setiembre": 9,
    "set": 9,
    "sept": 9,
}
ORDINAL_WORDS = {
    "primer": 1, "primero": 1, "primera": 1, "first": 1, "i": 1,
    "segundo": 2, "segunda": 2, "second": 2, "ii": 2,
    "tercer": 3, "tercero": 3, "tercera": 3, "third": 3, "iii": 3,
    "cuarto": 4, "cuarta": 4, "fourth": 4, "iv": 4,
}  # fmt: skip


def _choice(words):
    # Longest first, so "septiembre" is not read as "sep" and "iii" not as "i".
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


MONTH = rf"(?P<month>{_choice(MONTHS)})"
# "primer", "II", "1er", "1.º" (folded and unpunctuated to "1 o"), "1st", "2nd".
ORDINAL = rf"(?P<n>{_choice(ORDINAL_WORDS)}|\d(?:\s?(?:er|ero|ro|do|o|to|st|nd|rd|th))?)"
YEAR = r"(?P<year>(?:19|20)\d\d)"
HALF = r"(?:semestre|sem|half|mitad)"
QUARTER = r"(?:trimestre|trim|quarter|qtr)"
# What may stand between the part and its year: "de", "del", "del año", "of", "of the year".
OF = r"(?:\s+(?:de|del|of|of the|in)(?:\s+(?:ano|year))?)?\s+"

FORMS = [
    ("month", re.compile(rf"^{MONTH}{OF}{YEAR}$")),
    ("half", re.compile(rf"^{ORDINAL}\s+{HALF}{OF}{YEAR}$")),
    ("half", re.compile(rf"^{HALF}\s+{ORDINAL}{OF}{YEAR}$")),
    ("half", re.compile(rf"^h(?P<n>\d){OF}{YEAR}$")),
    ("quarter", re.compile(rf"^{ORDINAL}\s+{QUARTER}{OF}{YEAR}$")),
    ("quarter", re.compile(rf"^{QUARTER}\s+{ORDINAL}{OF}{YEAR}$")),
    ("quarter", re.compile(rf"^q(?P<n>\d){OF}{YEAR}$")),
    ("year", re.compile(rf"^(?:(?:ano|year)\s+)?{YEAR}$")),
]
MONTHS_IN = {"half": 6, "quarter": 3}
# Where a span may be cut in two: "2012-2013", "2012 – 2013", "2012 a 2013", "2012 to 2013".
SPAN_CUT = re.compile(r"\s*[-–—]\s*|\s+(?:a|al|hasta|to|until|through)\s+")
ANY_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")

UNDERSTOOD = (
    'use a month, half, quarter or year, e.g. "Agosto de 2012", "Primer semestre de 2013", '
    '"2012-2013".'
)


class PeriodError(ValueError):
    """A phrase that names a year but is not a period this module understands."""


@dataclass(frozen=True)
class Period:
    """A range of whole days."""

    start: date  # first day
    end: date  # last day (inclusive)

    def __contains__(self, day):
        return self.start <= day <= self.end


def parse_period(text: str) -> Period | None:
    """The Period a goal phrase means; None if it names no year; PeriodError if unreadable."""
    if not ANY_YEAR.search(text or ""):
        return None
    phrase = " ".join(text.split())
    normalized = _normalize(text)
    period = _single(normalized)
    if period is not None:
        return period
    for cut in SPAN_CUT.finditer(normalized):
        left = _single(normalized[: cut.start()])
        right = _single(normalized[cut.end() :])
        if left is None or right is None:
            continue
        if left.start > right.start or left.end > right.end:
            raise PeriodError(
                f'Cannot read "{phrase}" as a period: its first part comes after its second; '
                'put the earlier one first, e.g. "2012-2013".'
            )
        return Period(left.start, right.end)
    raise PeriodError(f'Cannot read "{phrase}" as a period: {UNDERSTOOD}')


def _normalize(text):
    """Folded, without punctuation or a leading article: "El 1.er Semestre." -> "1 er semestre"."""
    text = re.sub(r"[.,;:()]", " ", fold(text))
    text = " ".join(text.split())
    return re.sub(r"^(?:el|la|the)\s+", "", text)


def _single(text):
    """The Period of one part ("agosto de 2012"), or None when it is no known form."""
    text = re.sub(r"^(?:el|la|the)\s+", "", text.strip())
    for kind, pattern in FORMS:
        match = pattern.match(text)
        if match is None:
            continue
        year = int(match["year"])
        if kind == "year":
            return Period(date(year, 1, 1), date(year, 12, 31))
        if kind == "month":
            month = MONTHS[match["month"]]
            return Period(date(year, month, 1), _month_end(year, month))
        size = MONTHS_IN[kind]
        n = _ordinal(match["n"])
        if not 1 <= n <= 12 // size:
            return None  # "Tercer semestre", "Q5"
        first = (n - 1) * size + 1
        return Period(date(year, first, 1), _month_end(year, first + size - 1))
    return None


def _ordinal(word):
    return ORDINAL_WORDS.get(word) or int(word[0])


def _month_end(year, month):
    return date(year, month, calendar.monthrange(year, month)[1])


# Spanish ordinal abbreviations: "1.er" for "primer", "2.º" for "segundo", and so on.
SPANISH_ORDINALS = {1: "1.er", 2: "2.º", 3: "3.er", 4: "4.º"}


def format_period(period: Period | None, language: str = "es") -> str:
    """A short label for a timeline: "ago 2012", "1.er sem. 2013", "H1 2013", "2012–2013"."""
    if period is None:
        return ""
    english = (language or "es").startswith("en")
    start, end = period.start, period.end
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    if not whole_months:  # only a hand-edited range; our phrases always give whole months
        return f"{start.day} {_month_label(start, english)}–{end.day} {_month_label(end, english)}"
    if (start.month, end.month) == (1, 12):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if start.year == end.year:
        months = end.month - start.month + 1
        if months == 1:
            return _month_label(start, english)
        for kind, size in MONTHS_IN.items():
            if months == size and start.month % size == 1:
                n = start.month // size + 1
                if english:
                    return f"{'H' if kind == 'half' else 'Q'}{n} {start.year}"
                unit = "sem." if kind == "half" else "trim."
                return f"{SPANISH_ORDINALS[n]} {unit} {start.year}"
    return f"{_month_label(start, english)}–{_month_label(end, english)}"


def _month_label(day, english):
    name = MONTH_NAMES["en" if english else "es"][day.month - 1][:3]
    return f"{name} {day.year}"
