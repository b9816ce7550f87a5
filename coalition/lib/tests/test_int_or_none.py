import pytest

from coalition.lib.text import BIGGEST_INT, SMALLEST_INT, int_or_none


@pytest.mark.parametrize("written", ["12", " 12 ", "+12", 12])
def test_a_whole_number_is_read(written):
    assert int_or_none(written) == 12


@pytest.mark.parametrize("written", [None, "", "abc", "1.5", "1e309", "NaN", float("inf")])
def test_what_is_no_whole_number_is_none(written):
    assert int_or_none(written) is None


@pytest.mark.parametrize(
    "written", ["99999999999999999999999", "-99999999999999999999999", str(BIGGEST_INT + 1)]
)
def test_a_number_no_database_can_store_is_none(written):
    assert int_or_none(written) is None


def test_the_numbers_a_database_stores_are_read_to_their_ends():
    assert int_or_none(str(BIGGEST_INT)) == BIGGEST_INT
    assert int_or_none(str(SMALLEST_INT)) == SMALLEST_INT


def test_a_number_outside_the_range_asked_for_is_none():
    assert int_or_none("0", minimum=1) is None
    assert int_or_none("10000", minimum=1, maximum=9999) is None
    assert int_or_none("9999", minimum=1, maximum=9999) == 9999
