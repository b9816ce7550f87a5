"""What a sharing agreement shares, and the package that carries it.

The statistics of the countries an agreement covers, from the national records (the
``Figure`` rows kept current from the sentences), for the years each country has approved
only, as every output outside a country shows them: protected once per country and year by
``statistics.tables.protected_figures`` (persons prosecuted and convicted together, with the
acquitted as a layer of their own; victims apart). The same rows make the page a partner
reads and the CSV and XLSX files of the package, and they are the figures the statistics
page shows that partner, so comparing the two gives no hidden cell back.
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
)
from coalition.sentences.models import APPROVAL_KIND, SharePackage, Source
from coalition.sentences.statistics.counts import Count
from coalition.sentences.statistics.tables import UNRECORDED, protected_figures

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
    shown: Count

    @property
    def sex_label(self):
        return _label(FigureSex, self.sex)

    @property
    def category_label(self):
        if self.dimension == Dimension.CITIZENSHIP:
            return iso3166.name(self.category)
        if self.dimension == Dimension.EXPLOITATION:
            if self.category == UNRECORDED:
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


def _figure(indicator, part):
    """(dimension, category, sex, age) of a protected figure's part."""
    if part[0] == "total":
        return Dimension.TOTAL, TOTAL, TOTAL, TOTAL
    if part[0] == "sex":
        return Dimension.TOTAL, TOTAL, part[1], TOTAL
    if part[0] == "age":
        return Dimension.TOTAL, TOTAL, TOTAL, part[1]
    if part[0] == "cell":
        return Dimension.TOTAL, TOTAL, part[1], part[2]
    return part[0], part[1], TOTAL, TOTAL


def shared_rows(agreement):
    """Every figure the agreement shares, in the order of the tables: the covered countries'
    approved years, protected as every output outside a country protects them
    (``statistics.tables.protected_figures``: a partner comparing a package with the
    statistics page finds the same figures hidden). A figure that is not listed is zero."""
    years = shared_years(agreement)
    countries = {country.pk: country for country in years}
    wanted = {(country.pk, year) for country, year_list in years.items() for year in year_list}
    figures = protected_figures(Source.national(), set(countries))
    rows = []
    for (_c, country_id, year, indicator, *part), (low, high, hidden) in figures.items():
        if (country_id, year) not in wanted or indicator not in INDICATOR_ORDER:
            continue
        shown = Count(low, None if high == float("inf") else high, hidden)
        rows.append(Row(countries[country_id], year, indicator, *_figure(indicator, part), shown))
    order = {indicator: n for n, indicator in enumerate(INDICATOR_ORDER)}
    dimensions = {dimension: n for n, dimension in enumerate(Dimension.values)}
    return sorted(
        rows,
        key=lambda r: (
            r.country.iso2,
            r.year,
            order[r.indicator],
            dimensions.get(r.dimension, 9),
            r.category,
            r.sex,
            r.age,
        ),
    )


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
        row.shown.value if row.shown.is_exact else str(row.shown),
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
    rows = shared_rows(agreement)
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
