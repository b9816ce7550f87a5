"""Identifier screening: refuse free text that could identify a person.

Every free-text field that could describe a victim (a route's or zone's notes, a
sentence's legal summary) runs ``refuse_identifiers``. It looks for:

- **phone numbers** of the member countries (BZ, CR, SV, GT, HN, NI, PA, DO), written
  locally ("5555-1234") or internationally ("+502 5555 1234"), found by the
  ``phonenumbers`` library's matcher (``lib/phones.py``'s library), not a regex of ours;
- **e-mail addresses**, each candidate confirmed by Django's ``validate_email``;
- **document numbers** by their shape: Guatemala's DPI (13 digits, "2345 67890 0101"),
  El Salvador's DUI ("01234567-8"), Honduras' DNI ("0801-1990-12345"), Costa Rica's
  cédula ("1-0234-0567", or 9 digits), Panamá's cédula ("8-123-4567", "PE-12-345",
  "E-8-12345", "N-19-1234"), Nicaragua's ("001-120390-0001A"), the Dominican cédula
  ("001-1234567-8"), Belize's social security number (9 digits), and passports (one or
  two letters and 6 to 9 digits) when a word such as "pasaporte" or "passport" is near;
- **full dates that look like birth dates**, by the rule below.

The rule for dates. A legal summary is full of dates that identify nobody (the judgment
became final on 12/03/2022; the facts of 2019; the law of 2009), and a birth date is
the one that does. A full date (day, month and year: "12/03/1990", "1990-03-12",
"12 de marzo de 1990", "March 12, 1990") is refused when it falls 0 to 100 years
before today and either

1. the nearest cue word before it in the same clause (or right after it) names a birth:
   *nacido/a*, *nació*, *fecha de nacimiento*, *f.n.*, *born*, *DOB*, *birth*...; or
2. it is more than ``RECENT_YEARS`` (12) years old and no cue word before it in the same
   clause names a legal act or an event of the case (*sentencia*, *firme*, *hechos*,
   *audiencia*, *ley*, *decreto*, *publicada*, *judgment*, *law*...).

So a date of the last 12 years passes unless it is called a birth date: those are the
dates of the case (facts, hearings, the judgment), and a child's birth date written
without saying so is a risk we accept rather than refusing every recent date. An older
date passes only when the text says what happened on it ("Decreto 9-2009, publicado el
20 de marzo de 2009"); a bare "12/03/1990" is a birth date until said otherwise. A date
in the future, or more than 100 years ago, is nobody's birth date. A year alone
("2021"), a month and year ("marzo de 2019"), a date with a two-digit year (unless
called a birth date) are no full dates.

What is never refused, and why: an article ("artículo 202 Ter"), a prison term ("8 años"),
money ("Q300,000", "Q 50,000.00", "US$ 5000000"), a year range ("2019-2022") and a
numbered act or file ("Decreto 9-2009", "expediente 2345-2019") look like phone numbers
to the matcher and are set aside by these checks.

A refusal says what was found and where (characters, or line and characters), never the
value itself: the message is shown, logged and sent back by the API.
"""

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The member countries whose local numbers are looked for; numbers starting with "+"
# are found whatever their country.
REGIONS = ("BZ", "CR", "SV", "GT", "HN", "NI", "PA", "DO")

RECENT_YEARS = 12  # dates of the last 12 years pass unless called a birth date
OLDEST_AGE = 100  # a date older than this is nobody's birth date
MAX_NAMED = 5  # a refusal names at most this many findings, then "and N more"

# Kinds, in the order they win when two findings overlap.
EMAIL, DOCUMENT, PHONE, BIRTH_DATE = "email", "document", "phone", "birth_date"
_PRIORITY = {EMAIL: 0, DOCUMENT: 1, PHONE: 2, BIRTH_DATE: 3}


@dataclass(frozen=True)
class Finding:
    """A likely identifier in a text: what it is and where, never its value.

    ``start`` and ``end`` are character offsets in the screened text; ``line`` (1-based)
    and ``column`` (1-based, of ``start`` in that line) are set only when the text has
    several lines."""

    kind: str  # "phone", "email", "document", "birth_date"
    label: str  # translated: "a phone number", "a Guatemalan DPI number"...
    start: int
    end: int
    line: int | None = None
    column: int | None = None


