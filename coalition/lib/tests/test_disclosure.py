"""Disclosure control: no hidden count can be worked out from what is published.

The property tests check ``protect`` with a verifier written here, independently of the
implementation: dense Gaussian elimination over fractions, and, for a single table, two
non-negative assignments of the atoms that agree on every published figure and differ on
the hidden one (so no reasoning at all, linear or not, can tell the hidden value).
"""

import random
import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalition.lib.disclosure import HIDDEN, Shown, crosstab, min_count, protect

K = 5
FAST = settings(max_examples=150, deadline=None)

# Counts with many small ones (a third below K, some zeros) so suppression is busy.
counts_strategy = st.one_of(st.integers(0, K - 1), st.integers(0, 2), st.integers(K, 40))


# --- an independent verifier ------------------------------------------------------------


def _echelon(rows):
    """Reduced row echelon form (list of rows, dict pivot column -> row) over fractions."""
    basis = []
    pivots = []
    for row in rows:
        row = [Fraction(x) for x in row]
        for pivot, base in zip(pivots, basis, strict=True):
            if row[pivot]:
                factor = row[pivot]
                row = [x - factor * y for x, y in zip(row, base, strict=True)]
        lead = next((i for i, x in enumerate(row) if x), None)
        if lead is None:
            continue
        row = [x / row[lead] for x in row]
        for i, base in enumerate(basis):
            if base[lead]:
                factor = base[lead]
                basis[i] = [x - factor * y for x, y in zip(base, row, strict=True)]
        basis.append(row)
        pivots.append(lead)
    return basis, pivots


def _in_span(vector, basis, pivots):
    row = [Fraction(x) for x in vector]
    for pivot, base in zip(pivots, basis, strict=True):
        if row[pivot]:
            factor = row[pivot]
            row = [x - factor * y for x, y in zip(row, base, strict=True)]
    return not any(row)


def _published_rows(atoms, figures, shown):
    """What an outsider knows: each published figure, and each atom of a published zero."""
    order = list(atoms)
    rows = []
    for key, members in figures.items():
        if shown[key].suppressed:
            continue
        vector = [1 if atom in members else 0 for atom in order]
        rows.append(vector)
        if shown[key].value == 0:
            rows.extend([1 if a == atom else 0 for a in order] for atom in members)
    return order, rows


def _assert_safe(atoms, figures, shown, k=K):
    values = {key: sum(atoms[a] for a in members) for key, members in figures.items()}
    for key, value in values.items():
        if 0 < value < k:
            assert shown[key].suppressed and shown[key].primary, key
            assert str(shown[key]) == f"<{k}"
        if not shown[key].suppressed:
            assert shown[key].value == value, key
        if value == 0:
            assert not shown[key].suppressed, key
    order, rows = _published_rows(atoms, figures, shown)
    basis, pivots = _echelon(rows)
    for key, members in figures.items():
        if shown[key].suppressed:
            vector = [1 if atom in members else 0 for atom in order]
            assert not _in_span(vector, basis, pivots), f"{key} can be worked out"
    return order, rows, basis, pivots


def _two_assignments(atoms, order, rows, basis, pivots, members):
    """Another non-negative assignment agreeing on ``rows`` but not on ``members``' sum."""
    n = len(order)
    free = [i for i in range(n) if i not in pivots]
    target = [1 if atom in members else 0 for atom in order]
    for column in free:  # a basis of the null space: one vector per free column
        y = [Fraction(0)] * n
        y[column] = Fraction(1)
        for pivot, base in zip(pivots, basis, strict=True):
            y[pivot] = -base[column]
        if sum(a * b for a, b in zip(y, target, strict=True)) == 0:
            continue
        x = [Fraction(atoms[atom]) for atom in order]
        for sign in (1, -1):
            step = [sign * v for v in y]
            limits = [x[i] / -step[i] for i in range(n) if step[i] < 0]
            t = min(limits) if limits else Fraction(1)
            if t > 0:
                other = [a + t * b for a, b in zip(x, step, strict=True)]
                assert min(other) >= 0
                for row in rows:
                    assert sum(a * b for a, b in zip(row, x, strict=True)) == sum(
                        a * b for a, b in zip(row, other, strict=True)
                    )
                return other
    return None


