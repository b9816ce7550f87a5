"""Import of UNODC's Global Report on Trafficking in Persons (GLOTIP) data.

The UNODC data portal publishes GLOTIP as one table (CSV, or the first sheet of a
workbook) with the columns ``Iso3_code, Country, Region, Subregion, Indicator, Dimension,
Category, Sex, Age, Year, Unit of measurement, txtVALUE, Source``; a value is a count, or
``<5`` for a small one. Each row becomes one ``Figure`` of the source "GLOTIP, release
DATE", at the same grain as the figures computed from the national records, so that the
reconciliation can set them side by side.

What the importer decides:

- Every row of a member country is kept, duplicates included: the release publishes some
  cells more than once with different values (several sub-forms of "Other forms of
  exploitation" under one label, two sex totals for the Dominican Republic), and a reader
  must see all of them. A ``<5`` is kept as value 5 with ``censored`` set, never as a
  number.
- Rows of countries that are not members (Mexico, in the regional extract) are skipped and
  counted, not refused.
- A category becomes a canonical code: ``total``, a form of exploitation, or an ISO 3166
  alpha-2 code (``XX`` unknown) read by ``lib.iso3166.lookup`` or through the reviewed
  mapping ``data/glotip_categories.json`` (labels damaged by the source, demonyms,
  "Nationals"). ``category_label`` keeps the label, repaired when the mapping repairs it.
  A label neither can read is imported as published, under the category ``unmapped``,
  and reported with its row and column: the figure is not lost, and the mapping can be
  extended and the release imported again.
- An unknown country code, indicator, dimension, sex or age, a bad year or a value that is
  not a count refuses the whole file: every problem is listed with its row and column and
  nothing is written.
- Importing a release again (same date) replaces its figures, in one transaction.
"""

import datetime
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import Country
from coalition.lib import iso3166
from coalition.lib.imports import ImportRefused, ImportResult, Problem
from coalition.lib.tables import read_table
from coalition.sentences.choices import (
    TOTAL_CATEGORY,
    Dimension,
    Exploitation,
    FigureAge,
    FigureSex,
    Indicator,
    SourceKind,
)
from coalition.sentences.models import Figure, Source

DATA = Path(__file__).parent / "data"
MAPPING_FILE = DATA / "glotip_categories.json"
# The regional extract of the 2023-05-30 release, shipped for the demonstration.
EXTRACT_FILE = DATA / "glotip-central-america-dr-mx.csv"
EXTRACT_RELEASED = datetime.date(2023, 5, 30)

# The whole GLOTIP table (every country) has some 50,000 rows.
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
# GLOTIP starts in 2003; earlier years would be a mistake in the file.
FIRST_YEAR = 1990

# Categories that are not a country, a form of exploitation or the total.
UNMAPPED = "unmapped"  # a label the importer could not read: kept as published
ABROAD = "abroad"  # by country of repatriation: a country other than the reporting one
# The mapping's word for the reporting country's own code ("Nationals").
REPORTING = "@reporting"

# The columns the importer reads, by their header in the file (case aside).
COUNTRY, INDICATOR, DIMENSION, CATEGORY = "Iso3_code", "Indicator", "Dimension", "Category"
SEX, AGE, YEAR, UNIT, VALUE = "Sex", "Age", "Year", "Unit of measurement", "txtVALUE"
REQUIRED = (COUNTRY, INDICATOR, DIMENSION, CATEGORY, SEX, AGE, YEAR, VALUE)

INDICATORS = {
    "detected trafficking victims": Indicator.VICTIMS,
    "offences of trafficking in persons": Indicator.OFFENCES,
    "persons brought into formal contact": Indicator.FORMAL_CONTACT,
    "persons prosecuted": Indicator.PROSECUTED,
    "persons convicted": Indicator.CONVICTED,
}
DIMENSIONS = {
    "total": Dimension.TOTAL,
    "by citizenship": Dimension.CITIZENSHIP,
    "by country of repatriation": Dimension.REPATRIATION,
    "by form of exploitation": Dimension.EXPLOITATION,
}
SEXES = {
    "total": FigureSex.TOTAL,
    "female": FigureSex.FEMALE,
    "male": FigureSex.MALE,
    "other": FigureSex.OTHER,
    "unknown": FigureSex.UNKNOWN,
}
AGES = {
    "total": FigureAge.TOTAL,
    "0 to 17 years": FigureAge.MINOR,
    "18 years or over": FigureAge.ADULT,
    "unknown": FigureAge.UNKNOWN,
}
# GLOTIP's names of the forms of exploitation (those of its questionnaire too).
EXPLOITATIONS = {
    "sexual exploitation": Exploitation.SEXUAL,
    "forced labour": Exploitation.FORCED_LABOUR,
    "forced labor": Exploitation.FORCED_LABOUR,
    "domestic servitude": Exploitation.DOMESTIC_SERVITUDE,
    "begging": Exploitation.FORCED_BEGGING,
    "forced begging": Exploitation.FORCED_BEGGING,
    "forced criminal activity": Exploitation.FORCED_CRIMINALITY,
    "forced criminality": Exploitation.FORCED_CRIMINALITY,
    "illegal adoption": Exploitation.ILLEGAL_ADOPTION,
    "forced marriage": Exploitation.FORCED_MARRIAGE,
    "removal of organs": Exploitation.ORGAN_REMOVAL,
    "organ removal": Exploitation.ORGAN_REMOVAL,
    "mixed forms": Exploitation.MIXED,
    "mixed exploitation": Exploitation.MIXED,
    "other forms of exploitation": Exploitation.OTHER,
    "other purposes": Exploitation.OTHER,
}

