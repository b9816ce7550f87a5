"""What a sharing agreement shares, and the package that carries it.

The statistics of the countries an agreement covers, from the national records (the
``Figure`` rows kept current from the sentences), for the years each country has approved
only, through disclosure control (``lib.disclosure.protect``): the same rows make the page
a partner reads, the CSV and XLSX files of the package, and nothing else leaves.

Disclosure control sees all the tables of one population together: for a country and year,
persons prosecuted and persons convicted (convicted persons are some of those prosecuted:
their difference, the acquitted, must not give a hidden cell back) by sex and age, by
citizenship and by form of exploitation, in one ``protect`` call; the victims in another.
``protect`` needs the finest cells (*atoms*); the statistics table keeps the margins only,
so the atoms are the cells of sex x age x citizenship x form (x outcome) with counts
filled in to agree with every margin. What the suppression decides depends only on the
figures' values and on which atoms each one sums, so any such filling decides the same.
"""

import csv
import datetime
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass

import openpyxl
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from coalition.core import audit
from coalition.core.approvals import approved_years
from coalition.core.choices import AuditAction
from coalition.core.models import Country
from coalition.lib import disclosure, iso3166, sharepack
from coalition.lib.spreadsheets import HEADER_FILL, put_cell
from coalition.sentences.choices import TOTAL_CATEGORY as TOTAL
from coalition.sentences.choices import (
    Dimension,
    Exploitation,
    FigureAge,
    FigureSex,
    Indicator,
    SourceKind,
)
from coalition.sentences.models import APPROVAL_KIND, Figure, SharePackage

SEXES = [FigureSex.FEMALE, FigureSex.MALE, FigureSex.OTHER, FigureSex.UNKNOWN]
AGES = [FigureAge.MINOR, FigureAge.ADULT, FigureAge.UNKNOWN]
# Defendants of sentences that state no form of exploitation: counted in the totals, and
# published as a category of their own, so that the forms add up to the total and the
# difference tells nothing that disclosure control did not see.
UNSTATED = "unstated"
# The populations protected together: each layer is a set of persons, and each indicator
# counts the persons of some layers (the prosecuted are the convicted and the acquitted).
POPULATIONS = [
    {Indicator.PROSECUTED: ("convicted", "acquitted"), Indicator.CONVICTED: ("convicted",)},
    {Indicator.VICTIMS: ("victims",)},
]
INDICATOR_ORDER = [Indicator.PROSECUTED, Indicator.CONVICTED, Indicator.VICTIMS]


@dataclass(frozen=True)
class Row:
    """One published figure: where it belongs, and how it may be shown."""

    country: Country
    year: int
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    shown: disclosure.Shown

    @property
    def sex_label(self):
        return _label(FigureSex, self.sex)

    @property
    def category_label(self):
        if self.dimension == Dimension.CITIZENSHIP:
            return iso3166.name(self.category)
        if self.dimension == Dimension.EXPLOITATION:
            if self.category == UNSTATED:
                return _("Form not stated")
            return _label(Exploitation, self.category)
        return _("Total")


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- the figures ---------------------------------------------------------------------------


def covered_countries(agreement):
    return [row.country for row in agreement.coverage.select_related("country")]


def shared_years(agreement):
    """{country: [years]} of the approved years of the countries the agreement covers."""
    countries = {c.pk: c for c in covered_countries(agreement)}
    years = defaultdict(list)
    for country_id, year in sorted(approved_years(APPROVAL_KIND, list(countries))):
        years[countries[country_id]].append(year)
    return dict(years)


def shared_rows(agreement, k=None):
    """Every figure the agreement shares, protected, in the order of the tables."""
    years = shared_years(agreement)
    wanted = {(country.pk, year) for country, year_list in years.items() for year in year_list}
    values = defaultdict(dict)
    figures = Figure.objects.filter(
        source__kind=SourceKind.NATIONAL,
        country_id__in=[c.pk for c in years],
        year__in={year for _c, year in wanted} or [0],
        indicator__in=INDICATOR_ORDER,
    ).values_list("country_id", "year", "indicator", "dimension", "category", "sex", "age", "value")
    for country_id, year, *key, value in figures:
        if (country_id, year) in wanted:
            values[(country_id, year)][tuple(key)] = value
    rows = []
    for country, year_list in sorted(years.items(), key=lambda item: item[0].iso2):
        for year in year_list:
            for population in POPULATIONS:
                rows += _protected(country, year, population, values[(country.pk, year)], k)
    order = {indicator: n for n, indicator in enumerate(INDICATOR_ORDER)}
    return sorted(rows, key=lambda r: (r.country.iso2, r.year, order[r.indicator]))


