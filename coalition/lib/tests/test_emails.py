from django.utils import translation

from coalition.lib.emails import normalize_all


def test_addresses_are_kept_once_in_lower_case_and_bad_ones_named():
    with translation.override("en"):
        emails, errors = normalize_all(
            ["Ana@Example.test", " ", "ana@example.test", "not-an-address", "b@example.test"]
        )
    assert emails == ["ana@example.test", "b@example.test"]
    assert errors == ["“not-an-address” is not an e-mail address."]
