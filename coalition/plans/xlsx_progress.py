"""The sheet "Progress" of a plan's workbook: each country's progress per product
(deliverable), and back.

**Export.** One row per activity × product × country (an activity without products: one
row per country, the product cell empty), in the language asked: objective, activity
reference and title, product, country code and name, status (its label), percent, the
note on the product, the activity's narrative and next steps, the last update and the
activity's computed status. Only what the user may read (``access.restrict``): every
activity and product of the countries the user reads (a product never reported reads
"not started"), and the rows of other countries the user is allowed to see.

**Import.** The same sheet read back changes the progress of the countries the importer
may edit: status (its label in Spanish or English, or its code), percent, note,
narrative and next steps. The other columns are there to read. Rows that change nothing
write nothing (a country the importer only reads may stay in the file); a row that would
change a country the importer may not edit, or a country whose report is submitted or
approved (``progress.ensure_unlocked``), refuses the whole import. Each activity that
changes gets its status recomputed (``progress.refresh``), a ``ProgressRevision`` and an
audit entry. Every problem names the sheet, row and column.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.core.models import Country
from coalition.lib import limits
from coalition.lib.imports import PLACE, Problem
from coalition.lib.spreadsheets import BORDER, HEADER_FILL, WRAP, cell_text, put_cell
from coalition.lib.text import fold
from coalition.plans import progress as plan_progress
from coalition.plans.choices import ProgressStatus
from coalition.plans.models import (
    ProductProgress,
    Progress,
    ProgressRevision,
    progress_errors,
)

MAX_ROWS = 20000
MAX_COLUMNS = 40
# The sheet's name in each language; either is read back.
SHEET_TITLE = gettext_lazy("Progress")
LANGUAGES = ("es", "en")

# The columns, in order: key, header, width, and whether an import reads it.
COLUMNS = [
    ("objective", gettext_lazy("Objective"), 28, False),
    ("ref", gettext_lazy("Activity ref."), 10, True),
    ("activity", gettext_lazy("Activity"), 40, False),
    ("product", gettext_lazy("Product"), 40, True),
    ("country_code", gettext_lazy("Country code"), 10, True),
    ("country", gettext_lazy("Country"), 18, False),
    ("status", gettext_lazy("Status"), 16, True),
    ("percent", gettext_lazy("Percent done"), 10, True),
    ("note", gettext_lazy("Note on the product"), 36, True),
    ("narrative", gettext_lazy("Narrative of the activity"), 44, True),
    ("next_steps", gettext_lazy("Next steps"), 36, True),
    ("updated", gettext_lazy("Last update"), 17, False),
    ("activity_status", gettext_lazy("Activity's status (computed)"), 18, False),
    ("activity_percent", gettext_lazy("Activity's percent (computed)"), 12, False),
]
REQUIRED = ("ref", "product", "country_code", "status", "percent")
EDITABLE_FILL_COLOR = "FFF4CC"
PERCENT_TEXT = re.compile(r"^\s*(\d+(?:[.,]0+)?)\s*%?\s*$")


def _in_languages(text):
    out = set()
    for lang in LANGUAGES:
        with translation.override(lang):
            out.add(fold(str(text)))
    return out


def progress_sheet_names():
    """The folded names the sheet may carry: "avance", "progress"."""
    return _in_languages(SHEET_TITLE)


def _header_keys():
    keys = {}
    for key, header, _width, _read in COLUMNS:
        for text in _in_languages(header):
            keys[text] = key
    keys.update({"ref": "ref", "ref.": "ref", "code": "country_code", "%": "percent"})
    return keys


def status_of(text):
    """The status a cell names: its label in Spanish or English, or its code; None if
    none."""
    folded = fold(text).replace("_", " ")
    for status in ProgressStatus:
        if folded == fold(status.value).replace("_", " ") or folded in _in_languages(status.label):
            return status.value
    return None


# --- export --------------------------------------------------------------------------------


def _countries(user, progress_rows):
    """The countries whose every activity is listed (those the user reads) and, apart,
    those of the other rows the user may see."""
    ids = access.visible_country_ids(user)
    countries = Country.objects.active()
    full = list(countries if ids is None else countries.filter(pk__in=ids))
    full_ids = {c.pk for c in full}
    others = {p.country_id: p.country for p in progress_rows if p.country_id not in full_ids}
    ordered = sorted([*full, *others.values()], key=lambda c: (not c.is_regional, c.iso2))
    return ordered, full_ids


def progress_rows(plan, user, activities):
    """The rows of the sheet for ``user``, as dicts of column key -> value (in the active
    language)."""
    progress = list(
        access.restrict(Progress.objects.filter(activity__plan=plan), user).select_related(
            "country"
        )
    )
    product_rows = {
        (row.progress_id, row.product_id): row
        for row in access.restrict(
            ProductProgress.objects.filter(progress__activity__plan=plan), user
        )
    }
    by_key = {(p.activity_id, p.country_id): p for p in progress}
    countries, full_ids = _countries(user, progress)
    status_label = dict(ProgressStatus.choices)
    rows = []
    for activity in activities:
        objective = activity.objective
        products = plan_progress.products_of(activity)
        for product in products or [None]:
            for country in countries:
                own = by_key.get((activity.pk, country.pk))
                if own is None and country.pk not in full_ids:
                    continue
                if product is None:
                    entry = own
                else:
                    entry = product_rows.get((own.pk, product.pk)) if own else None
                status = entry.status if entry else ProgressStatus.NOT_STARTED
                rows.append(
                    {
                        "objective": f"{objective.numeral}. {objective.title}",
                        "ref": activity.ref,
                        "activity": activity.title,
                        "product": product.text if product else "",
                        "country_code": country.iso2,
                        "country": country.name,
                        "status": str(status_label[status]),
                        "percent": entry.percent if entry else 0,
                        "note": getattr(entry, "note", "") if product else "",
                        "narrative": own.narrative if own else "",
                        "next_steps": own.next_steps if own else "",
                        "updated": entry.updated if entry else None,
                        "activity_status": str(
                            status_label[own.status if own else ProgressStatus.NOT_STARTED]
                        ),
                        "activity_percent": own.percent if own else 0,
                    }
                )
    return rows


def write_progress_sheet(book, plan, user, activities):
    """Add the sheet "Progress" (in the active language) to ``book``."""
    sheet = book.create_sheet(str(SHEET_TITLE)[:31])
    editable_fill = PatternFill("solid", fgColor=EDITABLE_FILL_COLOR)
    for col, (_key, header, width, read) in enumerate(COLUMNS, start=1):
        cell = put_cell(sheet, 1, col, str(header))
        cell.font = Font(bold=True)
        cell.fill = editable_fill if read else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(col)].width = width
    rows = progress_rows(plan, user, activities)
    for row, values in enumerate(rows, start=2):
        for col, (key, _header, _width, _read) in enumerate(COLUMNS, start=1):
            value = values[key]
            cell = put_cell(sheet, row, col, "" if value is None else value)
            cell.alignment = WRAP
            cell.border = BORDER
    last = len(rows) + 1
    sheet.freeze_panes = "E2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    if rows:
        keys = [key for key, *_rest in COLUMNS]
        labels = ",".join(str(label) for _value, label in ProgressStatus.choices)
        status_col = get_column_letter(keys.index("status") + 1)
        percent_col = get_column_letter(keys.index("percent") + 1)
        choose = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=False)
        choose.add(f"{status_col}2:{status_col}{last}")
        percent = DataValidation(
            type="whole", operator="between", formula1="0", formula2="100", allow_blank=True
        )
        percent.add(f"{percent_col}2:{percent_col}{last}")
        sheet.add_data_validation(choose)
        sheet.add_data_validation(percent)
    return sheet


# --- import --------------------------------------------------------------------------------


@dataclass
class _Row:
    """One row of the sheet, read and checked."""

    number: int
    activity: object
    product: object  # ActivityItem, or None for an activity without products
    country: object
    status: str
    percent: int
    texts: dict  # "note", "narrative", "next_steps" present in the sheet -> text


@dataclass
class Change:
    """What the import changes of one country's progress on one activity."""

    activity: object
    country: object
    progress: object  # the row as it is, or None
    products: dict = field(default_factory=dict)  # product -> (status, percent, note)
    own: dict = field(default_factory=dict)  # Progress fields -> new value
    first_row: int = 0


