"""A plan as an Excel workbook, in the seed's column layout, and back.

The sheet "Plan" is the plan's table in Spanish: "Objetivos Operativos | Actividades |
Productos | Metas | Fuentes de verificación | Fuente de Financiamiento | Fuentes de Apoyo |
Responsables" (no verification column for an agenda), one row per activity, the objective
("I. TITLE") merged down over its activities, one entry per line in a cell. Two columns
follow the seed's eight: the activity's reference ("Ref.") and, for a plan that continues
another, the reference of the activity it continues ("Continúa"). The sheet "English" is
the same table in English; the sheet "Info" holds the plan's code, name, period...

Reading a workbook turns it into the data that ``loader.load_plan`` takes, so both check
and write the same way; every problem is listed with its sheet, row and column, and
nothing is written unless the whole workbook is right. "English" and "Info" may be
missing (the code then comes from the file name or the caller, English stays empty), the
objective may be merged or repeated on each row, and the header may sit below a title.
"""

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from coalition.lib.imports import PLACE, Problem
from coalition.lib.periods import PeriodError, parse_period
from coalition.lib.spreadsheets import (
    BORDER,
    HEADER_FILL,
    WRAP,
    WorkbookError,
    cell_text,
    open_workbook,
    put_cell,
)
from coalition.lib.text import fold
from coalition.plans.loader import (
    COLUMN_OF_KIND,
    ITEM_COLUMNS,
    PlanDataError,
    clean_line,
    clean_text,
    import_plan_data,
    read,
)
from coalition.plans.xlsx_progress import (
    SHEET_TITLE,
    apply_progress,
    find_sheet,
    progress_sheet_names,
    read_progress,
    write_progress_sheet,
)

MAX_ROWS = 3000
MAX_COLUMNS = 40
PLAN_SHEET, ENGLISH_SHEET, INFO_SHEET = "Plan", "English", "Info"

# The seed's headers, then the two columns that let a workbook come back exactly.
HEADERS = {
    "es": {
        "objective": "Objetivos Operativos",
        "activity": "Actividades",
        "products": "Productos",
        "goals": "Metas",
        "verification": "Fuentes de verificación",
        "funding": "Fuente de Financiamiento",
        "support": "Fuentes de Apoyo",
        "responsible": "Responsables",
        "ref": "Ref.",
        "continues": "Continúa",
    },
    "en": {
        "objective": "Operational objectives",
        "activity": "Activities",
        "products": "Products",
        "goals": "Goals",
        "verification": "Verification sources",
        "funding": "Funding source",
        "support": "Support sources",
        "responsible": "Responsible parties",
        "ref": "Ref.",
        "continues": "Continues",
    },
}
# Other ways people head the same columns.
ALIASES = {
    "objetivo operativo": "objective",
    "objetivos": "objective",
    "objectives": "objective",
    "actividad": "activity",
    "activity": "activity",
    "producto": "products",
    "meta": "goals",
    "deadline": "goals",
    "fuente de verificacion": "verification",
    "fuentes de financiamiento": "funding",
    "financiamiento": "funding",
    "funding sources": "funding",
    "funding": "funding",
    "fuente de apoyo": "support",
    "apoyo": "support",
    "support": "support",
    "responsable": "responsible",
    "responsible": "responsible",
    "ref": "ref",
    "referencia": "ref",
    "reference": "ref",
    "continua": "continues",
    "continua (ref.)": "continues",
}
WIDTHS = {
    "objective": 28,
    "activity": 46,
    "products": 40,
    "goals": 22,
    "verification": 28,
    "funding": 26,
    "support": 28,
    "responsible": 28,
    "ref": 8,
    "continues": 10,
}
# The Info sheet: the plan's fields, in order, with a word on each.
INFO_FIELDS = [
    ("code", "Short code of the plan (letters, digits, hyphens)"),
    ("kind", "plan or agenda"),
    ("name_es", "Name in Spanish"),
    ("name_en", "Name in English"),
    ("subtitle_es", "Subtitle in Spanish"),
    ("subtitle_en", "Subtitle in English"),
    ("period", "Period as written, e.g. 2012 or 2012-2013"),
    ("status", "draft, active or closed"),
    ("continues", "Code of the plan this one continues"),
    ("source_document", "Document the plan comes from"),
    ("strategic_objective_es", "Strategic objective in Spanish"),
    ("strategic_objective_en", "Strategic objective in English"),
    ("notes", "Notes"),
]
# Where the loader's top-level keys come from in the Info sheet.
INFO_PATHS = {
    "code": "code",
    "kind": "kind",
    "name_es": "name",
    "subtitle_es": "subtitle",
    "period": "period",
    "status": "status",
    "continues": "continues",
    "source_document": "source_document",
    "strategic_objective_es": "strategic_objective",
    "notes": "notes",
}
OBJECTIVE_CELL = re.compile(r"^\s*([IVXLCDM]+|\d+)\s*(?:[.):\-–]\s*|\s+)(\S.*)$", re.S)
OBJECTIVE_CELL_LOOSE = re.compile(r"^\s*(\S{1,10}?)\.\s+(\S.*)$", re.S)