_COUNT = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)$")  # 12, 2,020 (a thousands separator)
_CENSORED = re.compile(r"^<\s*(\d+)$")

RESULT_LINE = gettext_lazy(
    "%(rows)s rows read: %(imported)s figures imported (%(censored)s of them below a "
    "threshold, such as <5), %(repaired)s category labels repaired, %(unmapped)s not "
    "mapped, %(skipped)s rows of countries that are not members skipped."
)


class GlotipFileError(ImportRefused):
    """The GLOTIP file cannot be imported; nothing was written."""


def source_name(released):
    """The source's name: "GLOTIP, release 2023-05-30" (data, not translated)."""
    return f"GLOTIP, release {released:%Y-%m-%d}"


@cache
def mapping():
    """{published label: (code, repaired label)} of the reviewed mapping."""
    data = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    special = {REPORTING, ABROAD, TOTAL_CATEGORY, iso3166.UNKNOWN}
    labels = {}
    for label, entry in data["labels"].items():
        code = entry["code"]
        if code not in special and not iso3166.is_code(code):
            raise ValueError(f"{MAPPING_FILE.name}: {label!r} maps to {code!r}, not a code.")
        labels[label] = (code, entry["label"])
    return labels


@cache
def read_category(dimension, label, reporting_iso2):
    """``(code, label, how)`` of a published category: ``how`` is "read" (as published),
    "repaired" (the mapping gave another label) or "unmapped". Cached: a release repeats
    a few hundred labels over thousands of rows, and reading a name is slow."""
    if dimension == Dimension.TOTAL:
        if label.casefold() == "total":
            return TOTAL_CATEGORY, label, "read"
        return UNMAPPED, label, "unmapped"
    if dimension == Dimension.EXPLOITATION:
        code = EXPLOITATIONS.get(label.casefold())
        return (code, label, "read") if code else (UNMAPPED, label, "unmapped")
    if label in mapping():
        code, repaired = mapping()[label]
        code = reporting_iso2 if code == REPORTING else code
        return code, repaired, "repaired" if repaired != label else "read"
    code = iso3166.lookup(label) if "\ufffd" not in label else None
    if code:
        return code, label, "read"
    return UNMAPPED, label, "unmapped"


def read_value(text):
    """``(value, censored)`` of a published value ("12", "2,020", "<5"), or None."""
    text = text.strip()
    found = _CENSORED.match(text)
    if found:
        return int(found.group(1)), True
    if _COUNT.match(text):
        return int(text.replace(",", "")), False
    return None


@dataclass
class Parsed:
    """A checked file: the figures to write and what the check found."""

    figures: list
    rows: int
    skipped: Counter  # ISO alpha-3 of a country that is not a member -> rows
    repaired: int
    unmapped: list  # Problem of each label that could not be mapped


def _columns(headers):
    """{column: index} of the columns the importer reads; problems for those missing."""
    found = {header.strip().casefold(): i for i, header in enumerate(headers)}
    index, problems = {}, []
    for column in (*REQUIRED, UNIT):
        if column.casefold() in found:
            index[column] = found[column.casefold()]
        elif column in REQUIRED:
            problems.append(
                Problem(
                    message=_("The column “%(column)s” is missing: is this a GLOTIP file?")
                    % {"column": column}
                )
            )
    return index, problems