def _table(rows, cols, counts):
    atoms = {(r, c): counts[r * len(cols) + c] for r in rows for c in cols}
    figures = {("cell", r, c): [(r, c)] for r in rows for c in cols}
    figures.update({("row", r): [(r, c) for c in cols] for r in rows})
    figures.update({("col", c): [(r, c) for r in rows] for c in cols})
    figures[("total",)] = list(atoms)
    return atoms, figures


@st.composite
def tables(draw):
    rows = range(draw(st.integers(1, 6)))
    cols = range(draw(st.integers(1, 5)))
    counts = draw(st.lists(counts_strategy, min_size=36, max_size=36))
    return _table(rows, cols, counts)


# --- properties -------------------------------------------------------------------------


@FAST
@given(tables())
def test_no_hidden_cell_of_a_table_can_be_worked_out_from_its_totals(table):
    atoms, figures = table
    shown = protect(atoms, figures, K)
    order, rows, basis, pivots = _assert_safe(atoms, figures, shown)
    for key, members in figures.items():
        if shown[key].suppressed:
            other = _two_assignments(atoms, order, rows, basis, pivots, set(members))
            assert other is not None, f"{key} is pinned by what is published"


@FAST
@given(
    st.integers(1, 3),
    st.integers(1, 4),
    st.integers(1, 3),
    st.lists(counts_strategy, min_size=36, max_size=36),
)
def test_two_tables_of_the_same_data_protected_together_cannot_be_differenced(a, b, c, counts):
    # Victims by sex and age, and by sex and citizenship: the sex totals appear in both.
    atoms = {
        (i, j, m): counts[(i * b + j) * c + m] for i in range(a) for j in range(b) for m in range(c)
    }
    figures = {}
    for i in range(a):
        figures[("sex", i)] = [x for x in atoms if x[0] == i]
        for j in range(b):
            figures[("sex-age", i, j)] = [x for x in atoms if x[:2] == (i, j)]
        for m in range(c):
            figures[("sex-citizenship", i, m)] = [x for x in atoms if (x[0], x[2]) == (i, m)]
    for j in range(b):
        figures[("age", j)] = [x for x in atoms if x[1] == j]
    for m in range(c):
        figures[("citizenship", m)] = [x for x in atoms if x[2] == m]
    figures[("total",)] = list(atoms)
    _assert_safe(atoms, figures, protect(atoms, figures, K))


@FAST
@given(st.integers(1, 4), st.integers(1, 4), st.lists(counts_strategy, min_size=32, max_size=32))
def test_the_same_table_at_two_dates_protected_together_cannot_be_differenced(r, c, counts):
    # Atoms: (row, column, period of entry); the first date sees period 0, the second both.
    atoms = {
        (i, j, p): counts[(i * c + j) * 2 + p] for i in range(r) for j in range(c) for p in (0, 1)
    }
    figures = {}
    for date, periods in (("first", (0,)), ("second", (0, 1))):
        for i in range(r):
            for j in range(c):
                figures[(date, i, j)] = [(i, j, p) for p in periods]
            figures[(date, "row", i)] = [(i, j, p) for j in range(c) for p in periods]
        for j in range(c):
            figures[(date, "col", j)] = [(i, j, p) for i in range(r) for p in periods]
        figures[(date, "total")] = [x for x in atoms if x[2] in periods]
    _assert_safe(atoms, figures, protect(atoms, figures, K))


@FAST
@given(tables())
def test_no_complement_is_hidden_for_nothing(table):
    atoms, figures = table
    shown = protect(atoms, figures, K)
    for key, figure in shown.items():
        if figure.suppressed and not figure.primary:
            value = sum(atoms[a] for a in figures[key])
            again = {**shown, key: Shown(value=value, suppressed=False, k=K)}
            with pytest.raises(AssertionError, match="can be worked out"):
                _assert_safe(atoms, figures, again)


# --- examples ---------------------------------------------------------------------------


def test_a_small_cell_is_shown_below_k_and_hidden_with_a_rectangle_of_cells():
    table = crosstab({("a", "x"): 3, ("a", "y"): 10, ("b", "x"): 8, ("b", "y"): 12}, "ab", "xy", 5)
    assert [str(table.cell("a", c)) for c in "xy"] == ["<5", HIDDEN]
    assert [str(table.cell("b", c)) for c in "xy"] == [HIDDEN, HIDDEN]
    # The margins stay shown: hiding the four cells already protects the small one.
    assert [str(table.row_total(r)) for r in "ab"] == ["13", "20"]
    assert [str(table.col_total(c)) for c in "xy"] == ["11", "22"]
    assert str(table.total) == "33"


