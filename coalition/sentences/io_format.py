"""The file of record-level sentences: its columns (Spanish and English headers), the words
it may use for each value, how values are read, and the downloadable template.

One row per count of persons ("long" format): each row carries its sentence's fields and
one count. See ``io`` for how a file is checked and written, and the user guide's "Import"
section for the format as users read it.
"""

import csv
import datetime
import functools
import io
import re
from decimal import Decimal, InvalidOperation

import openpyxl
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from coalition.lib.spreadsheets import put_cell
from coalition.lib.text import choice_codes, fold
from coalition.sentences.choices import (
    AgeGroup,
    CourtLevel,
    Exploitation,
    OffenceCategory,
    Outcome,
    Sex,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFENDANT, VICTIM = "defendant", "victim"

# The sentence's own fields (the same on every row of a court file), then the count's.
SENTENCE_COLUMNS = [
    "court_file",
    "country",
    "court_level",
    "area",
    "final_date",
    "offences",
    "exploitation_forms",
    "prison_years",
    "fine_amount",
    "reparation_ordered",
    "reparation_amount",
    "summary",
    "defendants_total",
    "victims_total",
]
COUNT_COLUMNS = ["person", "outcome", "sex", "age_group", "citizenship", "exploitation", "count"]
COLUMNS = SENTENCE_COLUMNS + COUNT_COLUMNS
REQUIRED = {
    "court_file",
    "country",
    "court_level",
    "final_date",
    "offences",
    "defendants_total",
    "victims_total",
    "person",
    "sex",
    "age_group",
    "citizenship",
    "count",
}
HEADERS = {
    "es": {
        "court_file": "Expediente",
        "country": "País",
        "court_level": "Instancia",
        "area": "Departamento o provincia",
        "final_date": "Fecha en firme",
        "offences": "Delitos",
        "exploitation_forms": "Formas de explotación",
        "prison_years": "Años de prisión",
        "fine_amount": "Multa (USD)",
        "reparation_ordered": "Reparación ordenada",
        "reparation_amount": "Monto de reparación (USD)",
        "summary": "Resumen jurídico",
        "defendants_total": "Total de procesados",
        "victims_total": "Total de víctimas",
        "person": "Persona",
        "outcome": "Resultado",
        "sex": "Sexo",
        "age_group": "Grupo de edad",
        "citizenship": "Nacionalidad",
        "exploitation": "Explotación de la víctima",
        "count": "Cantidad",
    },
    "en": {
        "court_file": "Court file",
        "country": "Country",
        "court_level": "Court level",
        "area": "First-level area",
        "final_date": "Date final",
        "offences": "Offences",
        "exploitation_forms": "Forms of exploitation",
        "prison_years": "Prison years",
        "fine_amount": "Fine (USD)",
        "reparation_ordered": "Reparation ordered",
        "reparation_amount": "Reparation amount (USD)",
        "summary": "Legal summary",
        "defendants_total": "Defendants total",
        "victims_total": "Victims total",
        "person": "Person",
        "outcome": "Outcome",
        "sex": "Sex",
        "age_group": "Age group",
        "citizenship": "Citizenship",
        "exploitation": "Victim's exploitation",
        "count": "Count",
    },
}

# Words a file may use for a value, besides the codes and the labels in both languages.
WORDS = {
    "person": {
        DEFENDANT: {"procesado", "procesada", "imputado", "imputada", "acusado", "acusada"},
        VICTIM: {"victima", "v"},
    },
    "court_level": {
        CourtLevel.FIRST_INSTANCE: {"primera instancia", "juicio", "trial", "first instance"},
        CourtLevel.APPEAL: {"apelacion", "segunda instancia", "appeal"},
        CourtLevel.CASSATION: {"casacion", "corte suprema", "supreme court", "cassation"},
    },
    "outcome": {
        Outcome.CONVICTED: {"condenado", "condenada", "condena"},
        Outcome.ACQUITTED: {"absuelto", "absuelta", "absolucion"},
    },
    "sex": {
        Sex.FEMALE: {"f", "mujer", "femenino", "woman"},
        Sex.MALE: {"m", "h", "hombre", "masculino", "man"},
        Sex.OTHER: {"otro", "otra"},
        Sex.UNKNOWN: {"desconocido", "no consta", "sin dato"},
    },
    "age_group": {
        AgeGroup.MINOR: {"0-17", "0 17", "0 a 17", "menor", "menor de edad", "minor", "child"},
        AgeGroup.ADULT: {"18+", "18", "18 o mas", "adulto", "adulta", "mayor de edad", "adult"},
        AgeGroup.UNKNOWN: {"desconocida", "desconocido", "no consta", "sin dato"},
    },
}
YES = {"si", "yes", "x", "1", "true", "verdadero", "s", "y"}
NO = {"", "no", "0", "false", "falso", "n", "-"}
UNKNOWN_CITIZENSHIP = {"desconocida", "desconocido", "unknown", "apatrida", "stateless", "xx"}
# The template's example rows carry this court file: imported by mistake, they are refused.
EXAMPLE_MARK = "EJEMPLO"


def language_of(language):
    return "en" if (language or "es").startswith("en") else "es"


@functools.lru_cache(maxsize=8192)
def as_words(text):
    return " ".join(re.sub(r"[^\w+ -]+", " ", fold(text)).split())


def header_key(text):
    return " ".join(re.sub(r"[^\w ]+", " ", fold(text)).split())


HEADER_KEYS = {
    header_key(text): key for language in HEADERS.values() for key, text in language.items()
}


def lookup_table(choices, extra=None):
    """{folded word: code}: the codes, both languages' labels, and ``extra`` words."""
    found = {as_words(k): v for k, v in choice_codes(choices).items()}
    for code, words in (extra or {}).items():
        for word in words:
            found[as_words(word)] = code
    return found


@functools.lru_cache(maxsize=8192)
def article_key(text):
    """A legal article as compared: "Art. 202 Ter" = "artículo 202 ter" = "202 TER"."""
    words = re.sub(r"[^\w]+", " ", fold(text)).split()
    while words and words[0] in {"art", "arto", "articulo", "article", "no"}:
        words.pop(0)
    return " ".join(words)


@functools.lru_cache(maxsize=8192)
def read_date(text):
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            year, month, day = (int(x) for x in text.split("-"))
        elif re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
            day, month, year = (int(x) for x in re.split(r"[/.-]", text))
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+", text):
            return datetime.datetime.fromisoformat(text).date()
        else:
            return None
        return datetime.date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=8192)