# --- separators and boundaries ------------------------------------------------------
_DASH = "[-\u2010-\u2015]"
_SEP = "[-\u2010-\u2015 ]"  # a dash or a space between groups of digits
_BEFORE = r"(?<![\w/.+\-\u2010-\u2015])"  # not inside a longer word, number or file number
_AFTER = r"(?![\w/\-\u2010-\u2015]|\.\d)"


def _shape(pattern):
    return re.compile(_BEFORE + pattern + _AFTER, re.IGNORECASE)


# --- e-mail addresses -----------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])"
    r"[\w.!#$%&'*+/=?^`{|}~-]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-])"
)


# --- document numbers -----------------------------------------------------------------
# (pattern, label) per document shape, the most specific first; a label is a function so
# that it is translated in the language of the request.
_DOCUMENTS = [
    (_shape(rf"\d{{3}}{_SEP}?\d{{6}}{_SEP}?\d{{4}}[A-Z]"), lambda: _("a Nicaraguan cédula number")),
    (_shape(rf"\d{{3}}{_DASH}\d{{7}}{_DASH}\d"), lambda: _("a Dominican cédula number")),
    (_shape(rf"\d{{4}}{_SEP}\d{{5}}{_SEP}\d{{4}}"), lambda: _("a Guatemalan DPI number")),
    (_shape(rf"\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{5}}"), lambda: _("a Honduran DNI number")),
    (_shape(r"\d{13}"), lambda: _("a 13-digit identity number (DPI or DNI)")),
    (_shape(r"\d{11}"), lambda: _("an 11-digit identity number (Dominican cédula)")),
    (_shape(rf"\d{{8}}{_DASH}\d"), lambda: _("a Salvadoran DUI number")),
    (_shape(rf"0?[1-9]{_SEP}\d{{4}}{_SEP}\d{{4}}"), lambda: _("a Costa Rican cédula number")),
    (
        _shape(r"\d{9}"),
        lambda: _("a 9-digit identity number (Costa Rican cédula or Belizean social security)"),
    ),
    (
        _shape(
            rf"(?:PE|E|N|(?:1[0-3]|0?[1-9])(?:{_DASH}?(?:AV|PI))?)"
            rf"{_DASH}\d{{1,4}}{_DASH}\d{{2,6}}"
        ),
        lambda: _("a Panamanian cédula number"),
    ),
]


_PASSPORT = re.compile(_BEFORE + r"[A-Z]{0,2}\d{6,9}" + _AFTER)
_PASSPORT_CUE = re.compile(r"pasaporte|passport|pasap\.|\bpass?\.\s?(?:n|no|nº|#)", re.IGNORECASE)


# --- dates ----------------------------------------------------------------------------
_MONTHS = {
    "enero": 1, "ene": 1, "january": 1, "jan": 1,
    "febrero": 2, "feb": 2, "february": 2,
    "marzo": 3, "mar": 3, "march": 3,
    "abril": 4, "abr": 4, "april": 4, "apr": 4,
    "mayo": 5, "may": 5,
    "junio": 6, "jun": 6, "june": 6,
    "julio": 7, "jul": 7, "july": 7,
    "agosto": 8, "ago": 8, "august": 8, "aug": 8,
    "septiembre": 9, "setiembre": 9, "sept": 9, "sep": 9, "set": 9, "september": 9,
    "octubre": 10, "oct": 10, "october": 10,
    "noviembre": 11, "nov": 11, "november": 11,
    "diciembre": 12, "dic": 12, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(
        r"(?<![\w/.\-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
        r"(?![\w/]|[.\-]\d)"
    ),
    re.compile(
        r"(?<![\w/.\-])(?P<year>\d{4})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
        r"(?![\w/]|[.\-]\d)"
    ),
    re.compile(
        r"(?<!\w)(?P<day>\d{1,2})(?:º|°|o|st|nd|rd|th)?\s+(?:de\s+)?"
        + _MONTH
        + r",?\s+(?:de(?:l)?\s+)?(?P<year>\d{4})(?!\w)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<!\w)" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\w)",
        re.IGNORECASE,
    ),
]

