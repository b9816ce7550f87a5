"""Countries of the world by their ISO 3166-1 alpha-2 code, named in the reader's language.

Citizenship in the sentence statistics is a code, never free text. ``XX`` (a code ISO
leaves to users) stands for an unknown citizenship or a stateless person. Names come from
``pycountry``, whose Spanish translations are the ISO 3166 catalogue's own.
"""

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _

UNKNOWN = "XX"


@cache
def _catalogue(language):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


@cache
def codes():
    """Every alpha-2 code, and ``XX``."""
    return frozenset(c.alpha_2 for c in pycountry.countries) | {UNKNOWN}


def is_code(value):
    return isinstance(value, str) and value.upper() in codes()


def name(code, language=None):
    """The country's common name in ``language`` (default: the active one)."""
    code = (code or "").upper()
    if code == UNKNOWN:
        return _("Unknown or stateless")
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    language = (language or get_language() or "es").split("-")[0]
    if language == "en":
        return english
    return _catalogue(language).gettext(english)


def choices(language=None):
    """(code, name) of every country, sorted by name, ``XX`` first."""
    rows = sorted(((c, name(c, language)) for c in codes() - {UNKNOWN}), key=lambda r: r[1])
    return [(UNKNOWN, name(UNKNOWN, language)), *rows]


def lookup(text):
    """The alpha-2 code a name or code stands for (alpha-2, alpha-3, English or Spanish
    name, case and accents aside), or None."""
    from coalition.lib.text import fold

    text = (text or "").strip()
    if not text:
        return None
    if is_code(text):
        return text.upper()
    found = pycountry.countries.get(alpha_3=text.upper())
    if found:
        return found.alpha_2
    wanted = fold(text)
    for code in codes() - {UNKNOWN}:
        if wanted in (fold(name(code, "en")), fold(name(code, "es"))):
            return code
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None