def read_amount(text):
    """A non-negative amount: "1234.5", "1,234.50", "1.234,50", "1234,5"; None if not one."""
    text = text.replace(" ", "").replace("$", "").removeprefix("US").removeprefix("USD")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in text:
        whole, _sep, part = text.rpartition(",")
        text = f"{whole}.{part}" if len(part) <= 2 and "," not in whole else text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def court_file_key(number):
    """A court file number as compared (as ``court_file_hash`` normalizes it)."""
    return "".join(ch for ch in number.upper() if ch.isalnum())


def split_list(text):
    return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]


# --- the template ------------------------------------------------------------------------------


def headers(language="es"):
    return [HEADERS[language_of(language)][key] for key in COLUMNS]


def example_rows(language):
    """Two rows of one fictitious court file: two defendants convicted, three victims."""
    es = language_of(language) == "es"
    sentence = {
        "court_file": f"{EXAMPLE_MARK}-0001-2021",
        "country": "GT",
        "court_level": "primera instancia" if es else "first instance",
        "area": "Guatemala",
        "final_date": "2021-06-30",
        "offences": "trafficking",
        "exploitation_forms": "sexual",
        "prison_years": "16",
        "fine_amount": "40000",
        "reparation_ordered": "sí" if es else "yes",
        "reparation_amount": "5000",
        "summary": (
            "Ejemplo ficticio: borre estas filas antes de importar."
            if es
            else "Fictitious example: delete these rows before importing."
        ),
        "defendants_total": "2",
        "victims_total": "3",
    }
    counts = [
        {
            "person": "procesado" if es else "defendant",
            "outcome": "condenado" if es else "convicted",
            "sex": "hombre" if es else "male",
            "age_group": "18+",
            "citizenship": "GT",
            "exploitation": "",
            "count": "2",
        },
        {
            "person": "víctima" if es else "victim",
            "outcome": "",
            "sex": "mujer" if es else "female",
            "age_group": "0-17",
            "citizenship": "GT",
            "exploitation": "sexual",
            "count": "3",
        },
    ]
    rows = [[sentence[k] for k in SENTENCE_COLUMNS] + [counts[0][k] for k in COUNT_COLUMNS]]
    rows.append([""] * len(SENTENCE_COLUMNS) + [counts[1][k] for k in COUNT_COLUMNS])
    rows[1][0] = sentence["court_file"]
    return rows


def codes_table(language=None):
    """(column, accepted values) for the template's notes and the import page."""
    language = language_of(language or translation.get_language())
    with translation.override(language_of(language)):

        def listed(choices):
            return "; ".join(f"{code} ({label})" for code, label in choices.choices)

        return [
            (HEADERS[language_of(language)]["country"], _("ISO code or name of a member country.")),
            (HEADERS[language_of(language)]["court_level"], listed(CourtLevel)),
            (
                HEADERS[language_of(language)]["offences"],
                _("Legal articles of the country's offences, or categories:")
                + " "
                + listed(OffenceCategory),
            ),
            (HEADERS[language_of(language)]["exploitation_forms"], listed(Exploitation)),
            (HEADERS[language_of(language)]["person"], _("defendant or victim")),
            (HEADERS[language_of(language)]["outcome"], listed(Outcome)),
            (HEADERS[language_of(language)]["sex"], listed(Sex)),
            (HEADERS[language_of(language)]["age_group"], "0-17; 18+; unknown"),
            (
                HEADERS[language_of(language)]["citizenship"],
                _("ISO 3166 code (GT, HN, ...) or country name; XX when unknown."),
            ),
            (HEADERS[language_of(language)]["count"], _("A whole number of 0 or more.")),
        ]


def template_csv(language="es"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers(language))
    writer.writerows(example_rows(language))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(language="es"):
    es = language_of(language) == "es"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sentencias" if es else "Sentences"
    for col, header in enumerate(headers(language), start=1):
        cell = put_cell(sheet, 1, col, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        sheet.column_dimensions[cell.column_letter].width = 20
    sheet.freeze_panes = "A2"
    for row, values in enumerate(example_rows(language), start=2):
        for col, value in enumerate(values, start=1):
            put_cell(sheet, row, col, value)
    notes = book.create_sheet("Códigos" if es else "Codes")
    with translation.override(language_of(language)):
        lines = [
            _("One row per count of persons; the rows of one court file go together."),
            _(
                "The first row of a court file carries the sentence's fields; the next rows "
                "may leave them empty."
            ),
            _("The counts of a court file add up to its declared totals."),
            _("The example rows are fictitious: delete them."),
        ]
    for row, line in enumerate(lines, start=1):
        put_cell(notes, row, 1, line)
    for row, (column, values) in enumerate(codes_table(language), start=len(lines) + 2):
        put_cell(notes, row, 1, column).font = Font(bold=True)
        put_cell(notes, row, 2, values)
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
