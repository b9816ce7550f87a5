"""Attendance lists in and out: the template of an event (XLSX or CSV), and its import.

The template has one row per person: name, sex, institution, profession, country, e-mail,
phone and, for an event of several days, one column per day to mark with "x". Reading a
file checks every row and lists every problem with its row and column; nothing is written
unless the whole file is right. Headers may be in Spanish or English, with or without
accents, in any order; a row already recorded is not recorded twice, so importing the same
list again changes nothing.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import Country
from coalition.events.choices import Profession, Sex
from coalition.events.models import Attendance, identity_key
from coalition.events.people import PeopleIndex, Person, participant_from
from coalition.lib.imports import ImportResult, Problem
from coalition.lib.phones import PhoneError, normalize, region_of
from coalition.lib.spreadsheets import put_cell
from coalition.lib.tables import MAX_ROWS, TableError, read_table
from coalition.lib.text import fold

# A problem list longer than this is cut short (the first ones are what a person fixes).
MAX_PROBLEMS = 200

COLUMNS = ["name", "sex", "organization", "profession", "country", "email", "phone"]
REQUIRED = {"name", "organization", "profession"}

# The template's headers, Spanish first; reading accepts these and the aliases below.
HEADERS = {
    "es": {
        "name": "Nombre",
        "sex": "Sexo",
        "organization": "Institución",
        "profession": "Profesión",
        "country": "País",
        "email": "Correo electrónico",
        "phone": "Teléfono",
        "day": "Día",
    },
    "en": {
        "name": "Name",
        "sex": "Sex",
        "organization": "Institution",
        "profession": "Profession",
        "country": "Country",
        "email": "E-mail",
        "phone": "Phone",
        "day": "Day",
    },
}
ALIASES = {
    "nombre completo": "name",
    "nombre y apellidos": "name",
    "full name": "name",
    "genero": "sex",
    "gender": "sex",
    "institucion u organizacion": "organization",
    "organizacion": "organization",
    "organization": "organization",
    "organisation": "organization",
    "entidad": "organization",
    "cargo": "profession",
    "profesion u ocupacion": "profession",
    "occupation": "profession",
    "correo": "email",
    "email": "email",
    "e mail": "email",
    "telefono celular": "phone",
    "celular": "phone",
    "telephone": "phone",
}

SEX_WORDS = {
    Sex.FEMALE: {"f", "female", "femenino", "mujer", "woman"},
    Sex.MALE: {"m", "h", "male", "masculino", "hombre", "man"},
    Sex.OTHER: {"x", "o", "other", "otro", "otra", "no indica", "not stated", "nd"},
}
# Words a sign-in sheet uses for a profession, besides the list's own labels.
PROFESSION_WORDS = {
    Profession.JUDGES: {"juez", "jueza", "jueces", "magistrado", "magistrada", "judge"},
    Profession.PROSECUTORS: {"fiscal", "fiscales", "prosecutor", "fiscal auxiliar"},
    Profession.POLICE: {"policia", "police", "oficial de policia", "agente de policia"},
    Profession.MIGRATION: {"migracion", "oficial de migracion", "migration", "immigration"},
    Profession.VICTIM_ASSISTANCE: {
        "atencion a victimas",
        "psicologa",
        "psicologo",
        "trabajadora social",
        "trabajador social",
    },
    Profession.NGO: {"ong", "ngo", "sociedad civil"},
    Profession.JOURNALISTS: {"periodista", "periodistas", "journalist", "prensa"},
    Profession.OTHER: {"otro", "otra", "other"},
}
YES = {"x", "si", "yes", "1", "✓", "✔", "presente", "present", "p", "true"}
NO = {"", "no", "0", "-", "ausente", "absent", "false"}
DATE_IN_HEADER = re.compile(r"(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})")


class AttendanceFileError(TableError):
    """The attendance file cannot be imported; ``problems`` lists every reason."""


@dataclass
class Entry:
    """One checked row: the person and the days they attended."""

    row: int
    person: Person
    days: list


# What an import of attendance did, as the page and the audit entry tell it.
SUMMARY = gettext_lazy(
    "%(rows)s rows imported: %(people_new)s new people, %(people_known)s already known; "
    "%(attendance_added)s attendance records added, %(attendance_already_recorded)s already "
    "there."
)


def new_result(rows):
    return ImportResult(
        SUMMARY,
        rows=rows,
        people_new=0,
        people_known=0,
        attendance_added=0,
        attendance_already_recorded=0,
    )


# --- the template ------------------------------------------------------------------------


def day_header(event, day, language):
    number = event.days.index(day) + 1
    return f"{HEADERS[language]['day']} {number} ({day.isoformat()})"


def template_headers(event, language):
    headers = [HEADERS[language][key] for key in COLUMNS]
    if event.is_multi_day:
        headers += [day_header(event, day, language) for day in event.days]
    return headers


def template_xlsx(event, language="es"):
    """The event's attendance template: a sheet to fill in, with lists to pick sex and
    profession from, and a sheet of instructions."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Asistencia" if language == "es" else "Attendance"
    headers = template_headers(event, language)
    for col, header in enumerate(headers, start=1):
        cell = put_cell(sheet, 1, col, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        sheet.column_dimensions[cell.column_letter].width = 14 if col > len(COLUMNS) else 26
    sheet.freeze_panes = "A2"
    lists = book.create_sheet("Listas" if language == "es" else "Lists")
    sexes = [str(label) for _code, label in Sex.choices]
    professions = [str(label) for _code, label in Profession.choices]
    for row, value in enumerate(sexes, start=1):
        put_cell(lists, row, 1, value)
    for row, value in enumerate(professions, start=1):
        put_cell(lists, row, 2, value)
    for col, count, source in ((2, len(sexes), "A"), (4, len(professions), "B")):
        check = DataValidation(
            type="list", formula1=f"'{lists.title}'!${source}$1:${source}${count}", allow_blank=True
        )
        sheet.add_data_validation(check)
        column = openpyxl.utils.get_column_letter(col)
        check.add(f"{column}2:{column}{MAX_ROWS + 1}")
    notes = book.create_sheet("Instrucciones" if language == "es" else "Instructions")
    for row, line in enumerate(_instructions(event), start=1):
        put_cell(notes, row, 1, line)
    notes.column_dimensions["A"].width = 110
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(event, language="es"):
    """The same template as CSV (UTF-8 with a BOM, so that Excel reads the accents)."""
    out = io.StringIO()
    csv.writer(out).writerow(template_headers(event, language))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _instructions(event):
    sexes = ", ".join(f"{code} = {label}" for code, label in Sex.choices)
    professions = "; ".join(str(label) for _code, label in Profession.choices)
    lines = [
        f"{event.title} · {date_format(event.starts)} – {date_format(event.ends)}",
        "",
        _("One row per person. Name, institution and profession are required."),
        _("Sex: %(values)s (or the word).") % {"values": sexes},
        _("Profession: %(values)s.") % {"values": professions},
        _("Country: ISO code (CR, GT...) or name; empty means %(country)s.")
        % {"country": event.place_country.name},
        _("E-mail and phone are optional; only your country's coordinators see them."),
    ]
    if event.is_multi_day:
        lines.append(_("Mark each day the person attended with an “x”."))
    lines.append(
        _(
            "The same person (same name and institution, or same e-mail) is counted once "
            "across events."
        )
    )
    return lines


# --- reading -----------------------------------------------------------------------------


def _column_of(header):
    folded = fold(header).rstrip(":").strip()
    folded = re.sub(r"[^\w ]+", " ", folded)
    folded = " ".join(folded.split())
    for language in ("es", "en"):
        for key, text in HEADERS[language].items():
            if key != "day" and fold(text).replace("-", " ") == folded:
                return key
    return ALIASES.get(folded)


def _day_of(header, event):
    """The event's day a column header names ("Día 2 (15/08/2012)", "2012-08-15", "Day 2"),
    or None when the header is not a day column; "" when it is one of no day of the event."""
    folded = fold(header)
    found = DATE_IN_HEADER.search(folded)
    if found:
        text = found.group(1)
        try:
            if "-" in text:
                day = datetime.date.fromisoformat(text)
            else:
                d, m, y = (int(x) for x in text.split("/"))
                day = datetime.date(y, m, d)
        except ValueError:
            return ""
        return day if day in event.days else ""
    match = re.fullmatch(r"(dia|day)\s*(\d+)", folded)
    if match:
        number = int(match.group(2))
        return event.days[number - 1] if 1 <= number <= len(event.days) else ""
    return None


class AttendanceReader:
    """Checks a table against an event; ``entries`` or ``AttendanceFileError``."""

    def __init__(self, event):
        self.event = event
        self.problems = []
        self.countries = list(Country.objects.active())
        self.index = PeopleIndex()

    def problem(self, row, column, message):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))

    def read(self, headers, rows, progress=None):
        """``progress(n)``, if given, hears of each row checked."""
        columns, day_columns = self._columns(headers)
        if self.problems:
            raise AttendanceFileError(self.problems)
        entries = []
        for count, (number, cells) in enumerate(rows, start=1):
            if progress is not None:
                progress(count)
            values = {key: _cell(cells, index) for key, index in columns.items()}
            entry = self._entry(number, values, headers, columns, cells, day_columns)
            if entry is not None:
                entries.append(entry)
        self._repeated(entries)
        if not entries and not self.problems:
            self.problem(0, "", _("The file has a header but no person in it."))
        if self.problems:
            raise AttendanceFileError(self.problems)
        return entries

    def _columns(self, headers):
        columns, day_columns = {}, []
        for index, header in enumerate(headers):
            if not header.strip():
                continue
            key = _column_of(header)
            if key is not None:
                if key in columns:
                    self.problem(
                        1,
                        header,
                        _("This column appears twice (also column %(n)s).")
                        % {"n": columns[key] + 1},
                    )
                columns[key] = index
                continue
            day = _day_of(header, self.event)
            if day is None:
                self.problem(1, header, _("Unknown column. Use the event's template."))
            elif day == "":
                self.problem(1, header, _("This day is not one of the event's days."))
            else:
                day_columns.append((index, header, day))
        for key in COLUMNS:
            if key in REQUIRED and key not in columns:
                self.problem(
                    1,
                    HEADERS["es"][key],
                    _("The column “%(es)s” (“%(en)s”) is missing.")
                    % {"es": HEADERS["es"][key], "en": HEADERS["en"][key]},
                )
        if self.event.is_multi_day and not day_columns:
            self.problem(
                1,
                "",
                _("The event lasts several days: add one column per day (see the template)."),
            )
        return columns, day_columns

    def _entry(self, number, values, headers, columns, cells, day_columns):
        def header(key):
            return headers[columns[key]] if key in columns else HEADERS["es"][key]

        before = len(self.problems)
        marks = [(h, day, _cell(cells, i)) for i, h, day in day_columns]
        if not any(values.values()) and not any(mark for _h, _d, mark in marks):
            return None
        name = " ".join(values.get("name", "").split())
        for key in ("name", "organization", "profession"):
            if not values.get(key):
                self.problem(number, header(key), _("This field is required."))
        if len(name) > 150:
            self.problem(number, header("name"), _("At most 150 characters."))
        organization = " ".join(values.get("organization", "").split())
        if len(organization) > 200:
            self.problem(number, header("organization"), _("At most 200 characters."))
        sex = _choice(values.get("sex", ""), SEX_WORDS, Sex, blank=Sex.OTHER)
        if sex is None:
            self.problem(
                number,
                header("sex"),
                _("“%(value)s” is not a sex on the list (%(values)s).")
                % {"value": values["sex"], "values": ", ".join(Sex.values)},
            )
        profession = None
        if values.get("profession"):
            profession = _choice(values["profession"], PROFESSION_WORDS, Profession)
            if profession is None:
                self.problem(
                    number,
                    header("profession"),
                    _("“%(value)s” is not a profession on the list (%(values)s).")
                    % {
                        "value": values["profession"],
                        "values": "; ".join(str(label) for _c, label in Profession.choices),
                    },
                )
        country = self._country(values.get("country", ""))
        if country is None:
            self.problem(
                number,
                header("country"),
                _("“%(value)s” is not a country (use its ISO code, e.g. CR, or its name).")
                % {"value": values.get("country", "")}
                if values.get("country")
                else _("This field is required: the event has no host country."),
            )
        email = values.get("email", "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.problem(
                    number,
                    header("email"),
                    _("“%(value)s” is not an e-mail address.") % {"value": email},
                )
        phone = values.get("phone", "").strip()
        if phone and country is not None:
            # Stored as the directory stores phones: E.164, read in the person's country.
            try:
                phone = normalize(phone, region_of(country))
            except PhoneError as error:
                self.problem(number, header("phone"), str(error))
        days = self._days(number, marks)
        if len(self.problems) > before:
            return None
        person = Person(
            name=name,
            sex=sex,
            organization_name=organization,
            profession=profession,
            country=country,
            email=email.lower(),
            phone=phone,
        )
        self.index.canonical(person)
        return Entry(number, person, days)

    def _days(self, number, marks):
        if not self.event.is_multi_day and not marks:
            return [self.event.starts]
        days = []
        for header, day, mark in marks:
            folded = fold(mark)
            if folded in YES:
                days.append(day)
            elif folded not in NO:
                self.problem(
                    number,
                    header,
                    _("“%(value)s”: mark the day with “x”, or leave it empty.") % {"value": mark},
                )
        if marks and not days and all(fold(m) in NO for _h, _d, m in marks):
            self.problem(number, "", _("No day is marked: mark at least one with “x”."))
        return days

    def _country(self, text):
        if not text:
            return self.event.host_country or (
                None if self.event.country.is_regional else self.event.country
            )
        folded = fold(text)
        for country in self.countries:
            if folded in {country.iso2.lower(), fold(country.name_es), fold(country.name_en)}:
                return country
        return None

    def _repeated(self, entries):
        """The same person twice in one file is a mistake to fix, not a second person."""
        self.index.prepare([e.person for e in entries])
        seen_identity, seen_email = {}, {}
        for entry in entries:
            person = entry.person
            identity = (identity_key(person.name), identity_key(person.organization_name))
            first = seen_identity.get(identity) or (
                seen_email.get(person.email) if person.email else None
            )
            if first is not None:
                self.problem(
                    entry.row,
                    "",
                    _("The same person as row %(row)s (same name and institution, or e-mail).")
                    % {"row": first},
                )
            seen_identity.setdefault(identity, entry.row)
            if person.email:
                seen_email.setdefault(person.email, entry.row)
            by_email, conflict = self.index.find(person)
            if conflict is not None:
                self.problem(
                    entry.row,
                    HEADERS["es"]["email"],
                    _(
                        "This e-mail belongs to another person already recorded (%(name)s); "
                        "check the name or the e-mail."
                    )
                    % {"name": by_email.name},
                )


