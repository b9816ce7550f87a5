"""How every date is written (coalition/formats): the day, the month's abbreviation and the
year in both languages, a 24-hour clock, and typed dates read without guessing."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

DAY = datetime.date(2026, 12, 2)
MOMENT = datetime.datetime(2026, 12, 2, 13, 49)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("es", "2 dic 2026", "2 dic 2026, 13:49"), ("en", "2 Dec 2026", "2 Dec 2026, 13:49")],
)
def test_every_named_format_writes_the_day_with_the_months_name(language, day, moment):
    with translation.override(language):
        assert date_format(DAY) == day
        assert date_format(DAY, "SHORT_DATE_FORMAT") == day
        assert date_format(MOMENT, "DATETIME_FORMAT") == moment
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == moment
        # A bare {{ date }} and |localize follow the same form.
        template = Template("{% load l10n %}{{ day }} | {{ day|localize }} | {{ moment }}")
        assert template.render(Context({"day": DAY, "moment": MOMENT})) == (
            f"{day} | {day} | {moment}"
        )


def test_may_june_and_september_read_the_same_way_in_spanish():
    with translation.override("es"):
        assert [date_format(datetime.date(2026, m, 1)) for m in (5, 6, 9)] == [
            "1 may 2026",
            "1 jun 2026",
            "1 sep 2026",
        ]


class DayForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_date_input_sends_iso_which_both_languages_read(language):
    with translation.override(language):
        form = DayForm({"day": "2026-12-02"})
        assert form.is_valid() and form.cleaned_data["day"] == DAY


def test_a_typed_date_is_read_day_first_in_spanish_and_not_guessed_in_english():
    with translation.override("es"):
        form = DayForm({"day": "02/12/2026"})
        assert form.is_valid() and form.cleaned_data["day"] == DAY
    with translation.override("en"):
        assert not DayForm({"day": "12/02/2026"}).is_valid()
        form = DayForm({"day": "2 Dec 2026"})
        assert form.is_valid() and form.cleaned_data["day"] == DAY
