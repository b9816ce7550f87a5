"""Text helpers: accent- and case-insensitive folding for search, and reading numbers."""

import re
import unicodedata


def fold(text):
    """Lower case, no accents, single spaces: "Atención  Panamá" -> "atencion panama"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def find_words(text, words):
    """Where ``words`` first occur in ``text`` as whole words, case, accents and spacing
    ignored, as ``(start, end)`` offsets into ``text``; None when they do not.
    ``find_words("OIM y Save the Children", "save the children")`` -> ``(6, 23)``."""
    wanted = fold(words).split()
    if not wanted or not text:
        return None
    folded, origin = [], []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch):
            if not unicodedata.combining(part):
                folded.append(part.casefold())
                origin.extend([i] * len(part.casefold()))
    body = r"\s+".join(re.escape(word) for word in wanted)
    match = re.search(rf"(?<!\w){body}(?!\w)", "".join(folded))
    if match is None:
        return None
    return origin[match.start()], origin[match.end() - 1] + 1


def choice_codes(choices):
    """{folded code or label, in Spanish and English: code} of a TextChoices class, for
    imports that accept either; a label's part before a colon counts too ("Low: a single
    unconfirmed source" is also "low")."""
    from django.utils import translation

    found = {fold(code): code for code in choices.values}
    for language in ("es", "en"):
        with translation.override(language):
            for code, label in choices.choices:
                text = fold(str(label))
                found.setdefault(text, code)
                found.setdefault(text.split(":")[0].strip(), code)
    return found


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


# The whole numbers every supported database stores (a signed 64-bit integer). A number
# outside them names no row, and drivers fail on it: SQLite cannot even take it as a
# parameter (OverflowError).
SMALLEST_INT, BIGGEST_INT = -(2**63), 2**63 - 1


def int_or_none(value, minimum=SMALLEST_INT, maximum=BIGGEST_INT):
    """The whole number written in ``value`` (e.g. a query parameter), or None, also when
    it lies outside ``minimum``..``maximum`` (by default, what a database can store).

    Every number read by hand from a request goes through here."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if minimum <= number <= maximum else None
