"""The directory's contacts in and out: export (CSV or XLSX), the empty template, and the
import of a filled file, from the import page or ``manage.py import_directory``.

The export and the import share their columns, so an exported file imports back without
changing anything. Reading a file checks every row and lists every problem with its row
and column; nothing is written unless the whole file is right. Headers may be in Spanish
or English, with or without accents, in any order. A row naming a contact already in the
directory (same name and institution, or a shared e-mail) updates that contact; two rows
naming the same contact are a mistake to fix.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

import openpyxl
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font, PatternFill

from coalition.core import access, audit
from coalition.core.choices import AuditAction, Axis
from coalition.core.models import Country, Organization
from coalition.directory.choices import ContactKind, Language
from coalition.directory.models import Contact
from coalition.lib import emails as emails_lib
from coalition.lib.imports import ImportResult, Problem
from coalition.lib.phones import normalize_all, region_of
from coalition.lib.spreadsheets import put_cell
from coalition.lib.tables import TableError, read_table
from coalition.lib.text import choice_codes, fold

NOTES_MAX = Contact._meta.get_field("notes").max_length

# A problem list longer than this is cut short (the first ones are what a person fixes).
MAX_PROBLEMS = 200

COLUMNS = [
    "name",
    "kind",
    "position",
    "organization",
    "country",
    "axes",
    "phones",
    "emails",
    "languages",
    "international",
    "public",
    "notes",
    "last_verified",
]
REQUIRED = {"name", "organization", "country"}

# Headers of the export and the template, Spanish first; reading accepts both and ALIASES.
HEADERS = {
    "es": {
        "name": "Nombre",
        "kind": "Tipo",
        "position": "Cargo",
        "organization": "Institución",
        "country": "País",
        "axes": "Ejes",
        "phones": "Teléfonos",
        "emails": "Correos",
        "languages": "Idiomas",
        "international": "Contacto internacional",
        "public": "Público",
        "notes": "Notas",
        "last_verified": "Última verificación",
    },
    "en": {
        "name": "Name",
        "kind": "Kind",
        "position": "Position",
        "organization": "Institution",
        "country": "Country",
        "axes": "Axes",
        "phones": "Phones",
        "emails": "E-mails",
        "languages": "Languages",
        "international": "International",
        "public": "Public",
        "notes": "Notes",
        "last_verified": "Last verified",
    },
}
ALIASES = {
    "nombre completo": "name",
    "full name": "name",
    "tipo de contacto": "kind",
    "type": "kind",
    "puesto": "position",
    "job title": "position",
    "institucion u organizacion": "organization",
    "organizacion": "organization",
    "organization": "organization",
    "organisation": "organization",
    "pais o nivel regional": "country",
    "eje": "axes",
    "ejes de accion": "axes",
    "axis": "axes",
    "axes of action": "axes",
    "telefono": "phones",
    "phone": "phones",
    "correo": "emails",
    "correos electronicos": "emails",
    "correo electronico": "emails",
    "e mail": "emails",
    "email": "emails",
    "emails": "emails",
    "idioma": "languages",
    "language": "languages",
    "internacional": "international",
    "international contact": "international",
    "international key contact": "international",
    "contacto internacional clave": "international",
    "public": "public",
    "nota": "notes",
    "note": "notes",
    "ultima verificacion": "last_verified",
    "verificado": "last_verified",
    "verified": "last_verified",
}

KIND_WORDS = {
    ContactKind.PERSON: {"person", "persona", "p"},
    ContactKind.LINE: {"line", "linea", "linea institucional", "institutional line", "l"},
}
YES = {"si", "yes", "x", "1", "true", "verdadero", "s", "y"}
NO = {"", "no", "0", "false", "falso", "n", "-"}
REGIONAL_WORDS = {"regional", "nivel regional", "regional level", "region"}

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DirectoryFileError(TableError):
    """The file of contacts cannot be imported; ``problems`` lists every reason."""


@dataclass
class Entry:
    """One checked row: the contact's values, ready to write."""

    row: int
    values: dict
    country: Country
    organization: Organization
    match: Contact | None = None


# What an import of contacts did, as the page and the audit entry tell it. Its notices
# name each row that matched a contact already recorded.
SUMMARY = gettext_lazy(
    "%(rows)s rows imported: %(created)s contacts created, %(updated)s updated, "
    "%(unchanged)s unchanged."
)