def parse(content, filename, *, today=None):
    """The figures of a GLOTIP file (its source left unset), or ``GlotipFileError`` with
    every problem."""
    headers, rows = read_table(content, filename, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    index, problems = _columns(headers)
    if problems:
        raise GlotipFileError(problems)
    last_year = (today or timezone.localdate()).year
    members = {c.iso3: c for c in Country.objects.members().active()}
    figures, skipped, unmapped, repaired = [], Counter(), [], 0

    for number, cells in rows:

        def cell(column, cells=cells):
            i = index.get(column)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        def wrong(column, message, number=number):
            problems.append(Problem(number, column, message))

        iso3 = cell(COUNTRY).upper()
        country = members.get(iso3)
        if country is None:
            if pycountry.countries.get(alpha_3=iso3) is None:
                wrong(
                    COUNTRY,
                    _("“%(value)s” is not an ISO 3166 alpha-3 country code.")
                    % {"value": iso3[:20]},
                )
            else:
                skipped[iso3] += 1
            continue
        fields = {}
        for column, values in (
            (INDICATOR, INDICATORS),
            (DIMENSION, DIMENSIONS),
            (SEX, SEXES),
            (AGE, AGES),
        ):
            fields[column] = values.get(cell(column).casefold())
            if fields[column] is None:
                wrong(
                    column,
                    _("“%(value)s” is not one of GLOTIP's values (%(values)s).")
                    % {"value": cell(column)[:60], "values": ", ".join(_published(values))},
                )
        year = cell(YEAR)
        if not (year.isdigit() and FIRST_YEAR <= int(year) <= last_year):
            wrong(
                YEAR,
                _("“%(value)s” is not a year between %(first)s and %(last)s.")
                % {"value": year[:20], "first": FIRST_YEAR, "last": last_year},
            )
        unit = cell(UNIT)
        if UNIT in index and unit.casefold() != "counts":
            wrong(UNIT, _("Only counts can be imported, not “%(value)s”.") % {"value": unit[:40]})
        value = read_value(cell(VALUE))
        if value is None:
            wrong(
                VALUE,
                _("“%(value)s” is not a count (a whole number, or <5).")
                % {"value": cell(VALUE)[:20]},
            )
        if None in fields.values() or value is None or not year.isdigit():
            continue
        code, label, how = read_category(fields[DIMENSION], cell(CATEGORY), country.iso2)
        if how == "repaired":
            repaired += 1
        elif how == "unmapped":
            unmapped.append(
                Problem(
                    number,
                    CATEGORY,
                    _("“%(label)s” is not in the reviewed mapping: imported as published.")
                    % {"label": label[:100]}
                    if label
                    else _("The category is empty: imported as published."),
                )
            )
        figures.append(
            Figure(
                country=country,
                year=int(year),
                indicator=fields[INDICATOR],
                dimension=fields[DIMENSION],
                category=code,
                category_label=label[:200],
                sex=fields[SEX],
                age=fields[AGE],
                value=value[0],
                censored=value[1],
            )
        )
    if problems:
        raise GlotipFileError(problems)
    return Parsed(figures, len(rows), skipped, repaired, unmapped)


def _published(values):
    """GLOTIP's own spelling of each accepted value, for messages."""
    return [key[0].upper() + key[1:] for key in values]


def import_release(
    content, filename, released, *, user=None, request=None, actor_repr=None, today=None
):
    """Import a GLOTIP file as the source "GLOTIP, release DATE" in one transaction (an
    earlier import of the same release is replaced); ``GlotipFileError`` when refused."""
    if released > (today or timezone.localdate()):
        raise GlotipFileError([Problem(message=_("The release date cannot be in the future."))])
    parsed = parse(content, filename, today=today)
    sha256 = hashlib.sha256(content).hexdigest()
    result = ImportResult(
        RESULT_LINE,
        rows=parsed.rows,
        imported=len(parsed.figures),
        censored=sum(1 for f in parsed.figures if f.censored),
        repaired=parsed.repaired,
        unmapped=len(parsed.unmapped),
        skipped=sum(parsed.skipped.values()),
        replaced=0,
    )
    result.notices = list(parsed.unmapped)
    for iso3, n in sorted(parsed.skipped.items()):
        result.notices.append(
            Problem(
                message=_("%(n)s rows of %(code)s skipped: not a member country.")
                % {"n": n, "code": iso3}
            )
        )
    with transaction.atomic():
        source = Source.objects.filter(name=source_name(released)).first()
        before = None
        if source is not None:
            if source.kind != SourceKind.GLOTIP:
                raise GlotipFileError([Problem(message=_("That name belongs to another source."))])
            before = {"file": source.file_name, "sha256": source.file_sha256}
            result.counts["replaced"], _deleted = source.figures.all().delete()
        else:
            source = Source(kind=SourceKind.GLOTIP, name=source_name(released))
        source.released = released
        source.file_name = Path(filename).name[:255]
        source.file_sha256 = sha256
        source.imported_by = user if user is not None and user.is_authenticated else None
        source.save()
        for figure in parsed.figures:
            figure.source = source
        Figure.objects.bulk_create(parsed.figures, batch_size=2000)
        audit.record(
            request,
            AuditAction.IMPORT,
            source,
            actor=user,
            actor_repr=actor_repr,
            before=before,
            after={
                "file": source.file_name,
                "sha256": sha256,
                **result.summary(),
                "unmapped": [str(p) for p in parsed.unmapped[:50]],
                "skipped_countries": dict(parsed.skipped),
            },
        )
    result.records = [source]
    return result


def import_extract(actor_repr="system:demo"):
    """Import the shipped regional extract as "GLOTIP, release 2023-05-30"."""
    return import_release(
        EXTRACT_FILE.read_bytes(), EXTRACT_FILE.name, EXTRACT_RELEASED, actor_repr=actor_repr
    )
