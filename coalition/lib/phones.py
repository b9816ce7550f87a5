"""Phone numbers: read as people write them, stored in E.164 ("+50622223333").

A number without a country code is read as a number of the record's country; at the
regional level (no country) it must start with "+". Short service numbers (911, 1-1-1,
800 numbers of a help line) are kept as digits when the country's plan knows them.
"""

import phonenumbers
from django.utils.translation import gettext as _


class PhoneError(ValueError):
    pass


def normalize(text, region=None):
    """E.164 of ``text`` read in ``region`` (ISO 3166-1 alpha-2 or None), or PhoneError."""
    raw = (text or "").strip()
    if not raw:
        raise PhoneError(_("Empty phone number."))
    try:
        number = phonenumbers.parse(raw, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        if region is None and not raw.startswith("+"):
            raise PhoneError(
                _("“%(value)s”: start with + and the country code (e.g. +506).") % {"value": raw}
            ) from None
        raise PhoneError(_("“%(value)s” is not a phone number.") % {"value": raw}) from None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    short = "".join(ch for ch in raw if ch.isdigit())
    if (
        region
        and short
        and phonenumbers.is_valid_short_number_for_region(
            phonenumbers.parse(short, region.upper()), region.upper()
        )
    ):
        return short
    raise PhoneError(
        _("“%(value)s” is not a valid number for %(region)s.")
        % {"value": raw, "region": region or _("any country")}
    )


def region_of(country):
    """The region a record's phones are read in: its country's code, or None at the
    regional level (or without a country), where numbers must start with "+"."""
    return None if country is None or country.is_regional else country.iso2


def normalize_all(values, region=None):
    """``(numbers, errors)`` for a list of texts: the E.164 numbers, without repeats, and
    the messages of those that are not numbers."""
    numbers, errors = [], []
    for value in values:
        if not str(value).strip():
            continue
        try:
            number = normalize(str(value), region)
        except PhoneError as exc:
            errors.append(str(exc))
            continue
        if number not in numbers:
            numbers.append(number)
    return numbers, errors


def display(e164):
    """ "+506 2222 3333" for "+50622223333"; short numbers, and what is no valid number
    (a phone kept as it was typed), as they are."""
    if not e164.startswith("+"):
        return e164
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(number):
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel(number):
    """The ``tel:`` address of a number as stored or dialled, without spaces: a number with
    its country code keeps it ("tel:+50622223333"); a short code stays as dialled
    ("tel:911"), for a country code would make it another number."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"tel:+{digits}" if number.strip().startswith("+") else f"tel:{digits}"


def find_in_text(text, regions):
    """The phone numbers written in a free text: ``phonenumbers``' matcher, run once per
    region of ``regions`` (a number without "+" is read as a number of each in turn;
    one with "+" is found whatever its country). Each match once, in the order found."""
    seen = set()
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region.upper()):
            if (match.start, match.end) not in seen:
                seen.add((match.start, match.end))
                yield match