# --- export --------------------------------------------------------------------------------


def plan_columns(plan):
    """The keys of the workbook's columns for ``plan``."""
    columns = ["objective", "activity", *(COLUMN_OF_KIND[k] for k in plan.item_kinds()), "ref"]
    if plan.continues_id:
        columns.append("continues")
    return columns


def export_plan(plan, user=None, language=None):
    """The workbook of ``plan`` as bytes (a handful of queries, whatever its size). For a
    ``user``, with the sheet "Progress" of what that user may read, in ``language`` (the
    active one if not given)."""
    objectives = list(plan.objectives.order_by("position"))
    activities = {}
    for activity in (
        plan.activities.select_related("continues")
        .prefetch_related("items")
        .order_by("objective__position", "position")
    ):
        activities.setdefault(activity.objective_id, []).append(activity)
    columns = plan_columns(plan)
    book = openpyxl.Workbook()
    for index, lang in enumerate(("es", "en")):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = PLAN_SHEET if lang == "es" else ENGLISH_SHEET
        _write_table(sheet, lang, columns, objectives, activities)
    _write_info(book.create_sheet(INFO_SHEET), plan)
    if user is not None:
        ordered = [a for o in objectives for a in activities.get(o.pk, [])]
        for activity in ordered:
            activity.objective = next(o for o in objectives if o.pk == activity.objective_id)
        with translation.override(language or translation.get_language()):
            write_progress_sheet(book, plan, user, ordered)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(activity, lang, columns):
    items = {}
    for item in sorted(activity.items.all(), key=lambda i: i.position):
        items.setdefault(COLUMN_OF_KIND[item.kind], []).append(getattr(item, f"text_{lang}"))
    values = {
        "activity": getattr(activity, f"title_{lang}"),
        "ref": activity.ref,
        "continues": activity.continues.ref if activity.continues_id else "",
    }
    for column in ITEM_COLUMNS:
        values[column] = "\n".join(items.get(column, []))
    return [values.get(column, "") for column in columns]


def _write_table(sheet, lang, columns, objectives, activities):
    for col, column in enumerate(columns, start=1):
        cell = put_cell(sheet, 1, col, HEADERS[lang][column])
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS[column]
    sheet.freeze_panes = "B2"
    row = 2
    for objective in objectives:
        title = getattr(objective, f"title_{lang}")
        rows = [_cells(a, lang, columns) for a in activities.get(objective.pk, [])] or [
            [""] * len(columns)
        ]
        first = row
        for values in rows:
            values[0] = f"{objective.numeral}. {title}" if row == first and title else ""
            for col, value in enumerate(values, start=1):
                cell = put_cell(sheet, row, col, value)
                cell.alignment = WRAP
                cell.border = BORDER
            sheet.row_dimensions[row].height = _height(values, columns)
            row += 1
        if row - 1 > first:
            sheet.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
        sheet.cell(first, 1).font = Font(bold=True)
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _height(values, columns):
    """Points enough for the tallest cell of a row (Excel does not grow wrapped rows)."""
    lines = 1
    for value, column in zip(values, columns, strict=True):
        width = WIDTHS[column] * 1.1
        lines = max(lines, sum(max(1, math.ceil(len(line) / width)) for line in value.splitlines()))
    return min(409, 15 * lines + 3)


def _write_info(sheet, plan):
    values = {
        **{name: getattr(plan, name) for name, _note in INFO_FIELDS if hasattr(plan, name)},
        "continues": plan.continues.code if plan.continues_id else "",
    }
    for col, text in enumerate(("field", "value", "about"), start=1):
        put_cell(sheet, 1, col, text).font = Font(bold=True)
    for row, (name, note) in enumerate(INFO_FIELDS, start=2):
        put_cell(sheet, row, 1, name)
        put_cell(sheet, row, 2, values.get(name) or "").alignment = WRAP
        put_cell(sheet, row, 3, note)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 44
    sheet.freeze_panes = "A2"


# --- import --------------------------------------------------------------------------------


def _entries(text):
    return [line for line in (clean_line(x) for x in text.splitlines()) if line]


