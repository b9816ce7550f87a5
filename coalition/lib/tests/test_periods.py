"""Goal phrases read as date ranges: every phrase of the seed, the English forms, the
phrases without a date, and the ones that must be refused."""

from datetime import date

import pytest

from coalition.lib.periods import Period, PeriodError, format_period, parse_period

# Every phrase of the seed's "Metas" column, as written.
SEED = [
    ("Agosto de 2012", date(2012, 8, 1), date(2012, 8, 31)),
    ("Segundo semestre del año  2012", date(2012, 7, 1), date(2012, 12, 31)),
    ("Primer semestre de 2013", date(2013, 1, 1), date(2013, 6, 30)),
    ("Junio de 2012", date(2012, 6, 1), date(2012, 6, 30)),
    ("2012- Primer semestre de 2013", date(2012, 1, 1), date(2013, 6, 30)),
    ("2012-2013", date(2012, 1, 1), date(2013, 12, 31)),
    ("Abril de 2012", date(2012, 4, 1), date(2012, 4, 30)),
    ("Primer trimestre de 2013", date(2013, 1, 1), date(2013, 3, 31)),
    ("Primer semestre del 2012", date(2012, 1, 1), date(2012, 6, 30)),
    ("2012- Segundo semestre de 2013", date(2012, 1, 1), date(2013, 12, 31)),
    ("2012", date(2012, 1, 1), date(2012, 12, 31)),
    ("2013", date(2013, 1, 1), date(2013, 12, 31)),
]
OTHER_SPANISH = [
    ("agosto 2012", date(2012, 8, 1), date(2012, 8, 31)),
    ("Setiembre de 2012.", date(2012, 9, 1), date(2012, 9, 30)),
    ("septiembre de 2012", date(2012, 9, 1), date(2012, 9, 30)),
    ("Febrero de 2024", date(2024, 2, 1), date(2024, 2, 29)),
    ("1er semestre 2013", date(2013, 1, 1), date(2013, 6, 30)),
    ("II semestre 2012", date(2012, 7, 1), date(2012, 12, 31)),
    ("I trimestre 2013", date(2013, 1, 1), date(2013, 3, 31)),
    ("Cuarto trimestre de 2012", date(2012, 10, 1), date(2012, 12, 31)),
    ("Año 2012", date(2012, 1, 1), date(2012, 12, 31)),
    ("2012 - 2013", date(2012, 1, 1), date(2013, 12, 31)),
    ("2012 a 2013", date(2012, 1, 1), date(2013, 12, 31)),
    ("Junio de 2012 - Marzo de 2013", date(2012, 6, 1), date(2013, 3, 31)),
]
ENGLISH = [
    ("August 2012", date(2012, 8, 1), date(2012, 8, 31)),
    ("June 2012", date(2012, 6, 1), date(2012, 6, 30)),
    ("First half of 2013", date(2013, 1, 1), date(2013, 6, 30)),
    ("Second half of 2012", date(2012, 7, 1), date(2012, 12, 31)),
    ("H1 2013", date(2013, 1, 1), date(2013, 6, 30)),
    ("First quarter of 2013", date(2013, 1, 1), date(2013, 3, 31)),
    ("Q3 2012", date(2012, 7, 1), date(2012, 9, 30)),
    ("Year 2012", date(2012, 1, 1), date(2012, 12, 31)),
    ("2012 - first half of 2013", date(2012, 1, 1), date(2013, 6, 30)),
    ("2012 to 2013", date(2012, 1, 1), date(2013, 12, 31)),
]


@pytest.mark.parametrize(("phrase", "start", "end"), SEED + OTHER_SPANISH + ENGLISH)
def test_a_dated_phrase_becomes_the_range_it_means(phrase, start, end):
    assert parse_period(phrase) == Period(start, end)


@pytest.mark.parametrize(
    "phrase", [" Cada país definirá el dónde y cómo", "Each country will decide", "", "   "]
)
def test_a_phrase_without_a_year_carries_no_date(phrase):
    assert parse_period(phrase) is None


@pytest.mark.parametrize(
    "phrase",
    ["Agostro de 2012", "Semestre 5 de 2012", "13/2012", "Tercer semestre de 2012", "Q5 2012"],
)
def test_a_phrase_with_a_year_in_no_known_form_is_refused_with_the_phrase(phrase):
    with pytest.raises(PeriodError, match=phrase):
        parse_period(phrase)


def test_a_span_that_ends_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="ends before it starts"):
        parse_period("2013-2012")


def test_a_half_year_ends_on_the_last_day_of_june():
    assert parse_period("Primer semestre de 2013").end == date(2013, 6, 30)


@pytest.mark.parametrize(
    ("phrase", "spanish", "english"),
    [
        ("Agosto de 2012", "ago 2012", "Aug 2012"),
        ("Primer semestre de 2013", "1.º sem. 2013", "H1 2013"),
        ("Primer trimestre de 2013", "1.º trim. 2013", "Q1 2013"),
        ("2012-2013", "2012–2013", "2012–2013"),
        ("2012- Primer semestre de 2013", "ene 2012–jun 2013", "Jan 2012–Jun 2013"),
    ],
)
def test_a_period_has_a_short_label_in_each_language(phrase, spanish, english):
    period = parse_period(phrase)
    assert format_period(period, "es") == spanish
    assert format_period(period, "en") == english


def test_no_period_has_an_empty_label():
    assert format_period(None) == ""