@dataclass
class ProgressImport:
    """The outcome of reading (and then writing) the sheet."""

    changes: list = field(default_factory=list)
    rows: int = 0

    @property
    def activities(self):
        return len(self.changes)

    @property
    def countries(self):
        return sorted({c.country.name for c in self.changes})


class _Reader:
    def __init__(self, sheet, plan, user):
        self.sheet = sheet
        self.plan = plan
        self.user = user
        self.problems = []
        self.columns = {}

    def problem(self, row, key, message):
        if key in self.columns:
            header = cell_text(self.sheet.cell(1, self.columns[key]).value)
            where = f"{self.sheet.title}!{get_column_letter(self.columns[key])}{row} ({header})"
        else:
            where = f"{self.sheet.title}!{row}"
        self.problems.append(Problem(message=message, where=where, unit=PLACE))

    def header(self):
        keys = _header_keys()
        for col in range(1, min(self.sheet.max_column, MAX_COLUMNS) + 1):
            key = keys.get(fold(cell_text(self.sheet.cell(1, col).value)).rstrip(":"))
            if key and key not in self.columns:
                self.columns[key] = col
        missing = [str(dict((k, h) for k, h, *_r in COLUMNS)[k]) for k in REQUIRED]
        missing = [h for k, h in zip(REQUIRED, missing, strict=True) if k not in self.columns]
        for header in missing:
            self.problems.append(
                Problem(
                    message=_("no column “%(header)s” in the first row") % {"header": header},
                    where=self.sheet.title,
                    unit=PLACE,
                )
            )
        return not missing

    def value(self, row, key):
        col = self.columns.get(key)
        return cell_text(self.sheet.cell(row, col).value).strip() if col else ""

    def read(self):
        """The checked rows of the sheet."""
        if not self.header():
            return []
        activities = {fold(a.ref): a for a in self.plan.activities.prefetch_related("items").all()}
        countries = {c.iso2: c for c in Country.objects.all()}
        seen = {}
        rows = []
        last = self.sheet.max_row
        if last > MAX_ROWS + 1:
            self.problem(last, "", _("more than %(n)d rows") % {"n": MAX_ROWS})
            return []
        for number in range(2, last + 1):
            values = {key: self.value(number, key) for key in self.columns}
            if not any(values.values()):
                continue
            found = self.row(number, values, activities, countries)
            if found is None:
                continue
            key = (found.activity.pk, getattr(found.product, "pk", None), found.country.pk)
            if key in seen:
                self.problem(
                    number,
                    "product" if found.product else "ref",
                    _("the same product and country as row %(row)d") % {"row": seen[key]},
                )
                continue
            seen[key] = number
            rows.append(found)
        return rows

    def row(self, number, values, activities, countries):
        ok = True
        activity = activities.get(fold(values["ref"]))
        if activity is None:
            message = (
                _("no activity “%(ref)s” in this plan") % {"ref": values["ref"]}
                if values["ref"]
                else _("the activity's reference is missing")
            )
            self.problem(number, "ref", message)
            return None
        product = None
        products = plan_progress.products_of(activity)
        text = fold(values["product"])
        if products:
            product = next(
                (p for p in products if text and text in (fold(p.text_es), fold(p.text_en))),
                None,
            )
            if product is None:
                ok = False
                if text:
                    message = _("activity %(ref)s has no product “%(product)s”") % {
                        "ref": activity.ref,
                        "product": values["product"],
                    }
                else:
                    message = _(
                        "activity %(ref)s has products: name the product, as in the sheet “Plan”"
                    ) % {"ref": activity.ref}
                self.problem(number, "product", message)
        elif text:
            ok = False
            self.problem(
                number,
                "product",
                _("activity %(ref)s has no products: leave the product empty")
                % {"ref": activity.ref},
            )
        country = countries.get(values["country_code"].upper())
        if country is None:
            ok = False
            self.problem(
                number,
                "country_code",
                _("unknown country code “%(code)s”") % {"code": values["country_code"]}
                if values["country_code"]
                else _("the country code is missing"),
            )
        status = status_of(values["status"])
        if status is None:
            ok = False
            labels = ", ".join(str(label) for _v, label in ProgressStatus.choices)
            self.problem(
                number,
                "status",
                _("unknown status “%(status)s”: write one of %(labels)s")
                % {"status": values["status"], "labels": labels},
            )
        percent = self.percent(number, values["percent"], status)
        if percent is None:
            ok = False
        elif status is not None:
            for message in progress_errors(status, percent).values():
                ok = False
                self.problem(number, "percent", message)
        texts = {}
        for key, limit in (
            ("note", limits.SUMMARY),
            ("narrative", limits.NARRATIVE),
            ("next_steps", limits.SUMMARY),
        ):
            if key not in self.columns:
                continue
            text = cell_text(self.sheet.cell(number, self.columns[key]).value).strip()
            if len(text) > limit:
                ok = False
                self.problem(
                    number,
                    key,
                    _("at most %(limit)d characters (this one has %(n)d)")
                    % {"limit": limit, "n": len(text)},
                )
            texts[key] = text
        if ok and product is None and texts.get("note"):
            ok = False
            self.problem(
                number,
                "note",
                _("activity %(ref)s has no products: write the note in the narrative")
                % {"ref": activity.ref},
            )
        if not ok:
            return None
        return _Row(number, activity, product, country, status, percent, texts)

    def percent(self, number, text, status):
        if not text:
            return 100 if status == ProgressStatus.DONE else 0
        match = PERCENT_TEXT.match(text)
        value = int(float(match.group(1).replace(",", "."))) if match else None
        if value is None or value > 100:
            self.problem(
                number,
                "percent",
                _("“%(value)s” is not a whole number from 0 to 100") % {"value": text},
            )
            return None
        return value