class Scope:
    """What the importer may write: a user's countries (and, for a contributor, its own
    institution), or everything for a system import (``user`` None)."""

    def __init__(self, user=None):
        self.user = user
        self.owner_ids = access.contributor_organization_ids(user) if user else None

    def can_write(self, country):
        return self.user is None or access.can_edit_country(self.user, country)

    def can_use(self, organization):
        return self.owner_ids is None or organization.pk in self.owner_ids

    def visible(self):
        contacts = Contact.objects.all()
        return contacts if self.user is None else access.restrict(contacts, self.user)

    def can_change(self, contact):
        return self.user is None or access.can_edit(self.user, contact)


# --- writing files -----------------------------------------------------------------------


def _language(language):
    return "en" if (language or "es").startswith("en") else "es"


def headers(language="es"):
    return [HEADERS[_language(language)][key] for key in COLUMNS]


def contact_cells(contact, language="es"):
    """A contact as the export's row: texts, and the date of the last verification (None
    when never verified); the import reads them back unchanged."""
    language = _language(language)
    with translation.override(language):
        axes = dict(Axis.choices)
        languages = dict(Language.choices)
        yes, no = ("sí", "no") if language == "es" else ("yes", "no")
        kind = {
            ContactKind.PERSON: "persona" if language == "es" else "person",
            ContactKind.LINE: "línea" if language == "es" else "line",
        }
        values = {
            "name": contact.name,
            "kind": kind.get(contact.kind, contact.kind),
            "position": contact.position,
            "organization": contact.organization.name,
            "country": "Regional" if contact.country.is_regional else contact.country.iso2,
            "axes": "; ".join(str(axes.get(code, code)) for code in contact.axes),
            "phones": "; ".join(contact.phones),
            "emails": "; ".join(contact.emails),
            "languages": "; ".join(str(languages.get(code, code)) for code in contact.languages),
            "international": yes if contact.international else no,
            "public": yes if contact.public else no,
            "notes": contact.notes,
            "last_verified": contact.last_verified,
        }
    return [values[key] for key in COLUMNS]


