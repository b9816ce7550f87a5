"""Censored arithmetic: a count that may be known exactly, known to lie in a range, or
hidden.

GLOTIP publishes small counts as ``<5``; the disclosure control hides small cells (``<5``)
and their complements (``x``). A sum that includes a ``<5`` is not a number but a range:
35 + <5 is "35–39", never "35" and never "37". ``Count`` carries the range so that every
table, export and API answer says the same honest thing.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Count:
    """The counts ``low`` to ``high`` (None: no upper bound); ``hidden`` when a
    complementary suppression hides it (then shown ``x``, whatever the range)."""

    low: int
    high: int | None
    hidden: bool = False

    @classmethod
    def exact(cls, value):
        return cls(value, value)

    @classmethod
    def below(cls, bound):
        """A censored count published as ``<bound``."""
        return cls(0, bound - 1)

    @classmethod
    def of(cls, value, censored=False):
        """A ``Figure``'s value: exact, or censored (its value is the bound)."""
        return cls.below(value) if censored else cls.exact(value)

    @classmethod
    def from_shown(cls, shown):
        """A ``disclosure.Shown``: its value, ``<k`` when small, ``x`` when a complement."""
        if not shown.suppressed:
            return cls.exact(shown.value)
        if shown.primary:
            return cls.below(shown.k)
        return cls(0, None, hidden=True)

    @property
    def is_exact(self):
        return not self.hidden and self.low == self.high

    @property
    def value(self):
        """The number when it is exact, else None (a chart leaves a gap there)."""
        return self.low if self.is_exact else None

    @property
    def censored(self):
        return not self.is_exact

    def __add__(self, other):
        if not isinstance(other, Count):
            return NotImplemented
        high = None if self.high is None or other.high is None else self.high + other.high
        return Count(self.low + other.low, high, self.hidden or other.hidden)

    def __bool__(self):
        return self.hidden or self.high is None or self.high > 0

    def __str__(self):
        if self.hidden:
            return "x"
        if self.high is None:
            return f"≥{self.low}"
        if self.low == self.high:
            return str(self.low)
        if self.low == 0:
            return f"<{self.high + 1}"
        return f"{self.low}–{self.high}"


ZERO = Count.exact(0)


def total(counts):
    """The censored sum of ``counts`` (zero for none)."""
    result = ZERO
    for count in counts:
        result = result + count
    return result