def same_text(a, b):
    """The same text as a cell keeps it: line ends and surrounding blanks aside (a form
    saves "\r\n", a workbook gives "\n" back)."""
    return cell_text(a or "").strip() == cell_text(b or "").strip()


def _narrative(reader, rows, key, current):
    """The new value of the activity's ``key`` (narrative, next steps) from its rows: the
    one that differs from ``current`` (the rows repeat it; one cell changed is enough)."""
    found = {}
    for row in rows:
        if key in row.texts and not same_text(row.texts[key], current):
            found.setdefault(row.texts[key], row.number)
    if len(found) > 1:
        (_first, first_row), (_second, second_row) = list(found.items())[:2]
        reader.problem(
            second_row,
            key,
            _("differs from row %(row)d: the rows of one activity and country carry the same text")
            % {"row": first_row},
        )
        return current
    return next(iter(found), current)


def read_progress(sheet, plan, user):
    """The changes the sheet makes for ``user`` -> ``(ProgressImport, problems)``."""
    reader = _Reader(sheet, plan, user)
    rows = reader.read()
    grouped = {}
    for row in rows:
        grouped.setdefault((row.activity.pk, row.country.pk), []).append(row)
    existing = {
        (p.activity_id, p.country_id): p
        for p in Progress.objects.filter(activity__plan=plan).prefetch_related("products")
    }
    editable = access.editable_country_ids(user)
    editable_rows = set(
        access.restrict(Progress.objects.filter(activity__plan=plan), user, "edit").values_list(
            "pk", flat=True
        )
    )
    visible = access.visible_country_ids(user)
    locked = plan_progress.locked_country_ids({c for _a, c in grouped})
    outcome = ProgressImport(rows=len(rows))
    for (activity_id, _country_id), group in grouped.items():
        first = group[0]
        activity, country = first.activity, first.country
        if visible is not None and country.pk not in visible:
            reader.problem(
                first.number,
                "country_code",
                _("you may not change the progress of %(country)s") % {"country": country.name},
            )
            continue
        current = existing.get((activity_id, country.pk))
        change = Change(activity, country, current, first_row=first.number)
        own_rows = {r.product_id: r for r in current.products.all()} if current else {}
        for row in group:
            if row.product is None:
                before = (current.status, current.percent) if current else ("not_started", 0)
                if (row.status, row.percent) != before:
                    change.own.update(status=row.status, percent=row.percent)
                continue
            was = own_rows.get(row.product.pk)
            before = (was.status, was.percent, was.note) if was else ("not_started", 0, "")
            note = row.texts.get("note", before[2])
            after = (row.status, row.percent, note)
            if after[:2] != before[:2] or not same_text(note, before[2]):
                change.products[row.product] = after
        for key in ("narrative", "next_steps"):
            now = getattr(current, key) if current else ""
            new = _narrative(reader, group, key, now)
            if not same_text(new, now):
                change.own[key] = new
        if not (change.products or change.own):
            continue
        number = min(
            [r.number for r in group if r.product in change.products or r.product is None]
            or [first.number]
        )
        may_edit = (editable is None or country.pk in editable) and (
            current is None or current.pk in editable_rows
        )
        if not may_edit:
            reader.problem(
                number,
                "country_code",
                _("you may not change the progress of %(country)s") % {"country": country.name},
            )
        elif country.pk in locked:
            reader.problem(number, "country_code", plan_progress.locked_message(country))
        else:
            change.first_row = number
            outcome.changes.append(change)
    return outcome, reader.problems


