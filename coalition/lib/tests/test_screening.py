"""The identifier screen (``lib/screening.py``): what it refuses in free text, what it must
let through (legal summaries and route notes are full of numbers that identify nobody),
and refusals that say what and where without repeating the value."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coalition.lib.screening import Finding, describe, find_identifiers, refuse_identifiers

TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def found(text):
    """[(kind, label, the text found)] in ``text``, screened on TODAY."""
    return [(f.kind, f.label, text[f.start : f.end]) for f in find_identifiers(text, today=TODAY)]


# --- document numbers ----------------------------------------------------------------------

DOCUMENTS = [
    ("DPI 2345 67890 0101", "2345 67890 0101", "a Guatemalan DPI number"),
    ("su DPI es 2345-67890-0101.", "2345-67890-0101", "a Guatemalan DPI number"),
    ("CUI 2345678900101", "2345678900101", "a 13-digit identity number (DPI or DNI)"),
    ("DUI 01234567-8", "01234567-8", "a Salvadoran DUI number"),
    ("DNI 0801-1990-12345", "0801-1990-12345", "a Honduran DNI number"),
    ("cédula 1-0234-0567", "1-0234-0567", "a Costa Rican cédula number"),
    ("cédula 01-0234-0567", "01-0234-0567", "a Costa Rican cédula number"),
    (
        "cédula 102340567",
        "102340567",
        "a 9-digit identity number (Costa Rican cédula or Belizean social security)",
    ),
    ("cédula 8-123-4567", "8-123-4567", "a Panamanian cédula number"),
    ("cédula PE-12-345", "PE-12-345", "a Panamanian cédula number"),
    ("cédula E-8-12345", "E-8-12345", "a Panamanian cédula number"),
    ("cédula N-19-1234", "N-19-1234", "a Panamanian cédula number"),
    ("cédula 8-AV-12-345", "8-AV-12-345", "a Panamanian cédula number"),
    ("cédula 001-120390-0001A", "001-120390-0001A", "a Nicaraguan cédula number"),
    ("cédula 0011203900001A", "0011203900001A", "a Nicaraguan cédula number"),
    ("cédula 001-1234567-8", "001-1234567-8", "a Dominican cédula number"),
    ("cédula 00112345678", "00112345678", "an 11-digit identity number (Dominican cédula)"),
    (
        "Social Security No. 123456789",
        "123456789",
        "a 9-digit identity number (Costa Rican cédula or Belizean social security)",
    ),
    ("pasaporte A12345678", "A12345678", "a passport number"),
    ("Passport No. AB1234567", "AB1234567", "a passport number"),
    ("con pasaporte hondureño número C1234567", "C1234567", "a passport number"),
]


@pytest.mark.parametrize(("text", "value", "label"), DOCUMENTS)
def test_each_countrys_document_number_is_found_and_named(text, value, label):
    assert found(text) == [("document", label, value)]


def test_a_letter_and_digits_are_a_passport_only_near_the_word():
    assert found("código de producto A1234567 en bodega") == []
    assert found("el pasaporte A1234567") == [("document", "a passport number", "A1234567")]


# --- phones --------------------------------------------------------------------------------

PHONES = [
    # country: local numbers (fixed and mobile), then the international form
    ("BZ", "223-4567"),
    ("BZ", "610-1234"),
    ("BZ", "+501 223 4567"),
    ("CR", "2222-3333"),
    ("CR", "8888 1234"),
    ("CR", "+506 2222 3333"),
    ("SV", "2222-1234"),
    ("SV", "7123-4567"),
    ("SV", "+503 7123 4567"),
    ("GT", "5555-1234"),
    ("GT", "2411 9191"),
    ("GT", "+502 2411 9191"),
    ("HN", "2238-1234"),
    ("HN", "9876-5432"),
    ("HN", "+504 9876-5432"),
    ("NI", "2255-1234"),
    ("NI", "+505 8888 1234"),
    ("PA", "6123-4567"),
    ("PA", "+507 223 4567"),
    ("DO", "809-221-1234"),
    ("DO", "(829) 555-0199"),
    ("DO", "+1 809 221 1234"),
    ("DO", "+18092211234"),
    ("MX", "+52 55 1234 5678"),
    ("ES", "+34 612 345 678"),
]


@pytest.mark.parametrize(("country", "number"), PHONES)
def test_phone_numbers_of_each_member_country_and_abroad_are_found(country, number):
    assert found(f"comunicarse al {number}, de lunes a viernes") == [
        ("phone", "a phone number", number)
    ]


# --- e-mail addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["juan.perez@gmail.com", "maria_lopez+trata@correo.gob.gt", "Info@Ministerio.gob.hn"],
)
def test_e_mail_addresses_are_found(address):
    assert found(f"escribir a {address}.") == [("email", "an e-mail address", address)]


@pytest.mark.parametrize("text", ["según @fiscalia_gt en redes", "usuario@servidor", "a @ b.com"])
def test_what_only_resembles_an_address_is_not_one(text):
    assert found(text) == []


# --- birth dates ---------------------------------------------------------------------------

BIRTH_DATES = [
    ("La víctima, 12/03/1990, fue reclutada", "12/03/1990"),  # an adult's date, no cue
    ("registro 1990-03-12", "1990-03-12"),
    ("persona del 12 de marzo de 1990", "12 de marzo de 1990"),
    ("in a file of March 12, 1990", "March 12, 1990"),
    ("a record of 12 March 1990", "12 March 1990"),
    ("nacida el 3 de mayo de 2019", "3 de mayo de 2019"),  # recent, but called a birth date
    ("born on 12/03/2015", "12/03/2015"),
    ("f.n. 12/03/15", "12/03/15"),  # a two-digit year counts when called a birth date
    ("fecha de nacimiento: 01-02-2020", "01-02-2020"),
    ("12.03.2020 (fecha de nacimiento)", "12.03.2020"),
    ("DOB 1° de enero de 1999", "1° de enero de 1999"),
]


@pytest.mark.parametrize(("text", "value"), BIRTH_DATES)
def test_full_dates_that_look_like_birth_dates_are_found(text, value):
    assert found(text) == [("birth_date", "a full date that looks like a birth date", value)]


@pytest.mark.parametrize(
    "text",
    [
        "sentencia firme el 12/03/2022",
        "el 3 de mayo de 2019",  # of the last 12 years, and not called a birth date
        "Decreto 9-2009, publicado el 20 de marzo de 2009",  # older, but a law's date
        "hechos ocurridos el 5 de mayo de 2010",  # older, but an event of the case
        "audiencia fijada para el 31/12/2030",  # the future
        "Código Civil del 12/03/1900",  # more than 100 years ago
        "marzo de 1990",  # no day: no full date
        "en el año 1990",
        "el 12/03/90",  # a two-digit year, not called a birth date
        "31/02/1990",  # no such day
    ],
)
def test_dates_of_the_case_and_incomplete_dates_are_not_birth_dates(text):
    assert found(text) == []


def test_the_cue_nearest_the_date_decides_and_a_clause_ends_it():
    assert found("víctima menor de edad; sentencia firme el 12/03/2022") == []
    assert found("nacida en Honduras; sentencia firme el 12/03/2022") == []
    assert [kind for kind, *_ in found("sentencia contra persona nacida el 12/03/2022")] == [
        "birth_date"
    ]


def test_todays_date_is_the_default_reference():
    assert [f.kind for f in find_identifiers("nacido el 12/03/1990")] == ["birth_date"]
    assert find_identifiers("12/03/1900") == []


# --- what must pass ------------------------------------------------------------------------

LEGAL_SUMMARIES_AND_ROUTE_NOTES = [
    "Condena por trata con fines de explotación sexual, artículo 202 Ter del Código Penal; "
    "8 años de prisión y multa de Q300,000; sentencia firme el 12/03/2022",
    "Sentencia condenatoria dictada el 15 de julio de 2021 por el Tribunal de Sentencia Penal "
    "de Quetzaltenango; pena de 16 años de prisión y multa de Q 50,000.00; reparación digna "
    "de Q 25,000.",
    "Artículos 202 Bis y 202 Ter del Código Penal (Decreto 17-73), reformado por el Decreto "
    "9-2009, Ley contra la Violencia Sexual, Explotación y Trata de Personas.",
    "Expediente 2345-2019; causa 123-2019; periodo 2019-2022.",
    "Dos víctimas menores de edad (13 y 15 años), de nacionalidad hondureña, rescatadas en "
    "un allanamiento el 4/11/2020.",
    "Condena a 8 años de prisión por trata de personas en la modalidad de explotación "
    "laboral (art. 367-B del Código Penal); multa de US$ 5,000 y US$ 50000000 de comiso.",
    "Ley N.º 9095 contra la Trata de Personas (2013), artículo 5; la sentencia quedó en firme "
    "el 2023-06-30.",
    "Ruta observada entre 2018 y 2023: reclutamiento en Tegucigalpa, tránsito por El Amatillo "
    "y explotación en San Salvador; buses de línea, 6 a 8 horas de viaje.",
    "Fuente: Informe Anual de la SVET, 2022, pp. 45-67; Informe TIP, junio de 2023.",
    "Se registraron 35 personas condenadas en 2021 y 12 en el primer semestre de 2022; "
    "3 sentencias absolutorias.",
    "Multa de L 100,000 (lempiras), reparación de 250,000 lempiras y de 1500000 lempiras.",
    "Penalty: 12 years and a fine of USD 10,000; final on March 3, 2023.",
    "Judgment of the Supreme Court of 12 May 2022, case 45-2021.",
    "Convenio de cooperación con la fiscalía del 10 de diciembre de 2012.",
    "Ley 896 (publicada en La Gaceta el 25 de febrero de 2015).",
    "Hechos ocurridos entre el 1 de enero de 2009 y el 31 de diciembre de 2010.",
    "Sentencia del 2 de febrero de 2011 confirmada en casación.",
    "Bares en el kilómetro 187 de la CA-2, a 3.5 km del puesto fronterizo; coordenadas "
    "aproximadas 14.6349, -90.5069.",
    "Población afectada: 1,250 personas; 40 % mujeres. Línea de denuncia 1-1-1 y 110.",
    "Periodo de observación: 01/2020 a 12/2023. Casos 2019: 12; 2020: 15; 2021: 9.",
    "Sentencia No. 45-2022 del Juzgado Especializado; Acuerdo 12-2019 de la Corte.",
    "Multa de RD$ 1,500,000, ₡ 2 500 000 y B/. 15,000.00.",
    "Artículo 202 bis, 8 años, año 2021, 3 víctimas, 2 imputados.",
]


@pytest.mark.parametrize("text", LEGAL_SUMMARIES_AND_ROUTE_NOTES)
def test_legal_summaries_and_route_notes_pass(text):
    assert found(text) == []
    refuse_identifiers(text)  # raises nothing


def test_an_empty_text_passes():
    for value in ("", None, "   "):
        assert find_identifiers(value) == []
        refuse_identifiers(value)


# --- the refusal ---------------------------------------------------------------------------

IDENTIFYING = (
    [text for text, _value, _label in DOCUMENTS]
    + [f"llamar al {number}" for _country, number in PHONES]
    + [f"escribir a {address}" for address in ("juan.perez@gmail.com",)]
    + [text for text, _value in BIRTH_DATES]
)


@pytest.mark.parametrize("text", IDENTIFYING)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_refusal_never_repeats_the_value(text, language):
    findings = find_identifiers(text, today=TODAY)
    assert findings
    value = text[findings[0].start : findings[0].end]
    with translation.override(language):
        message = describe(findings, "Notes")
    assert value not in message
    assert "".join(ch for ch in value if ch.isalnum()) not in "".join(
        ch for ch in message if ch.isalnum()
    )


def test_the_refusal_says_what_and_where():
    text = "Llamar al 5555-1234 o escribir a juan@example.org"
    with pytest.raises(ValidationError) as caught:
        refuse_identifiers(text)
    assert caught.value.code == "identifier"
    assert caught.value.messages == [
        "This text seems to identify a person: a phone number (characters 11–19); an e-mail "
        "address (characters 34–49). Remove it: no person may be identifiable here."
    ]


def test_in_a_text_of_several_lines_the_refusal_names_the_line():
    findings = find_identifiers("Ruta de buses.\nContacto: 5555-1234\n")
    assert findings == [Finding("phone", "a phone number", 25, 34, line=2, column=11)]
    assert describe(findings, "Description") == (
        "“Description” seems to identify a person: a phone number (line 2, characters 11–19). "
        "Remove it: no person may be identifiable here."
    )


def test_a_long_list_of_findings_is_cut_short():
    text = " ".join(f"5555-12{n:02d}" for n in range(8))
    message = describe(find_identifiers(text))
    assert message.count("a phone number") == 5 and "; and 3 more." in message


def test_the_refusal_is_in_spanish_for_spanish_readers():
    with translation.override("es"):
        message = describe(find_identifiers("DUI 01234567-8, llamar al 5555-1234"), "Notas")
    assert message == (
        "«Notas» parece identificar a una persona: un número de DUI salvadoreño "
        "(caracteres 5–14); un número de teléfono (caracteres 27–35). Quítelo: aquí no se "
        "puede identificar a ninguna persona."
    )