def _column_key(header):
    folded = fold(header).rstrip(":")
    for lang in ("es", "en"):
        for key, text in HEADERS[lang].items():
            if fold(text) == folded:
                return key
    return ALIASES.get(folded)


@dataclass
class _Table:
    sheet: object
    header_row: int
    columns: dict  # key -> column number

    def ref(self, row, key):
        return f"{self.sheet.title}!{get_column_letter(self.columns[key])}{row}"

    def value(self, row, key):
        col = self.columns.get(key)
        return cell_text(self.sheet.cell(row, col).value) if col else ""


class _WorkbookReader:
    def __init__(self, book, *, filename="", code=None):
        self.book = book
        self.filename = filename
        self.code = code
        self.problems = []
        self.offset = 0  # rows between the Spanish and the English header
        # Where each part of the data came from: data path -> (cell reference, header).
        self.cells = {}

    def problem(self, where, message):
        self.problems.append(Problem(message=message, where=where, unit=PLACE))

    def sheet(self, name):
        for sheet in self.book.worksheets:
            if sheet.title.strip().casefold() == name.casefold():
                return sheet
        return None

    def table(self, sheet):
        """Find the header row (within the first ten) and the columns it names."""
        last = min(sheet.max_row, 10)
        for row in range(1, last + 1):
            headers = {
                col: cell_text(sheet.cell(row, col).value).strip()
                for col in range(1, min(sheet.max_column, MAX_COLUMNS) + 1)
            }
            keys = {col: _column_key(text) for col, text in headers.items() if text}
            if "activity" not in keys.values():
                continue
            columns = {}
            for col, key in keys.items():
                where = f"{sheet.title}!{get_column_letter(col)}{row}"
                if key is None:
                    self.problem(where, _("unknown column “%(header)s”") % {"header": headers[col]})
                elif key in columns:
                    self.problem(
                        where, _("the column “%(header)s” appears twice") % {"header": headers[col]}
                    )
                else:
                    columns[key] = col
            if "objective" not in columns:
                self.problem(
                    f"{sheet.title}!{row}",
                    _("no column “%(header)s”") % {"header": HEADERS["es"]["objective"]},
                )
                return None
            return _Table(sheet, row, columns)
        self.problem(
            sheet.title,
            _("no header row with the column “%(header)s” in the first ten rows")
            % {"header": HEADERS["es"]["activity"]},
        )
        return None

    def read(self):
        plan_sheet = self.sheet(PLAN_SHEET) or next(
            (
                s
                for s in self.book.worksheets
                if s.title.strip().casefold() not in (ENGLISH_SHEET.casefold(), "info")
                and fold(s.title.strip()) not in progress_sheet_names()
            ),
            None,
        )
        if plan_sheet is None:
            raise WorkbookError([_("The workbook has no sheet “%(name)s”.") % {"name": PLAN_SHEET}])
        table = self.table(plan_sheet)
        english_sheet = self.sheet(ENGLISH_SHEET)
        english = self.table(english_sheet) if english_sheet is not None else None
        if table is None:
            raise WorkbookError(self.problems)
        # The English table may start a row or two lower: its rows follow the Spanish ones.
        self.offset = english.header_row - table.header_row if english else 0
        info = self.info()
        objectives = self.objectives(table, english)
        data = self.plan_fields(info, table, objectives)
        data["objectives"] = objectives
        return data

    # -- the Info sheet

    def info(self):
        sheet = self.sheet(INFO_SHEET)
        if sheet is None:
            return None
        known = {name for name, _note in INFO_FIELDS}
        values = {}
        for row in range(1, min(sheet.max_row, 200) + 1):
            key = clean_line(cell_text(sheet.cell(row, 1).value))
            if not key or (row == 1 and key.casefold() == "field"):
                continue
            where = f"{sheet.title}!A{row}"
            if key not in known:
                self.problem(where, _("unknown field “%(key)s”") % {"key": key})
                continue
            if key in values:
                self.problem(where, _("the field “%(key)s” appears twice") % {"key": key})
                continue
            values[key] = cell_text(sheet.cell(row, 2).value)
            if key in INFO_PATHS:
                self.cells[(INFO_PATHS[key],)] = (f"{sheet.title}!B{row}", key)
        return values

    def plan_fields(self, info, table, objectives):
        info = dict(info or {})
        code = self.code or info.get("code") or slugify(Path(self.filename).stem)
        if self.code:
            self.cells[("code",)] = (_("the code given"), "code")
        elif not info.get("code"):
            self.cells[("code",)] = (_("the file name"), "code")
        if not code:
            self.problem(
                _("Code"),
                _("the plan needs a code: give one, or add an “%(sheet)s” sheet")
                % {"sheet": INFO_SHEET},
            )
        name = info.get("name_es") or Path(self.filename).stem.replace("_", " ") or code
        columns = [k for k in table.columns if k in ("objective", "activity", *ITEM_COLUMNS)]
        return {
            "code": clean_line(code),
            "kind": clean_line(info.get("kind")) or "plan",
            "name": {"es": name, "en": info.get("name_en", "")},
            "subtitle": {"es": info.get("subtitle_es", ""), "en": info.get("subtitle_en", "")},
            "period": clean_line(info.get("period")) or _period_of(objectives),
            "status": clean_line(info.get("status")) or "active",
            "source_document": info.get("source_document", ""),
            "strategic_objective": {
                "es": info.get("strategic_objective_es", ""),
                "en": info.get("strategic_objective_en", ""),
            },
            "continues": clean_line(info.get("continues")) or None,
            "columns": columns,
            "notes": info.get("notes", ""),
        }

    # -- the table

    def objectives(self, table, english):
        sheet = table.sheet
        objectives = []
        current = None
        numerals = {}
        last = min(sheet.max_row, table.header_row + MAX_ROWS)
        if sheet.max_row > last:
            self.problem(sheet.title, _("more than %(n)d rows: split the plan") % {"n": MAX_ROWS})
        for row in range(table.header_row + 1, last + 1):
            values = {key: table.value(row, key) for key in table.columns}
            if not any(v.strip() for v in values.values()):
                continue
            objective_text = clean_text(values.get("objective", ""))
            if objective_text:
                found = self.split_objective(objective_text, table.ref(row, "objective"))
                if found is None:
                    continue
                numeral, title = found
                if current is None or (numeral, title) != (
                    current["numeral"],
                    current["title"]["es"],
                ):
                    if numeral in numerals:
                        self.problem(
                            table.ref(row, "objective"),
                            _("objective %(numeral)s appears again after row %(row)d")
                            % {"numeral": numeral, "row": numerals[numeral]},
                        )
                        continue
                    numerals[numeral] = row
                    current = {
                        "numeral": numeral,
                        "title": {"es": title, "en": self.english_objective(english, row)},
                        "activities": [],
                    }
                    index = len(objectives)
                    objectives.append(current)
                    for key in ("numeral", "title"):
                        self.cells[("objectives", index, key)] = (
                            table.ref(row, "objective"),
                            HEADERS["es"]["objective"],
                        )
                    self.cells[("objectives", index)] = self.cells[("objectives", index, "title")]
            elif current is None:
                ref = table.ref(row, "objective") if "objective" in table.columns else sheet.title
                self.problem(ref, _("the first row names no objective"))
                continue
            rest = {k: v for k, v in values.items() if k != "objective"}
            if not any(v.strip() for v in rest.values()):
                continue  # an objective without activities
            self.activity(table, english, row, rest, current, len(objectives) - 1)
        return objectives

    def split_objective(self, text, where):
        match = OBJECTIVE_CELL.match(text) or OBJECTIVE_CELL_LOOSE.match(text)
        if match is None:
            self.problem(
                where,
                _("cannot find the objective's numeral: write it as “I. TITLE”"),
            )
            return None
        return match.group(1), clean_text(match.group(2))

    def english_objective(self, english, row):
        if english is None or "objective" not in english.columns:
            return ""
        text = clean_text(english.value(row + self.offset, "objective"))
        match = OBJECTIVE_CELL.match(text) or OBJECTIVE_CELL_LOOSE.match(text)
        return clean_text(match.group(2)) if match else text

    def activity(self, table, english, row, values, objective, objective_index):
        activities = objective["activities"]
        ai = len(activities)
        ref = clean_line(values.get("ref", "")) or f"{objective['numeral']}.{ai + 1}"
        activity = {
            "ref": ref,
            "title": {"es": values.get("activity", ""), "en": ""},
            "continues": clean_line(values.get("continues", "")) or None,
        }
        path = ("objectives", objective_index, "activities", ai)
        header = HEADERS["es"]
        activity_cell = (table.ref(row, "activity"), header["activity"])
        self.cells[path] = activity_cell
        self.cells[(*path, "title")] = activity_cell
        self.cells[(*path, "ref")] = (
            (table.ref(row, "ref"), header["ref"]) if "ref" in table.columns else activity_cell
        )
        if "continues" in table.columns:
            self.cells[(*path, "continues")] = (table.ref(row, "continues"), header["continues"])
        if english is not None and "activity" in english.columns:
            activity["title"]["en"] = english.value(row + self.offset, "activity")
        for column in ITEM_COLUMNS:
            if column not in table.columns:
                continue
            self.cells[(*path, column)] = (table.ref(row, column), header[column])
            spanish = _entries(values.get(column, ""))
            translated = []
            if english is not None and column in english.columns:
                translated = _entries(english.value(row + self.offset, column))
                if translated and len(translated) != len(spanish):
                    self.problem(
                        f"{english.ref(row + self.offset, column)} ({HEADERS['en'][column]})",
                        _("%(n)d entries, but %(cell)s has %(m)d: one line per entry in both")
                        % {"n": len(translated), "cell": table.ref(row, column), "m": len(spanish)},
                    )
                    translated = []
            activity[column] = [
                {"es": es, "en": translated[i] if translated else ""}
                for i, es in enumerate(spanish)
            ]
        activities.append(activity)

    def locate(self, problem):
        """A loader problem located at its cell: "Plan!D7 (Metas)"."""
        path = problem.path
        while path:
            found = self.cells.get(path)
            if found is None and len(path) > 1 and isinstance(path[-1], int):
                found = self.cells.get(path[:-1])  # an entry: its cell
            if found is not None:
                where, header = found
                return self._at(f"{where} ({header})", problem)
            path = path[:-1]
        if len(problem.path) == 1:
            return self._at(f"{INFO_SHEET} ({problem.path[0]})", problem)
        return problem

    @staticmethod
    def _at(where, problem):
        return Problem(message=problem.message, where=where, unit=PLACE)