_BIRTH_CUE = (
    r"nacid[oa]s?|naci[óo]|nace|natal|nacimiento|f\.\s?n\.|f\.?\s?nac\.?|born|birth\w*|"
    r"d\.?o\.?b\.?|cumplea[ñn]os|edad\s*:"
)
_EVENT_CUE = (
    r"sentencia\w*|sentenced|fallo|firme|final|judge?ments?|resoluci[óo]n|resolved|"
    r"audiencias?|hearings?|juicio|trial|debate|hechos|facts|ocurri\w*|occurr\w*|"
    r"detenci[óo]n|detenid[oa]s?|captur\w*|arrest\w*|denuncia\w*|complaint|"
    r"acusaci[óo]n|indictment|apelaci[óo]n|casaci[óo]n|appeal\w*|amparo|"
    r"leyes|ley|laws?|decretos?|decrees?|c[óo]digos?|codes?|reforma\w*|amend\w*|"
    r"publicad[oa]s?|published|vigor|vigencia|force|gaceta|gazette|diario oficial|"
    r"acuerdos?|convenios?|convention|protocolos?|protocol|ratific\w*|aprobad[oa]s?|"
    r"desde|since|hasta|until|entre|between|rescat\w*|rescued|allanamiento|raid"
)
_CUE = re.compile(
    rf"(?<!\w)(?:(?P<birth>{_BIRTH_CUE})|(?P<event>{_EVENT_CUE}))(?!\w)", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(r"[;\n]|\.\s+(?=[A-ZÁÉÍÓÚÑ])")
_CUE_BEFORE = 60  # characters looked at before a date for its cue
_CUE_AFTER = 25  # and after it, for a birth cue ("12/03/1990 (fecha de nacimiento)")


def _day_month(a, b, year):
    for day, month in ((a, b), (b, a)):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def _read_date(match, today):
    """(date, two_digit_year) of a date match, or (None, False)."""
    groups = match.groupdict()
    year_text = groups["year"]
    year = int(year_text)
    short = len(year_text) == 2
    if short:
        year += 2000 if year <= today.year % 100 else 1900
    if groups.get("a"):
        return _day_month(int(groups["a"]), int(groups["b"]), year), short
    month = groups["month"]
    month = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
    try:
        return date(year, month, int(groups["day"])), short
    except ValueError:
        return None, False


def _years_before(day, today):
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


def _cue(text, start, end):
    """ "birth", "event" or None: the nearest cue word before the date in its clause, or
    a birth cue right after it."""
    window_start = max(0, start - _CUE_BEFORE)
    before = text[window_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    cues = list(_CUE.finditer(before))
    after = text[end : end + _CUE_AFTER]
    cut = _CLAUSE_BREAK.search(after)
    if cut:
        after = after[: cut.start()]
    after_cue = _CUE.search(after)
    if after_cue and after_cue["birth"]:
        return "birth"
    if cues:
        return "birth" if cues[-1]["birth"] else "event"
    return None


def _birth_dates(text, today):
    """Spans of dates refused as birth dates, and of every date (which phones and
    documents must not claim)."""
    refused, every = [], []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            day, short = _read_date(match, today)
            if day is None:
                continue
            span = match.span()
            every.append(span)
            age = _years_before(day, today)
            if day > today or age > OLDEST_AGE:
                continue
            cue = _cue(text, *span)
            if cue == "birth" or (not short and age >= RECENT_YEARS and cue is None):
                refused.append(span)
    return refused, every


# --- phones ---------------------------------------------------------------------------
# The matcher is slow (a few milliseconds per text and country); a text without a run
# of seven digits (or a "+") holds no phone number and skips it.
_PHONE_CANDIDATE = re.compile(r"\+\s*\d|\d(?:[\s().\-\u2010-\u2015]*\d){6}")
_CURRENCY_BEFORE = re.compile(
    r"(?:\bQ|\$|\bUSD|\bL|₡|\bC\$|\bB/\.|€|\bGTQ|\bHNL|\bCRC|\bNIO|\bPAB|\bDOP|\bBZD)\s*$"
)
_CURRENCY_AFTER = re.compile(
    r"^\s*(?:quetzal|d[óo]lar|dollar|col[óo]n|colones|lempira|c[óo]rdoba|balboa|peso|USD)",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*[-\u2010-\u2015/]\s*((?:19|20)\d\d)")
_NUMBERED_ACT = re.compile(r"\d{1,5}\s*[-\u2010-\u2015/]\s*(?:19|20)\d\d")
_ACT_CUE = re.compile(
    r"(?:expediente|exp\.|causa|proceso|caso|case|file|carpeta|decreto|decree|ley|law|"
    r"acuerdo|resoluci[óo]n|sentencia|oficio|n[úu]mero|no\.|nº|n°|#)\s*$",
    re.IGNORECASE,
)


def _not_a_phone(text, match):
    raw = match.raw_string
    before = text[max(0, match.start - 30) : match.start]
    if _CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.match(text[match.end :]):
        return True
    years = _YEAR_RANGE.fullmatch(raw)
    if years and 0 <= int(years[2]) - int(years[1]) <= 50:
        return True
    return bool(_NUMBERED_ACT.fullmatch(raw) and _ACT_CUE.search(before))


def _phones(text):
    if not _PHONE_CANDIDATE.search(text):
        return []
    spans = set()
    for region in REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            if not _not_a_phone(text, match):
                spans.add((match.start, match.end))
    return sorted(spans)


# --- all together ---------------------------------------------------------------------
def _overlaps(span, spans):
    return any(span[0] < end and start < span[1] for start, end in spans)


def find_identifiers(text, *, today=None):
    """The likely identifiers of persons in ``text``, in the order they appear."""
    text = str(text or "")
    if not text.strip():
        return []
    today = today or timezone.localdate()
    found = []  # (priority, start, end, kind, label)
    for match in _EMAIL.finditer(text):
        try:
            validate_email(match.group())
        except ValidationError:
            continue
        found.append((EMAIL, match.span(), _("an e-mail address")))
    birth, dates = _birth_dates(text, today)
    for pattern, label in _DOCUMENTS:
        for match in pattern.finditer(text):
            if _overlaps(match.span(), dates):  # '12-03-2022' has Panamá's shape
                continue
            found.append((DOCUMENT, match.span(), label()))
    for match in _PASSPORT.finditer(text):
        if _PASSPORT_CUE.search(text[max(0, match.start() - 40) : match.start()]):
            found.append((DOCUMENT, match.span(), _("a passport number")))
    for span in _phones(text):
        if not _overlaps(span, dates):
            found.append((PHONE, span, _("a phone number")))
    for span in birth:
        found.append((BIRTH_DATE, span, _("a full date that looks like a birth date")))

    kept = []
    for kind, span, label in sorted(found, key=lambda item: (_PRIORITY[item[0]], item[1])):
        if not _overlaps(span, [k[1] for k in kept]):
            kept.append((kind, span, label))
    kept.sort(key=lambda item: item[1])
    several_lines = "\n" in text.strip("\n")
    findings = []
    for kind, (start, end), label in kept:
        line = column = None
        if several_lines:
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
        findings.append(Finding(kind, label, start, end, line, column))
    return findings


def _where(finding):
    if finding.line is not None:
        return _("line %(line)s, characters %(start)s–%(end)s") % {
            "line": finding.line,
            "start": finding.column,
            "end": finding.column + finding.end - finding.start - 1,
        }
    return _("characters %(start)s–%(end)s") % {"start": finding.start + 1, "end": finding.end}


def describe(findings, field_label=None):
    """A sentence naming what was found and where, never the value itself."""
    findings = list(findings)
    named = [f"{finding.label} ({_where(finding)})" for finding in findings[:MAX_NAMED]]
    found = "; ".join(named)
    more = len(findings) - MAX_NAMED
    if more > 0:
        found += ngettext("; and %(count)d more", "; and %(count)d more", more) % {"count": more}
    if field_label:
        return _(
            "“%(field)s” seems to identify a person: %(found)s. Remove it: no person may "
            "be identifiable here."
        ) % {"field": field_label, "found": found}
    return _(
        "This text seems to identify a person: %(found)s. Remove it: no person may be "
        "identifiable here."
    ) % {"found": found}


def refuse_identifiers(value):
    """A validator for free-text fields: refuses a text holding likely identifiers."""
    findings = find_identifiers(value)
    if findings:
        raise ValidationError(describe(findings), code="identifier")
