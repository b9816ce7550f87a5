"""Goal phrases read as date ranges: every phrase of the seed, the other Spanish and English
forms, the phrases without a date, the ones that must be refused, and the short labels."""

import re
from datetime import date

import pytest

from coalition.lib.periods import Period, PeriodError, format_period, parse_period


def days(start, end):
    return Period(date.fromisoformat(start), date.fromisoformat(end))


# Every phrase of the seed's "Metas" column, exactly as written there.
SEED = [
    ("Agosto de 2012", days("2012-08-01", "2012-08-31")),
    ("Segundo semestre del año  2012", days("2012-07-01", "2012-12-31")),
    ("Primer semestre de 2013", days("2013-01-01", "2013-06-30")),
    ("Junio de 2012", days("2012-06-01", "2012-06-30")),
    ("2012- Primer semestre de 2013", days("2012-01-01", "2013-06-30")),
    (" Cada país definirá el dónde y cómo", None),
    ("2012-2013", days("2012-01-01", "2013-12-31")),
    ("Abril de 2012", days("2012-04-01", "2012-04-30")),
    ("Primer trimestre de 2013", days("2013-01-01", "2013-03-31")),
    ("Primer semestre del 2012", days("2012-01-01", "2012-06-30")),
    ("2012- Segundo semestre de 2013", days("2012-01-01", "2013-12-31")),
    ("2012", days("2012-01-01", "2012-12-31")),
    ("2013", days("2013-01-01", "2013-12-31")),
]
SPANISH = [
    ("agosto 2012", days("2012-08-01", "2012-08-31")),
    ("Setiembre de 2012", days("2012-09-01", "2012-09-30")),
    ("septiembre de 2012", days("2012-09-01", "2012-09-30")),
    ("Diciembre de 2026", days("2026-12-01", "2026-12-31")),
    ("Febrero de 2024", days("2024-02-01", "2024-02-29")),
    ("Febrero de 2023", days("2023-02-01", "2023-02-28")),
    ("1er semestre 2013", days("2013-01-01", "2013-06-30")),
    ("1.er semestre de 2013", days("2013-01-01", "2013-06-30")),
    ("2do semestre de 2012", days("2012-07-01", "2012-12-31")),
    ("II semestre 2012", days("2012-07-01", "2012-12-31")),
    ("Segundo semestre de 2026", days("2026-07-01", "2026-12-31")),
    ("segundo trimestre de 2013", days("2013-04-01", "2013-06-30")),
    ("Tercer trimestre de 2013", days("2013-07-01", "2013-09-30")),
    ("Cuarto trimestre de 2012", days("2012-10-01", "2012-12-31")),
    ("I trimestre 2013", days("2013-01-01", "2013-03-31")),
    ("Año 2012", days("2012-01-01", "2012-12-31")),
    ("2012 - 2013", days("2012-01-01", "2013-12-31")),
    ("2012 a 2013", days("2012-01-01", "2013-12-31")),
    ("Junio de 2012 - Marzo de 2013", days("2012-06-01", "2013-03-31")),
]
ENGLISH = [
    ("August 2012", days("2012-08-01", "2012-08-31")),
    ("June 2012", days("2012-06-01", "2012-06-30")),
    ("First half of 2013", days("2013-01-01", "2013-06-30")),
    ("Second half of 2012", days("2012-07-01", "2012-12-31")),
    ("H1 2013", days("2013-01-01", "2013-06-30")),
    ("First quarter of 2013", days("2013-01-01", "2013-03-31")),
    ("Q3 2012", days("2012-07-01", "2012-09-30")),
    ("2012", days("2012-01-01", "2012-12-31")),
    ("Year 2012", days("2012-01-01", "2012-12-31")),
    ("2012-2013", days("2012-01-01", "2013-12-31")),
    ("2012 - first half of 2013", days("2012-01-01", "2013-06-30")),
    ("2012 - Second half of 2013", days("2012-01-01", "2013-12-31")),
    ("2012 to 2013", days("2012-01-01", "2013-12-31")),
]


@pytest.mark.parametrize(("phrase", "expected"), SEED)
def test_every_goal_phrase_of_the_seed_reads_as_its_range(phrase, expected):
    assert parse_period(phrase) == expected


@pytest.mark.parametrize(("phrase", "expected"), SPANISH)
def test_the_other_spanish_forms_read_as_their_range(phrase, expected):
    assert parse_period(phrase) == expected