def _period_of(objectives):
    """ "2014" or "2014-2015" from the goals, for a workbook without an Info sheet."""
    years = set()
    for objective in objectives:
        for activity in objective["activities"]:
            for goal in activity.get("goals", []):
                try:
                    found = parse_period(goal["es"])
                except PeriodError:
                    continue
                if found is not None:
                    years.update({found.start.year, found.end.year})
    if not years:
        return ""
    low, high = min(years), max(years)
    return str(low) if low == high else f"{low}-{high}"


def read_workbook(content, *, filename="", code=None):
    """The plan data of a workbook (for ``loader.load_plan``), checked: ``WorkbookError``
    lists every problem found, in the workbook's own terms."""
    book = open_workbook(content)
    reader = _WorkbookReader(book, filename=filename, code=code)
    data = reader.read()
    try:
        read(data)
    except PlanDataError as exc:
        reader.problems += [reader.locate(p) for p in exc.problems]
    if reader.problems:
        raise WorkbookError(reader.problems)
    return data, reader


def import_workbook(content, *, filename="", code=None, request=None, actor_repr=None, user=None):
    """Create or update the plan of a workbook -> an ``ImportResult`` (as
    ``loader.import_plan_data``); nothing is written unless the whole workbook is right
    (``WorkbookError`` lists every problem). With a user (``user``, or the request's), the
    sheet "Progress" changes the progress of the countries that user may edit
    (``xlsx_progress``); ``result.progress`` tells what changed (None without the sheet)."""
    data, reader = read_workbook(content, filename=filename, code=code)
    user = user or getattr(request, "user", None)
    sheet = find_sheet(reader.book) if user is not None else None
    with transaction.atomic():
        try:
            result = import_plan_data(
                data, request=request, actor_repr=actor_repr, source=Path(filename).name
            )
        except PlanDataError as exc:
            raise WorkbookError([reader.locate(p) for p in exc.problems]) from None
        result.progress = None
        if sheet is not None:
            result.progress = _import_progress(sheet, result.records[0], request, user, actor_repr)
    return result


def import_progress(content, plan, *, request=None, user=None, actor_repr=None):
    """Only the sheet "Progress" of a workbook, on ``plan`` -> ``xlsx_progress.ProgressImport``
    (``WorkbookError`` when anything is wrong: nothing is written)."""
    book = open_workbook(content)
    sheet = find_sheet(book)
    if sheet is None:
        raise WorkbookError(
            [_("The workbook has no sheet “%(name)s”.") % {"name": progress_sheet_title()}]
        )
    user = user or getattr(request, "user", None)
    with transaction.atomic():
        return _import_progress(sheet, plan, request, user, actor_repr)


def progress_sheet_title():
    return str(SHEET_TITLE)


def _import_progress(sheet, plan, request, user, actor_repr):
    outcome, problems = read_progress(sheet, plan, user)
    if problems:
        raise WorkbookError(problems)
    try:
        return apply_progress(outcome, request=request, user=user, actor_repr=actor_repr)
    except ValidationError as exc:
        raise WorkbookError(exc.messages) from None