def _cell(cells, index):
    return cells[index].strip() if index < len(cells) and cells[index] else ""


def _choice(value, words, choices, blank=None):
    folded = " ".join(re.sub(r"[^\w ]+", " ", fold(value)).split())
    if not folded:
        return blank
    for code, _label in choices.choices:
        if folded == fold(code):
            return code
    for language in ("es", "en"):
        with translation.override(language):
            for code, label in choices.choices:
                if folded == fold(str(label)):
                    return code
    for code, synonyms in words.items():
        if folded in synonyms:
            return code
    return None


# --- writing -----------------------------------------------------------------------------


def record_attendance(
    event, entries, index, *, request=None, actor=None, actor_repr=None, source="", progress=None
):
    """Write checked entries (in one transaction): new participants, and the days not yet
    recorded. Returns an ``ImportResult``; one audit entry tells what was imported.
    ``actor`` is the user when there is no request (a background import); ``progress(n)``,
    if given, hears of each entry."""
    result = new_result(len(entries))
    with transaction.atomic():
        existing = set(event.attendance.values_list("participant_id", "day"))
        new_rows = []
        for count, entry in enumerate(entries, start=1):
            if progress is not None:
                progress(count)
            participant, _conflict = index.find(entry.person)
            if participant is None:
                organization = index.canonical(entry.person)
                participant = participant_from(entry.person, organization)
                participant.save()
                index.remember(participant)
                result.add("people_new")
                audit.record(
                    request,
                    AuditAction.CREATE,
                    participant,
                    actor=actor,
                    actor_repr=actor_repr,
                    after=audit.snapshot(participant),
                )
            else:
                result.add("people_known")
            result.records.append(participant)
            for day in entry.days:
                if (participant.pk, day) in existing:
                    result.add("attendance_already_recorded")
                    continue
                existing.add((participant.pk, day))
                new_rows.append(Attendance(event=event, participant=participant, day=day))
        Attendance.objects.bulk_create(new_rows)
        result.add("attendance_added", len(new_rows))
        audit.record(
            request,
            AuditAction.IMPORT,
            event,
            actor=actor,
            actor_repr=actor_repr,
            after={"source": source, **result.summary()},
        )
    return result


def import_attendance(
    event, content, filename, *, request=None, actor=None, actor_repr=None, progress=None
):
    """Check and import an attendance file; ``AttendanceFileError`` lists every problem.
    ``progress(done, total)``, if given, hears how far it went: each row counts twice,
    checked then written."""
    try:
        headers, rows = read_table(content, filename)
    except TableError as exc:
        raise AttendanceFileError(exc.problems) from None
    total = 2 * len(rows)
    step = progress or (lambda done, total: None)
    reader = AttendanceReader(event)
    entries = reader.read(headers, rows, lambda n: step(n, total))
    share = len(rows) / max(len(entries), 1)
    return record_attendance(
        event,
        entries,
        reader.index,
        request=request,
        actor=actor,
        actor_repr=actor_repr,
        source=filename,
        progress=lambda n: step(len(rows) + round(n * share), total),
    )
