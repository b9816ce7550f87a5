"""Period phrases of a plan's goals ("Metas") read as date ranges.

``parse_period("Primer semestre de 2013")`` is ``Period(2013-01-01, 2013-06-30)``. It reads
Spanish and English months, halves, quarters, years and spans of two of those
("2012- Primer semestre de 2013"). A phrase with no year in it ("Cada país definirá el
dónde y cómo") carries no date: ``None``. A phrase with a year that matches no known form
raises ``PeriodError``, whose message says what is understood.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from coalition.lib.text import fold

MONTHS = {
    "enero": 1, "january": 1, "jan": 1, "ene": 1,
    "febrero": 2, "february": 2, "feb": 2,
    "marzo": 3, "march": 3, "mar": 3,
    "abril": 4, "april": 4, "apr": 4, "abr": 4,
    "mayo": 5, "may": 5,
    "junio": 6, "june": 6, "jun": 6,
    "julio": 7, "july": 7, "jul": 7,
    "agosto": 8, "august": 8, "aug": 8, "ago": 8,
    "septiembre": 9, "setiembre": 9, "september": 9, "sep": 9, "sept": 9, "set": 9,
    "octubre": 10, "october": 10, "oct": 10,
    "noviembre": 11, "november": 11, "nov": 11,
    "diciembre": 12, "december": 12, "dec": 12, "dic": 12,
}  # fmt: skip
ORDINALS = {
    "primer": 1, "primero": 1, "1er": 1, "1ero": 1, "1": 1, "i": 1, "first": 1, "1st": 1,
    "segundo": 2, "2do": 2, "2": 2, "ii": 2, "second": 2, "2nd": 2,
    "tercer": 3, "tercero": 3, "3er": 3, "3": 3, "iii": 3, "third": 3, "3rd": 3,
    "cuarto": 4, "4to": 4, "4": 4, "iv": 4, "fourth": 4, "4th": 4,
}  # fmt: skip
HALF_WORDS = r"(?:semestre|sem|half)"
QUARTER_WORDS = r"(?:trimestre|trim|quarter)"
ORDINAL = r"(?P<n>" + "|".join(sorted(map(re.escape, ORDINALS), key=len, reverse=True)) + r")"
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
YEAR = r"(?P<year>(?:19|20)\d\d)"
# Filler between the part and the year: "de", "del", "del año", "of", "of the year".
OF = r"(?:\s+(?:de|del|of|of the|in)(?:\s+(?:ano|year))?)?\s+"

FORMS = [
    ("month", re.compile(rf"^{MONTH}{OF}{YEAR}$")),
    ("half", re.compile(rf"^{ORDINAL}\s+{HALF_WORDS}{OF}{YEAR}$")),
    ("half", re.compile(rf"^h(?P<n>[12])\s+{YEAR}$")),
    ("quarter", re.compile(rf"^{ORDINAL}\s+{QUARTER_WORDS}{OF}{YEAR}$")),
    ("quarter", re.compile(rf"^q(?P<n>[1-4])\s+{YEAR}$")),
    ("year", re.compile(rf"^(?:(?:ano|year)\s+)?{YEAR}$")),
]
# "2012-2013", "2012 - 2013", "2012 a 2013", "2012 to 2013", "2012 hasta 2013".
SPAN = re.compile(r"^(?P<left>.+?)\s*(?:-|–|—|\s(?:a|al|to|hasta|until)\s)\s*(?P<right>.+)$")


class PeriodError(ValueError):
    """A phrase that names a year but is not a period this module understands."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __contains__(self, day):
        return self.start <= day <= self.end


def _month_end(year, month):
    return date(year, month, calendar.monthrange(year, month)[1])


def _single(text):
    """The Period of one part ("agosto de 2012"), or None when it is no known form."""
    for kind, pattern in FORMS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match["year"])
        if kind == "month":
            month = MONTHS[match["month"]]
            return Period(date(year, month, 1), _month_end(year, month))
        if kind == "year":
            return Period(date(year, 1, 1), date(year, 12, 31))
        n = ORDINALS.get(match["n"], 0)
        size = 6 if kind == "half" else 3
        if not 1 <= n <= 12 // size:
            return None
        first = (n - 1) * size + 1
        return Period(date(year, first, 1), _month_end(year, first + size - 1))
    return None


def _normalize(text):
    text = fold(text).rstrip(". ")
    text = re.sub(r"\b(\d)\s*(?:er|ero|do|to|o)\b", r"\1er", text)  # "1 er" -> "1er"
    text = re.sub(r"[.,]", " ", text)
    return " ".join(text.split())


def parse_period(text):
    """The Period a goal phrase means; None if it carries no date; PeriodError if unread."""
    if not re.search(r"\d{4}", text or ""):
        return None
    phrase = _normalize(text)
    period = _single(phrase)
    if period is None:
        span = SPAN.match(phrase)
        if span:
            left, right = _single(span["left"]), _single(span["right"])
            if left and right:
                if left.start > right.end:
                    raise PeriodError(
                        f'Cannot read "{text.strip()}" as a period: it ends before it starts.'
                    )
                period = Period(left.start, right.end)
    if period is None:
        raise PeriodError(
            f'Cannot read "{text.strip()}" as a period: use a month, half, quarter or year, '
            'or two of them joined by "-", e.g. "Agosto de 2012", "Primer semestre de 2013", '
            '"2012-2013".'
        )
    return period


SHORT_MONTHS = {
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def _label(start, end, language):
    months = SHORT_MONTHS["en" if language.startswith("en") else "es"]
    whole_years = start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31
    if whole_years:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if start.year == end.year and end.month - start.month == 5 and start.month in (1, 7):
        half = 1 if start.month == 1 else 2
        return (
            f"H{half} {start.year}" if language.startswith("en") else f"{half}.º sem. {start.year}"
        )
    if start.year == end.year and end.month - start.month == 2 and start.month % 3 == 1:
        quarter = (start.month - 1) // 3 + 1
        return (
            f"Q{quarter} {start.year}"
            if language.startswith("en")
            else f"{quarter}.º trim. {start.year}"
        )
    if start.year == end.year and start.month == end.month:
        return f"{months[start.month - 1]} {start.year}"
    return f"{months[start.month - 1]} {start.year}–{months[end.month - 1]} {end.year}"


def format_period(period, language="es"):
    """A short label for a timeline: "ago 2012", "1.º sem. 2013", "H1 2013", "2012–2013"."""
    if period is None:
        return ""
    return _label(period.start, period.end, language or "es")