def _products_summary(progress):
    return {
        row.product.text_es: {"status": row.status, "percent": row.percent, "note": row.note}
        for row in progress.products.select_related("product")
    }


def apply_progress(outcome, request=None, user=None, actor_repr=None):
    """Write the changes read by ``read_progress`` (inside the caller's transaction, or
    one of its own). A country locked meanwhile refuses them all: ``ValidationError``."""
    user = user or getattr(request, "user", None)
    with transaction.atomic():
        for country in {c.country.pk: c.country for c in outcome.changes}.values():
            plan_progress.ensure_unlocked(country)
        for change in outcome.changes:
            progress = (
                Progress.objects.select_for_update().filter(pk=change.progress.pk).first()
                if change.progress
                else None
            )
            before = None
            if progress is not None:
                before = {**audit.snapshot(progress), "products": _products_summary(progress)}
            else:
                progress = Progress(activity=change.activity, country=change.country)
            for key, value in change.own.items():
                setattr(progress, key, value)
            progress.updated_by = user if getattr(user, "is_authenticated", False) else None
            progress.save()
            plan_progress.set_products(
                progress, [(product, *values) for product, values in change.products.items()]
            )
            ProgressRevision.of(progress, user)
            audit.record(
                request,
                AuditAction.UPDATE if before else AuditAction.CREATE,
                progress,
                actor=user if request is None else None,
                actor_repr=actor_repr,
                before=before,
                after={
                    **audit.snapshot(progress),
                    "products": _products_summary(progress),
                    "source": "workbook",
                },
            )
    return outcome


def find_sheet(book):
    names = progress_sheet_names()
    return next((s for s in book.worksheets if fold(s.title.strip()) in names), None)