def _csv_text(value):
    """Dates in ISO 8601 (2026-12-02), what spreadsheets and programs read alike."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else value


def export_csv(contacts, language="es"):
    """CSV in UTF-8 with a BOM, so that Excel reads the accents."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers(language))
    for contact in contacts:
        writer.writerow([_csv_text(value) for value in contact_cells(contact, language)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(contacts, language="es"):
    """One sheet, every cell written as text (a value starting with "=" is no formula) but
    the date of the last verification, a date cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Directorio" if _language(language) == "es" else "Directory"
    for col, header in enumerate(headers(language), start=1):
        cell = put_cell(sheet, 1, col, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        sheet.column_dimensions[cell.column_letter].width = 24
    sheet.freeze_panes = "A2"
    for row, contact in enumerate(contacts, start=2):
        for col, value in enumerate(contact_cells(contact, language), start=1):
            put_cell(sheet, row, col, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(language="es"):
    return export_csv([], language)


def template_xlsx(language="es"):
    return export_xlsx([], language)


# --- reading -----------------------------------------------------------------------------


def _column_of(header):
    folded = re.sub(r"[^\w ]+", " ", fold(header).rstrip(":"))
    folded = " ".join(folded.split())
    for language in ("es", "en"):
        for key, text in HEADERS[language].items():
            if " ".join(re.sub(r"[^\w ]+", " ", fold(text)).split()) == folded:
                return key
    return ALIASES.get(folded)


def _split(text, separators=";,\n"):
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", text) if part.strip()]


def _words(value):
    return " ".join(re.sub(r"[^\w ]+", " ", fold(value)).split())


def _date(text):
    text = text.strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            day, month, year = (int(x) for x in text.split("/"))
            return datetime.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+", text):
            return datetime.datetime.fromisoformat(text).date()
    except ValueError:
        return None
    return None


class DirectoryReader:
    """Checks a table of contacts; ``entries`` or ``DirectoryFileError``."""

    def __init__(self, scope):
        self.scope = scope
        self.problems = []
        self.countries = list(Country.objects.active())
        self.organizations = list(Organization.objects.select_related("country"))
        self.axes = choice_codes(Axis)
        self.languages = choice_codes(Language)

    def problem(self, row, column, message):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))

    def read(self, header_row, rows, progress=None):
        """``progress(n)``, if given, hears of each row checked."""
        columns = self._columns(header_row)
        if self.problems:
            raise DirectoryFileError(self.problems)
        self.header_row, self.columns = header_row, columns
        entries = []
        for index, (number, cells) in enumerate(rows, start=1):
            if progress is not None:
                progress(index)
            values = {
                key: (cells[i].strip() if i < len(cells) and cells[i] else "")
                for key, i in columns.items()
            }
            if not any(values.values()):
                continue
            entry = self._entry(number, values)
            if entry is not None:
                entries.append(entry)
        if not entries and not self.problems:
            self.problem(0, "", _("The file has a header but no contact in it."))
        self._repeated(entries)
        self._matches(entries)
        if self.problems:
            raise DirectoryFileError(self.problems)
        return entries

    def header(self, key):
        if key in getattr(self, "columns", {}):
            return self.header_row[self.columns[key]]
        return HEADERS["es"][key]

    def _columns(self, header_row):
        columns = {}
        for index, header in enumerate(header_row):
            if not header.strip():
                continue
            key = _column_of(header)
            if key is None:
                self.problem(1, header, _("Unknown column. Use the directory's template."))
            elif key in columns:
                self.problem(
                    1,
                    header,
                    _("This column appears twice (also column %(n)s).") % {"n": columns[key] + 1},
                )
            else:
                columns[key] = index
        for key in COLUMNS:
            if key in REQUIRED and key not in columns:
                self.problem(
                    1,
                    HEADERS["es"][key],
                    _("The column “%(es)s” (“%(en)s”) is missing.")
                    % {"es": HEADERS["es"][key], "en": HEADERS["en"][key]},
                )
        return columns

    def _entry(self, number, values):
        before = len(self.problems)
        problem = self.problem
        header = self.header
        name = " ".join(values.get("name", "").split())
        position = " ".join(values.get("position", "").split())
        for key in COLUMNS:
            if key in REQUIRED and not values.get(key):
                problem(number, header(key), _("This field is required."))
        if len(name) > 150:
            problem(number, header("name"), _("At most 150 characters."))
        if len(position) > 150:
            problem(number, header("position"), _("At most 150 characters."))

        kind = self._kind(values.get("kind", ""))
        if kind is None:
            problem(
                number,
                header("kind"),
                _("“%(value)s” is not a kind of contact (persona or línea; person or line).")
                % {"value": values["kind"]},
            )

        country = None
        if values.get("country"):
            country = self._country(values["country"])
            if country is None:
                problem(
                    number,
                    header("country"),
                    _("“%(value)s” is not a country (use its ISO code, its name or “Regional”).")
                    % {"value": values["country"]},
                )
            elif not self.scope.can_write(country):
                problem(
                    number,
                    header("country"),
                    _("You may not write contacts of %(country)s.") % {"country": country.name},
                )
                country = None

        organization = None
        if values.get("organization") and country is not None:
            organization = self._organization(number, values["organization"], country)

        axes = self._codes(number, "axes", values.get("axes", ""), self.axes)
        languages = self._codes(number, "languages", values.get("languages", ""), self.languages)

        phones, errors = normalize_all(_split(values.get("phones", ""), ";,\n"), region_of(country))
        for message in errors:
            problem(number, header("phones"), message)

        emails, errors = emails_lib.normalize_all(_split(values.get("emails", ""), ";,\n"))
        for message in errors:
            problem(number, header("emails"), message)

        international = self._flag(number, "international", values.get("international", ""))
        public = self._flag(number, "public", values.get("public", ""))
        if public and kind == ContactKind.PERSON:
            problem(
                number,
                header("public"),
                _("A person's own details are never public: only a help line or an office."),
            )

        last_verified = None
        if values.get("last_verified"):
            last_verified = _date(values["last_verified"])
            if last_verified is None:
                problem(
                    number,
                    header("last_verified"),
                    _("“%(value)s” is not a date (use dd/mm/yyyy or yyyy-mm-dd).")
                    % {"value": values["last_verified"]},
                )
            elif last_verified > timezone.localdate():
                problem(
                    number,
                    header("last_verified"),
                    _("“%(value)s” is a date in the future.") % {"value": values["last_verified"]},
                )
                last_verified = None

        notes = values.get("notes", "").replace("\r\n", "\n").strip()
        if len(notes) > NOTES_MAX:
            problem(
                number,
                header("notes"),
                _("has %(n)s characters; at most %(max)s.") % {"n": len(notes), "max": NOTES_MAX},
            )

        if len(self.problems) > before or organization is None:
            return None
        return Entry(
            row=number,
            country=country,
            organization=organization,
            values={
                "kind": kind,
                "name": name,
                "position": position,
                "axes": axes,
                "phones": phones,
                "emails": emails,
                "languages": languages,
                "international": international,
                "public": public,
                "notes": notes,
                "last_verified": last_verified,
            },
        )

    def _kind(self, text):
        folded = _words(text)
        if not folded:
            return ContactKind.PERSON
        for code, words in KIND_WORDS.items():
            if folded in words or folded == fold(code):
                return code
        for language in ("es", "en"):
            with translation.override(language):
                for code, label in ContactKind.choices:
                    if folded == _words(str(label)):
                        return code
        return None

    def _country(self, text):
        folded = fold(text)
        for country in self.countries:
            if country.is_regional:
                if folded in REGIONAL_WORDS or folded in {
                    fold(country.name_es),
                    fold(country.name_en),
                    country.iso2.lower(),
                }:
                    return country
            elif folded in {country.iso2.lower(), fold(country.name_es), fold(country.name_en)}:
                return country
        return None

    def _organization(self, number, text, country):
        folded = fold(text)
        header = self.header("organization")
        # A contact belongs to its institution's country, as in the contact form: the row's
        # country says where to look, and a regional institution's contacts are "Regional".
        found = [
            o
            for o in self.organizations
            if o.country_id == country.pk
            and folded in {fold(o.name), fold(o.acronym) if o.acronym else None, fold(str(o))}
        ]
        if not found:
            self.problem(
                number,
                header,
                _("There is no institution “%(value)s” in %(country)s.")
                % {"value": text, "country": country.name},
            )
            return None
        if len(found) > 1:
            self.problem(
                number,
                header,
                _("“%(value)s” names several institutions (%(names)s): write the full name.")
                % {"value": text, "names": "; ".join(o.name for o in found)},
            )
            return None
        organization = found[0]
        if not self.scope.can_use(organization):
            self.problem(
                number,
                header,
                _("You may only write contacts of your own institution, not of “%(value)s”.")
                % {"value": organization.name},
            )
            return None
        return organization

    def _codes(self, number, key, text, known):
        codes = []
        for part in _split(text, ";\n"):
            # A label may hold a comma: split on commas only what is not one whole label.
            pieces = [part] if fold(part) in known else _split(part, ",")
            for piece in pieces:
                code = known.get(fold(piece))
                if code is None:
                    message = (
                        _("“%(value)s” is not an axis of action (%(values)s).")
                        if key == "axes"
                        else _("“%(value)s” is not a language on the list (%(values)s).")
                    )
                    choices = Axis if key == "axes" else Language
                    self.problem(
                        number,
                        self.header(key),
                        message % {"value": piece, "values": ", ".join(choices.values)},
                    )
                elif code not in codes:
                    codes.append(code)
        return codes

    def _flag(self, number, key, text):
        folded = _words(text)
        if folded in YES:
            return True
        if folded in NO:
            return False
        self.problem(
            number,
            self.header(key),
            _("“%(value)s”: write “sí” or “no” (“yes” or “no”).") % {"value": text},
        )
        return False

    def _repeated(self, entries):
        """The same contact twice in one file is a mistake to fix, not two contacts."""
        by_identity, by_email = {}, {}
        for entry in entries:
            identity = (fold(entry.values["name"]), entry.organization.pk)
            first = by_identity.get(identity)
            if first is None:
                for email in entry.values["emails"]:
                    first = by_email.get(email.lower())
                    if first is not None:
                        break
            if first is not None:
                self.problem(
                    entry.row,
                    "",
                    _(
                        "The same contact as row %(row)s (same name and institution, or a "
                        "shared e-mail)."
                    )
                    % {"row": first},
                )
            by_identity.setdefault(identity, entry.row)
            for email in entry.values["emails"]:
                by_email.setdefault(email.lower(), entry.row)

    def _matches(self, entries):
        """Each row's contact already recorded (same folded name and institution, or a
        shared e-mail), among those the importer may see; it is updated by the row."""
        if not entries:
            return
        by_identity, by_email = {}, {}
        for contact in self.scope.visible().select_related("country", "organization"):
            by_identity.setdefault((fold(contact.name), contact.organization_id), contact)
            for email in contact.emails:
                by_email.setdefault(email.lower(), contact)
        claimed = {}
        for entry in entries:
            match = by_identity.get((fold(entry.values["name"]), entry.organization.pk))
            if match is None:
                for email in entry.values["emails"]:
                    match = by_email.get(email.lower())
                    if match is not None:
                        break
            if match is None:
                continue
            if match.pk in claimed:
                self.problem(
                    entry.row,
                    "",
                    _("Rows %(first)s and %(row)s both match contact #%(id)s.")
                    % {"first": claimed[match.pk], "row": entry.row, "id": match.pk},
                )
                continue
            claimed[match.pk] = entry.row
            if not self.scope.can_change(match):
                self.problem(
                    entry.row,
                    "",
                    _("This is contact #%(id)s (%(name)s), which you may not change.")
                    % {"id": match.pk, "name": match.name},
                )
                continue
            entry.match = match


# --- importing ---------------------------------------------------------------------------

FIELDS = [
    "kind",
    "name",
    "position",
    "axes",
    "phones",
    "emails",
    "languages",
    "international",
    "public",
    "notes",
]


def write_contacts(entries, *, scope, request=None, actor_repr=None, source="", progress=None):
    """Write checked entries in one transaction: new contacts, and changes to those
    matched. Returns an ``ImportResult``; one audit entry tells what was imported, and one
    per contact created or changed. ``progress(n)``, if given, hears of each entry."""
    result = ImportResult(SUMMARY, rows=len(entries), created=0, updated=0, unchanged=0)
    actor = scope.user
    with transaction.atomic():
        for index, entry in enumerate(entries, start=1):
            if progress is not None:
                progress(index)
            contact = entry.match
            before = audit.snapshot(contact) if contact is not None else None
            if contact is None:
                contact = Contact()
            for name in FIELDS:
                setattr(contact, name, entry.values[name])
            contact.organization = entry.organization
            contact.country = entry.country
            last_verified = entry.values["last_verified"]
            if last_verified is not None and last_verified != contact.last_verified:
                contact.last_verified = last_verified
                contact.verified_by = actor if actor is not None and actor.pk else None
            if before is not None and audit.snapshot(contact) == before:
                result.add("unchanged")
                result.notices.append(
                    Problem(
                        entry.row,
                        message=_("duplicate of contact #%(id)s (unchanged)") % {"id": contact.pk},
                    )
                )
                continue
            contact.save()
            if scope.user is not None:
                access.recheck_editable(scope.user, contact)
            after = audit.snapshot(contact)
            if before is None:
                result.add("created")
                action = AuditAction.CREATE
            else:
                result.add("updated")
                action = AuditAction.UPDATE
                result.notices.append(
                    Problem(
                        entry.row,
                        message=_("duplicate of contact #%(id)s (updated)") % {"id": contact.pk},
                    )
                )
            audit.record(
                request,
                action,
                contact,
                actor=actor,
                actor_repr=actor_repr,
                before=before,
                after=after,
            )
        audit.record(
            request,
            AuditAction.IMPORT,
            actor=actor,
            actor_repr=actor_repr,
            object_type=Contact._meta.label_lower,
            object_repr=_("Directory import: %(file)s") % {"file": source},
            after={"source": source, **result.summary()},
        )
    return result


def import_directory(content, filename, *, user=None, request=None, actor_repr=None, progress=None):
    """Check and import a file of contacts; ``DirectoryFileError`` lists every problem.

    ``user`` None is a system import (every country may be written). ``progress(done,
    total)``, if given, hears how far it went: each row counts twice, checked then written."""
    try:
        header_row, rows = read_table(content, filename)
    except TableError as exc:
        raise DirectoryFileError(exc.problems) from None
    scope = Scope(user)
    total = 2 * len(rows)
    step = progress or (lambda done, total: None)
    entries = DirectoryReader(scope).read(header_row, rows, lambda n: step(n, total))
    share = len(rows) / max(len(entries), 1)
    return write_contacts(
        entries,
        scope=scope,
        request=request,
        actor_repr=actor_repr,
        source=filename,
        progress=lambda n: step(len(rows) + round(n * share), total),
    )