@pytest.mark.parametrize(("phrase", "expected"), ENGLISH)
def test_the_english_forms_read_as_their_range(phrase, expected):
    assert parse_period(phrase) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "segundo SEMESTRE del ano 2012",
        "  Segundo   semestre  del  año 2012 ",
        "Segundo semestre del año 2012.",
        "SEGUNDO SEMESTRE DEL AÑO 2012",
    ],
)
def test_case_accents_spaces_and_a_trailing_period_do_not_matter(phrase):
    assert parse_period(phrase) == days("2012-07-01", "2012-12-31")


@pytest.mark.parametrize(
    "phrase",
    [
        " Cada país definirá el dónde y cómo",
        "Each country will decide where and how",
        "",
        "   ",
        "Capacitar 12345 funcionarios",
    ],
)
def test_a_phrase_without_a_year_carries_no_date(phrase):
    assert parse_period(phrase) is None


@pytest.mark.parametrize(
    "phrase",
    [
        "Agostro de 2012",
        "Semestre 5 de 2012",
        "13/2012",
        "Tercer semestre de 2012",
        "Quinto trimestre de 2013",
        "Q5 2012",
        "Agosto de 2212",
        "Antes de 2013",
    ],
)
def test_a_phrase_with_a_year_in_no_known_form_is_refused_naming_it(phrase):
    with pytest.raises(PeriodError, match=re.escape(f'"{phrase}"')) as refused:
        parse_period(phrase)
    assert "use a month, half, quarter or year" in str(refused.value)


def test_the_refusal_names_the_phrase_and_says_what_is_understood():
    with pytest.raises(PeriodError) as refused:
        parse_period("Agostro de 2012")
    assert str(refused.value) == (
        'Cannot read "Agostro de 2012" as a period: use a month, half, quarter or year, '
        'e.g. "Agosto de 2012", "Primer semestre de 2013", "2012-2013".'
    )


def test_a_refusal_is_a_value_error():
    with pytest.raises(ValueError):
        parse_period("Agostro de 2012")


@pytest.mark.parametrize(
    "phrase", ["2013-2012", "Marzo de 2013 - Junio de 2012", "2013 - Marzo de 2013"]
)
def test_a_span_whose_first_part_comes_after_its_second_is_refused(phrase):
    with pytest.raises(PeriodError, match="comes after its second"):
        parse_period(phrase)


def test_a_span_runs_from_the_start_of_its_first_part_to_the_end_of_its_second():
    assert parse_period("Abril de 2012 a Segundo trimestre de 2013") == days(
        "2012-04-01", "2013-06-30"
    )


def test_a_half_year_ends_on_the_last_day_of_june():
    assert parse_period("Primer semestre de 2013").end == date(2013, 6, 30)


def test_a_period_includes_its_first_and_last_day_and_nothing_beyond():
    period = parse_period("Agosto de 2012")
    assert date(2012, 8, 1) in period
    assert date(2012, 8, 31) in period
    assert date(2012, 9, 1) not in period


@pytest.mark.parametrize(
    ("phrase", "spanish", "english"),
    [
        ("Agosto de 2012", "ago 2012", "Aug 2012"),
        ("Setiembre de 2012", "sep 2012", "Sep 2012"),
        ("Primer semestre de 2013", "1.er sem. 2013", "H1 2013"),
        ("Segundo semestre del año  2012", "2.º sem. 2012", "H2 2012"),
        ("Primer trimestre de 2013", "1.er trim. 2013", "Q1 2013"),
        ("Tercer trimestre de 2013", "3.er trim. 2013", "Q3 2013"),
        ("Cuarto trimestre de 2013", "4.º trim. 2013", "Q4 2013"),
        ("2012", "2012", "2012"),
        ("2012-2013", "2012–2013", "2012–2013"),
        ("2012- Segundo semestre de 2013", "2012–2013", "2012–2013"),
        ("2012- Primer semestre de 2013", "ene 2012–jun 2013", "Jan 2012–Jun 2013"),
    ],
)
def test_a_period_has_a_short_label_in_each_language(phrase, spanish, english):
    period = parse_period(phrase)
    assert format_period(period, "es") == spanish
    assert format_period(period, "en") == english


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(("phrase", "expected"), SEED + SPANISH + ENGLISH)
def test_every_label_reads_back_as_the_same_period(phrase, expected, language):
    if expected is not None:
        assert parse_period(format_period(expected, language)) == expected


def test_a_range_that_is_not_whole_months_is_labelled_by_its_days():
    period = days("2012-08-15", "2012-09-14")
    assert format_period(period, "es") == "15 ago 2012–14 sep 2012"
    assert format_period(period, "en") == "15 Aug 2012–14 Sep 2012"


def test_a_regional_language_code_uses_its_language():
    assert format_period(parse_period("Agosto de 2012"), "en-us") == "Aug 2012"


def test_no_period_has_an_empty_label():
    assert format_period(None, "es") == ""
