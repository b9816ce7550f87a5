"""Text helpers: accent- and case-insensitive folding for search, and reading numbers."""

import unicodedata


def fold(text):
    """Lower case, no accents, single spaces: "Atención  Panamá" -> "atencion panama"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def localized(obj, field):
    """``obj.<field>_en`` when English is active and it is filled in, else ``<field>_es``.

    Bilingual models keep both texts; Spanish is the text of record.
    """
    from django.utils.translation import get_language

    if (get_language() or "es").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_es")


def int_or_none(value):
    """The whole number written in ``value`` (e.g. a query parameter), or None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