def _margins(values, indicator):
    """(cells by (sex, age), counts by citizenship, counts by form) of one indicator."""
    cells = {
        (sex, age): values.get((indicator, Dimension.TOTAL, TOTAL, sex, age), 0)
        for sex in SEXES
        for age in AGES
    }
    by = {Dimension.CITIZENSHIP: {}, Dimension.EXPLOITATION: {}}
    for (ind, dimension, category, sex, age), value in values.items():
        if ind == indicator and dimension in by and sex == TOTAL and age == TOTAL:
            by[dimension][category] = value
    return cells, by[Dimension.CITIZENSHIP], by[Dimension.EXPLOITATION]


def _subtract(left, right):
    return {key: left.get(key, 0) - right.get(key, 0) for key in set(left) | set(right)}


def _layers(population, values):
    """{layer: margins}: a layer that is not an indicator's own (the acquitted) is the
    difference of the indicators' margins."""
    own = {layers[0]: indicator for indicator, layers in population.items() if len(layers) == 1}
    margins = {layer: _margins(values, indicator) for layer, indicator in own.items()}
    for indicator, layers in population.items():
        missing = [layer for layer in layers if layer not in margins]
        if missing:
            whole = _margins(values, indicator)
            (layer,) = missing
            parts = [margins[other] for other in layers if other != layer]
            margins[layer] = tuple(
                _subtract(whole[n], parts[0][n]) if parts else whole[n] for n in range(3)
            )
    return margins


def _fill(first, second):
    """Cells of a two-way table with these margins (equal totals): the north-west corner
    rule, which needs no search and gives whole numbers."""
    first = [(key, n) for key, n in first if n]
    second = [(key, n) for key, n in second if n]
    cells = defaultdict(int)
    i = j = 0
    left = first[0][1] if first else 0
    right = second[0][1] if second else 0
    while i < len(first) and j < len(second):
        step = min(left, right)
        cells[(first[i][0], second[j][0])] += step
        left, right = left - step, right - step
        if not left:
            i += 1
            left = first[i][1] if i < len(first) else 0
        if not right:
            j += 1
            right = second[j][1] if j < len(second) else 0
    return cells


def _with_unstated(margins):
    """The margins with the persons of no stated form as the form ``UNSTATED``."""
    cells, by_citizenship, by_form = margins
    total = sum(cells.values())
    unstated = total - sum(by_form.values())
    if sum(by_citizenship.values()) != total or unstated < 0:
        raise ValueError("The statistics do not add up: they need a refresh (refresh_all).")
    if any(n < 0 for part in margins for n in part.values()):
        raise ValueError("The statistics are negative: they need a refresh (refresh_all).")
    return cells, by_citizenship, {**by_form, UNSTATED: unstated} if unstated else by_form


def _atoms(layer, margins, citizenships, forms):
    """The finest cells of one layer, (layer, sex, age, citizenship, form): counts that
    agree with the layer's three margins (whose forms add up to its total)."""
    cells, by_citizenship, by_form = margins
    two = _fill(list(cells.items()), list(by_citizenship.items()))
    three = _fill(list(two.items()), list(by_form.items()))
    atoms = {
        (layer, sex, age, citizenship, form): 0
        for sex in SEXES
        for age in AGES
        for citizenship in citizenships
        for form in forms
    }
    for (((sex, age), citizenship), form), n in three.items():
        atoms[(layer, sex, age, citizenship, form)] += n
    return atoms


def _protected(country, year, population, values, k):
    """The rows of one population's tables for a country and year, protected together."""
    indicators = list(population)
    if not any(values.get((i, Dimension.TOTAL, TOTAL, TOTAL, TOTAL)) for i in indicators):
        return []
    margins = {layer: _with_unstated(m) for layer, m in _layers(population, values).items()}
    citizenships = sorted({c for m in margins.values() for c, n in m[1].items() if n})
    forms = sorted({f for m in margins.values() for f, n in m[2].items() if n})
    atoms = {}
    for layer, layer_margins in margins.items():
        atoms.update(_atoms(layer, layer_margins, citizenships or ["XX"], forms))

    def summing(layers, sex=None, age=None, citizenship=None, form=None):
        return [
            atom
            for atom in atoms
            if atom[0] in layers
            and (sex is None or atom[1] == sex)
            and (age is None or atom[2] == age)
            and (citizenship is None or atom[3] == citizenship)
            and (form is None or atom[4] == form)
        ]

    figures = {}
    for indicator, layers in population.items():
        for sex in [TOTAL, *SEXES]:
            for age in [TOTAL, *AGES]:
                key = (indicator, Dimension.TOTAL, TOTAL, sex, age)
                figures[key] = summing(
                    layers, None if sex == TOTAL else sex, None if age == TOTAL else age
                )
        for citizenship in citizenships:
            key = (indicator, Dimension.CITIZENSHIP, citizenship, TOTAL, TOTAL)
            figures[key] = summing(layers, citizenship=citizenship)
        for form in forms:
            key = (indicator, Dimension.EXPLOITATION, form, TOTAL, TOTAL)
            figures[key] = summing(layers, form=form)
    shown = disclosure.protect(atoms, figures, k)
    return [Row(country, year, *key, shown[key]) for key in figures]