def test_a_zero_is_shown_and_a_table_without_small_counts_is_shown_whole():
    table = crosstab({("a", "x"): 0, ("a", "y"): 10, ("b", "x"): 8, ("b", "y"): 12}, "ab", "xy", 5)
    assert str(table.cell("a", "x")) == "0"
    assert not any(shown.suppressed for shown in table.shown.values())


def test_a_small_count_equal_to_its_total_hides_the_total_too():
    shown = protect(
        {"women": 3, "men": 0, "unknown": 0},
        {
            "women": ["women"],
            "men": ["men"],
            "unknown": ["unknown"],
            "total": ["women", "men", "unknown"],
        },
        5,
    )
    assert [str(shown[key]) for key in ("women", "men", "unknown", "total")] == [
        "<5",
        "0",
        "0",
        "<5",
    ]


def test_a_published_zero_tells_each_of_the_counts_it_sums():
    # "a + b" is 0, so b is 0, and "b + c + d" minus d would give c back.
    atoms = {"a": 0, "b": 0, "c": 3, "d": 6}
    figures = {"c": ["c"], "d": ["d"], "a+b": ["a", "b"], "b+c+d": ["b", "c", "d"]}
    shown = protect(atoms, figures, 5)
    assert str(shown["c"]) == "<5" and str(shown["a+b"]) == "0"
    assert shown["d"].suppressed or shown["b+c+d"].suppressed
    _assert_safe(atoms, figures, shown)


def test_a_complement_is_not_shown_as_small():
    shown = protect({"a": 2, "b": 30}, {"a": ["a"], "b": ["b"], "total": ["a", "b"]}, 5)
    assert str(shown["b"]) == HIDDEN and not shown["b"].primary
    assert shown["b"].bounds == (5, None)
    assert shown["a"].bounds == (1, 4)
    assert str(shown["total"]) == "32"


def test_k_of_one_shows_everything():
    shown = protect({"a": 1, "b": 2}, {"a": ["a"], "total": ["a", "b"]}, 1)
    assert [str(s) for s in shown.values()] == ["1", "3"]


def test_k_comes_from_the_setting(settings):
    settings.DISCLOSURE_MIN_COUNT = 10
    assert min_count() == 10
    shown = protect({"a": 7, "b": 20}, {"a": ["a"], "b": ["b"], "total": ["a", "b"]})
    assert str(shown["a"]) == "<10"


@pytest.mark.parametrize(
    "atoms, figures, message",
    [
        ({"a": -1}, {"a": ["a"]}, "whole number"),
        ({"a": 1.5}, {"a": ["a"]}, "whole number"),
        ({"a": 1}, {"a": ["b"]}, "unknown atom"),
        ({"a": 1}, {"a": ["a", "a"]}, "twice"),
    ],
)
def test_it_refuses_a_bad_count_or_figure(atoms, figures, message):
    with pytest.raises(ValueError, match=message):
        protect(atoms, figures, 5)


def test_crosstab_refuses_a_count_outside_its_rows_and_columns():
    with pytest.raises(ValueError, match="outside"):
        crosstab({("a", "z"): 3}, "ab", "xy", 5)


def test_shown_prints_the_number_or_the_threshold():
    assert str(Shown(value=12, suppressed=False, k=5)) == "12"
    assert str(Shown(value=None, suppressed=True, k=5, primary=True)) == "<5"


def test_a_30_by_12_table_with_margins_is_protected_in_under_50_ms():
    # The largest tables shown (regional statistics); CPU time, so a busy machine does not
    # make it fail. Several kinds of table, from few small counts to many.
    for seed, share_small in enumerate((0.02, 0.05, 0.1, 0.3, 0.6)):
        draw = random.Random(seed)
        counts = {
            (r, c): draw.randint(1, 4)
            if draw.random() < share_small
            else draw.choice([0, draw.randint(5, 60)])
            for r in range(30)
            for c in range(12)
        }
        best = min(_cpu_seconds(crosstab, counts, range(30), range(12), 5) for _ in range(3))
        assert best < 0.05, f"{share_small}: {best * 1000:.0f} ms"


def _cpu_seconds(function, *args):
    start = time.process_time()
    function(*args)
    return time.process_time() - start
