from types import SimpleNamespace

import pytest
from django.utils import translation

from coalition.lib.phones import (
    PhoneError,
    display,
    find_in_text,
    normalize,
    normalize_all,
    region_of,
    tel,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_number_is_read_as_the_countrys_and_stored_in_e164():
    assert normalize("2222-3333", "CR") == "+50622223333"
    assert normalize("+502 2411 9191") == "+50224119191"
    assert normalize("911", "CR") == "911"  # a short service number stays as it is dialled


@pytest.mark.parametrize(
    ("text", "region", "message"),
    [
        ("2222-3333", None, "“2222-3333”: start with + and the country code (e.g. +506)."),
        ("abc", "CR", "“abc” is not a phone number."),
        ("123", "CR", "“123” is not a valid number for CR."),
        ("", "CR", "Empty phone number."),
    ],
)
def test_what_is_not_a_number_is_named(text, region, message):
    with pytest.raises(PhoneError) as caught:
        normalize(text, region)
    assert str(caught.value) == message


def test_a_list_is_kept_once_with_its_errors():
    assert normalize_all(["2222-3333", "22223333", " ", "x"], "CR") == (
        ["+50622223333"],
        ["“x” is not a phone number."],
    )


def test_numbers_are_shown_international():
    assert display("+50622223333") == "+506 2222 3333"
    assert display("911") == "911"
    # A phone kept as typed because it is no valid number is not re-spaced.
    assert display("+506 0000 0113") == "+506 0000 0113"


def test_the_regional_level_has_no_region():
    assert region_of(SimpleNamespace(is_regional=False, iso2="GT")) == "GT"
    assert region_of(SimpleNamespace(is_regional=True, iso2="")) is None
    assert region_of(None) is None


def test_the_numbers_in_a_text_are_found_once_whatever_the_regions_that_read_them():
    text = "Llamar al 2222-3333 o al +502 2411 9191; no al 2021."
    found = [text[m.start : m.end] for m in find_in_text(text, ["CR", "GT", "sv"])]
    assert sorted(found) == ["+502 2411 9191", "2222-3333"]


@pytest.mark.parametrize(
    ("number", "address"),
    [
        ("911", "tel:911"),
        ("1-1-1", "tel:111"),
        ("+50622223333", "tel:+50622223333"),
        ("+506 2222 3333", "tel:+50622223333"),
    ],
)
def test_a_call_link_keeps_a_short_code_as_dialled_and_a_long_number_international(number, address):
    assert tel(number) == address
