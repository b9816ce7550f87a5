"""Text helpers: accent- and case-insensitive folding for search."""

import unicodedata


def fold(text):
    """Lower case, no accents, single spaces: "Atención  Panamá" -> "atencion panama"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
