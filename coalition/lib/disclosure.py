"""Statistical disclosure control: counts of people that leave their country's scope.

Every figure about people (victims, defendants, the victim counts kept on routes) shown to
someone outside its country's data roles (partners, other countries' editors, the public
site, exports, the API, shares) goes through ``protect`` (or ``crosstab``), and only through
it: a page, an export and the API that each decided on their own would sooner or later
disagree, and the difference between two of them is exactly the leak this module closes.

``protect(atoms, figures)`` takes the finest cells with their exact counts (*atoms*) and
every figure that will be published, each named and given as the atoms it sums (a table's
cells, its row and column totals, the grand total, the cells of a second table over the same
data, the same table at another date...). It answers, for each figure, a ``Shown``:

- **Primary suppression.** A figure with ``0 < value < k`` is hidden and shown ``<k``.
  ``k`` is ``DISCLOSURE_MIN_COUNT`` (default 5).
- **Zeros are shown.** Statistical offices publish zeros, and hiding one protects nothing
  here: counts are never negative, so a published zero figure tells that *each* of its
  atoms is zero, and the check below treats every atom of a published zero as known. A
  zero is therefore never hidden, neither as a primary nor as a complement.
- **Complementary suppression.** More figures are hidden until no hidden figure can be
  worked out from the published ones: its atom-indicator vector is not in the linear span of
  the published figures' vectors (together with the unit vectors of the atoms known to be
  zero). Complements are chosen greedily: the figure with fewer atoms first (a cell before
  its totals, so that margins stay shown whenever cells can protect), then the smallest
  value, then the order given, so the answer is deterministic; a last pass shows again
  every complement that turned out not to be needed. A complement is shown ``x``
  (``HIDDEN``), never ``<k``: it is not small, and a total that includes one is unbounded.

``exact(atoms, figures)`` gives the same ``Shown`` objects, nothing hidden, for the readers
who may see exact counts (``core.access.sees_exact_counts``), so one template serves both.

**Several tables of the same data must be protected together**, by passing all their figures
to one ``protect`` call over the same atoms (victims by sex and victims by age over atoms
(sex, age); the same table at two dates over atoms (cell, period of entry)). Protected one by
one, each table may be safe while subtracting one from the other gives a hidden cell back.
For the same reason, a difference that is itself sensitive but not published (the new
cases between two dates) is only protected if it is listed as a figure.

The span test is exact: integer Gaussian elimination (fraction free, rows divided by their
gcd), never floating point, whose rank decisions can be wrong on near-singular matrices.
Atoms that a published one-atom figure (a cell) or a published zero already tell are taken
out first, so the elimination only sees the hidden atoms against the totals: a 30 x 12
table with margins protects in a few milliseconds (the tests time it under 50 ms).

What it does not promise: that a hidden figure cannot be *bounded* (``<5`` says 1 to 4;
non-negativity bounds the rest), or that an attacker who knows some of the people counted
learns nothing. It is the linear protection that statistical offices call complementary
cell suppression.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import gcd

HIDDEN = "x"


def min_count():
    """The smallest count shown exactly outside its country (``DISCLOSURE_MIN_COUNT``)."""
    from django.conf import settings

    return settings.DISCLOSURE_MIN_COUNT


@dataclass(frozen=True)
class Shown:
    """A figure as it may be shown: the value, or why it is hidden."""

    value: int | None  # None when suppressed
    suppressed: bool
    k: int
    primary: bool = False  # hidden because it is small (True) or to protect another (False)

    def __str__(self):
        if not self.suppressed:
            return str(self.value)
        return f"<{self.k}" if self.primary else HIDDEN

    @property
    def bounds(self):
        """``(low, high)`` that the shown figure tells; ``high`` is None when unbounded."""
        if not self.suppressed:
            return self.value, self.value
        if self.primary:
            return 1, self.k - 1
        return self.k, None


def protect(
    atoms: Mapping[Hashable, int],
    figures: Mapping[Hashable, Iterable[Hashable]],
    k: int | None = None,
) -> dict[Hashable, Shown]:
    """Each figure (a sum of atoms) as it may be published; see the module docstring.

    ``atoms`` maps each finest cell to its exact count (an int >= 0); ``figures`` maps each
    figure to publish to the atoms it sums. Raises ``ValueError`` on a negative or
    non-integer count, an unknown atom, or an atom listed twice in one figure.
    """
    k = min_count() if k is None else k
    index = {}
    counts = []
    for key, count in atoms.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"The count of {key!r} must be a whole number >= 0, not {count!r}.")
        index[key] = len(counts)
        counts.append(count)
    keys = list(figures)
    vectors = []
    for key in keys:
        members = list(figures[key])
        try:
            vector = frozenset(index[atom] for atom in members)
        except KeyError as exc:
            raise ValueError(f"Figure {key!r} sums an unknown atom {exc.args[0]!r}.") from None
        if len(vector) != len(members):
            raise ValueError(f"Figure {key!r} lists an atom twice.")
        vectors.append(vector)
    values = [sum(counts[i] for i in vector) for vector in vectors]
    hidden = _suppress(vectors, values, k)
    return {
        key: Shown(
            value=None if n in hidden else values[n],
            suppressed=n in hidden,
            k=k,
            primary=n in hidden and values[n] < k,
        )
        for n, key in enumerate(keys)
    }


def exact(atoms: Mapping[Hashable, int], figures: Mapping[Hashable, Iterable[Hashable]]):
    """Each figure shown as it is, as ``Shown``: for readers who may see exact counts
    (``core.access.sees_exact_counts``), so that one template serves both kinds of reader."""
    k = min_count()
    return {
        key: Shown(value=sum(atoms[atom] for atom in members), suppressed=False, k=k)
        for key, members in figures.items()
    }


@dataclass(frozen=True)
class CrossTab:
    """A two-way table protected as a whole: cells, row and column totals, grand total."""

    rows: tuple
    cols: tuple
    shown: dict

    def cell(self, row, col):
        return self.shown[("cell", row, col)]

    def row_total(self, row):
        return self.shown[("row", row)]

    def col_total(self, col):
        return self.shown[("col", col)]

    @property
    def total(self):
        return self.shown[("total",)]


def crosstab(
    counts: Mapping[tuple[Hashable, Hashable], int],
    rows: Sequence,
    cols: Sequence,
    k: int | None = None,
) -> CrossTab:
    """``counts[(row, col)]`` (missing pairs count 0) as a protected table with margins.

    A count outside ``rows`` x ``cols`` raises ``ValueError``: it would be lost from the
    totals. To publish this table beside another one of the same data, call ``protect``
    once with both tables' figures instead.
    """
    rows, cols = tuple(rows), tuple(cols)
    stray = set(counts) - {(r, c) for r in rows for c in cols}
    if stray:
        raise ValueError(f"Counts outside the table: {sorted(map(repr, stray))[:5]}.")
    atoms = {(r, c): counts.get((r, c), 0) for r in rows for c in cols}
    figures = {("cell", r, c): [(r, c)] for r in rows for c in cols}
    figures.update({("row", r): [(r, c) for c in cols] for r in rows})
    figures.update({("col", c): [(r, c) for r in rows] for c in cols})
    figures[("total",)] = list(atoms)
    return CrossTab(rows=rows, cols=cols, shown=protect(atoms, figures, k))


# --- the suppression itself ------------------------------------------------------------------


def _cost(n, vectors, values):
    return (len(vectors[n]), values[n], n)


def _suppress(vectors, values, k):
    """Indexes of the figures to hide: the small ones, then complements until safe."""
    primary = {n for n, value in enumerate(values) if 0 < value < k}
    hidden = set(primary)
    containing = {}  # atom -> the figures that sum it
    for n, vector in enumerate(vectors):
        for atom in vector:
            containing.setdefault(atom, []).append(n)
    while True:
        found = _first_recoverable(vectors, values, hidden, support=True)
        if found is None:
            break
        figure, support = found
        candidates = _candidates(figure, support, vectors, values, hidden)
        if not candidates:  # cannot happen (see _candidates); hide the cheapest to stay safe
            candidates = [n for n, v in enumerate(values) if v and n not in hidden]
        known = _known(vectors, values, hidden)
        hidden.add(
            min(
                candidates,
                key=lambda n: (
                    len(vectors[n]),
                    _exposed(n, vectors, known, hidden, containing),
                    values[n],
                    n,
                ),
            )
        )
    # The greedy choice can hide a complement that a later one made unnecessary.
    for n in sorted(hidden - primary, key=lambda n: _cost(n, vectors, values), reverse=True):
        hidden.discard(n)
        if _first_recoverable(vectors, values, hidden) is not None:
            hidden.add(n)
    # Figures that sum the same atoms (those of published zeros aside) can only be shown
    # together, since showing one tells the others: a convicted total equal to its one
    # non-zero cell. Shown one at a time, none of them ever could be.
    zeros = set()
    for n, value in enumerate(values):
        if value == 0:
            zeros |= vectors[n]
    groups = {}
    for n in hidden - primary:
        groups.setdefault(vectors[n] - zeros, set()).add(n)
    for group in sorted(
        (g for g in groups.values() if len(g) > 1),
        key=lambda g: (max(_cost(n, vectors, values) for n in g), min(g)),
        reverse=True,
    ):
        hidden -= group
        if _first_recoverable(vectors, values, hidden) is not None:
            hidden |= group
    return hidden


def _exposed(n, vectors, known, hidden, containing):
    """How many published totals hiding this one-atom figure would leave with one unknown.

    Each would give the atom back at once and call for one more complement; a cell whose
    other totals already hold a hidden atom (closing a rectangle of hidden cells) costs none.
    """
    if len(vectors[n]) != 1:
        return 0
    (atom,) = vectors[n]
    return sum(
        1
        for m in containing[atom]
        if m != n and m not in hidden and len(vectors[m]) > 1 and vectors[m] <= known
    )


def _known(vectors, values, hidden):
    """Atoms the published figures tell one by one: their own cell, or a published zero."""
    known = set()
    for n, vector in enumerate(vectors):
        if n not in hidden and (len(vector) == 1 or values[n] == 0):
            known |= vector
    return known


def _candidates(figure, support, vectors, values, hidden):
    """Published figures whose hiding breaks this way of working out ``figure``.

    They are the multi-atom figures of the combination (``support``) and the published
    one-atom figures of any atom that the combination or the figure itself uses. A figure in
    the support has a value above zero (a zero's atoms are all known, so it drops out of the
    elimination), so the list is never empty while a hidden figure is recoverable.
    """
    involved = set(vectors[figure])
    for n in support:
        involved |= vectors[n]
    return [
        n
        for n, vector in enumerate(vectors)
        if n not in hidden
        and values[n]
        and (n in support or (len(vector) == 1 and next(iter(vector)) in involved))
    ]


def _first_recoverable(vectors, values, hidden, *, support=False):
    """The first hidden figure that the published ones determine, or None.

    With ``support``, ``(figure, support)`` where ``support`` is the set of multi-atom
    published figures of one combination that gives it (tracked only when asked: the
    bookkeeping doubles the work).
    """
    known = _known(vectors, values, hidden)
    basis = {}  # pivot column -> (row, combination)
    seen = set()
    for n, vector in enumerate(vectors):
        if n in hidden:
            continue
        reduced = vector - known
        if not reduced or reduced in seen:
            continue
        seen.add(reduced)
        row, combination = _reduce(dict.fromkeys(reduced, 1), {n: 1} if support else None, basis)
        if row:
            basis[min(row)] = (row, combination)
    for n in sorted(hidden):
        row, combination = _reduce(
            dict.fromkeys(vectors[n] - known, 1), {} if support else None, basis
        )
        if not row:
            return (n, {m for m, c in combination.items() if c}) if support else n
    return None


def _reduce(row, combination, basis):
    """Eliminate ``row`` against the echelon ``basis`` (exact integers).

    Every basis row's smallest column is its pivot, so the smallest column of a combination
    of basis rows is a pivot: a row whose smallest column is not one is outside the span.
    ``combination``, unless None, tracks which published figures were used (up to a common
    factor).
    """
    while row:
        column = min(row)
        if column not in basis:
            return row, combination
        pivot_row, pivot_combination = basis[column]
        a, b = pivot_row[column], row[column]
        row = _combine(row, a, pivot_row, b)
        divisor = 0
        for value in row.values():
            divisor = gcd(divisor, value)
        if combination is not None:
            combination = _combine(combination, a, pivot_combination, b)
            for value in combination.values():
                divisor = gcd(divisor, value)
        if divisor > 1:
            row = {c: v // divisor for c, v in row.items()}
            if combination is not None:
                combination = {c: v // divisor for c, v in combination.items()}
    return row, combination


def _combine(left, a, right, b):
    """``a * left - b * right`` for sparse integer vectors, dropping zeros."""
    out = {c: a * v for c, v in left.items()}
    for c, v in right.items():
        value = out.get(c, 0) - b * v
        if value:
            out[c] = value
        else:
            out.pop(c, None)
    return out