# --- the files -----------------------------------------------------------------------------


def headers():
    return [
        _("Country (ISO)"),
        _("Country"),
        _("Year"),
        _("Indicator"),
        _("Dimension"),
        _("Category (code)"),
        _("Category"),
        _("Sex"),
        _("Age"),
        _("Value"),
    ]


def cells(row):
    """A row's values as the files write them: the value as shown (``<5``, ``x``)."""
    return [
        row.country.iso2,
        row.country.name,
        row.year,
        _label(Indicator, row.indicator),
        _label(Dimension, row.dimension),
        row.category,
        row.category_label,
        _label(FigureSex, row.sex),
        _label(FigureAge, row.age),
        row.shown.value if not row.shown.suppressed else str(row.shown),
    ]


def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow(cells(row))
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Statistics")[:31]
    for col, header in enumerate(headers(), start=1):
        cell = put_cell(sheet, 1, col, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = 28 if col in (4, 7) else 14
    for number, row in enumerate(rows, start=2):
        for col, value in enumerate(cells(row), start=1):
            put_cell(sheet, number, col, value)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def readme(agreement, years, k, expires):
    lines = [
        _("Share package of sharing agreement %(reference)s") % {"reference": agreement.reference},
        "",
        _("Partner: %(partner)s") % {"partner": agreement.partner},
        _("Purpose: %(purpose)s") % {"purpose": agreement.purpose},
        _("Valid from %(start)s to %(end)s")
        % {"start": agreement.valid_from.isoformat(), "end": agreement.valid_to.isoformat()},
        _("Available for download until %(moment)s (UTC)")
        % {"moment": expires.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M")},
        "",
        _("Years included (approved by each country):"),
    ]
    for country in covered_countries(agreement):
        shown = ", ".join(map(str, years.get(country, []))) or _("none approved yet")
        lines.append(f"  {country.iso2} {country.name}: {shown}")
    lines += [
        "",
        _(
            "Aggregate statistics of final court sentences from the national records, under "
            "disclosure control: “<%(k)s” is a count from 1 to %(below)s; “x” is hidden so "
            "that a small count cannot be worked out from the totals, and a total that "
            "includes a hidden figure is not shown exactly either."
        )
        % {"k": k, "below": k - 1},
        "",
        _(
            "statistics.csv and statistics.xlsx hold the same figures. manifest.json lists "
            "each file's SHA-256 and size; manifest.sig is its Ed25519 signature by the "
            "coalition's key, whose public half is published on the sharing page. Check the "
            "package with: coalition verify_share PACKAGE --public-key public-key.pem, or "
            "openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json "
            "-sigfile manifest.sig (then compare the files' SHA-256 with the manifest)."
        ),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def file_name(package):
    suffix = ".zip.age" if package.encrypted else ".zip"
    return f"share-{package.agreement.reference}-{package.created:%Y%m%d-%H%M%S}{suffix}"


# --- the package ---------------------------------------------------------------------------


def generate(request, agreement):
    """A new package of what ``agreement`` shares, signed, encrypted to the partner's age
    key when it has one, stored privately and audited. The caller checked the agreement is
    valid and the user its partner's."""
    k = disclosure.min_count()
    rows = shared_rows(agreement, k)
    years = shared_years(agreement)
    now = timezone.now()
    expires = now + datetime.timedelta(days=settings.SHARE_PACKAGE_DAYS)
    files = {
        "README.txt": readme(agreement, years, k, expires),
        "statistics.csv": csv_bytes(rows),
        "statistics.xlsx": xlsx_bytes(rows),
    }
    content = sharepack.build(
        files,
        private_key=sharepack.signing_key(),
        agreement=agreement.reference,
        created=now,
        expires=expires,
        recipient=agreement.age_recipient or None,
    )
    package = SharePackage(
        agreement=agreement,
        created_by=request.user,
        created=now,
        expires=expires,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        encrypted=bool(agreement.age_recipient),
    )
    with transaction.atomic():
        package.file.save(file_name(package), ContentFile(content), save=False)
        package.save()
        audit.record(
            request,
            AuditAction.EXPORT,
            package,
            after={
                "event": "share package generated",
                "agreement": agreement.reference,
                "sha256": package.sha256,
                "size": package.size,
                "encrypted": package.encrypted,
                "years": {c.iso2: y for c, y in years.items()},
                "figures": len(rows),
                "expires": package.expires,
            },
        )
    return package
