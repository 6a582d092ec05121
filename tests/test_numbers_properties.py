"""Properties of rounding and comparison: ties, negatives, zero, large counts, the 0.5
boundary at each precision, and agreement with exact decimal arithmetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspdoc import expr
from cspdoc.expr import Quantity, ZeroDivision
from cspdoc.numbers import Unit, format_number, round_half_away, rounds_to
from cspdoc.transforms.verify import matches

places = st.integers(min_value=0, max_value=4)
counts = st.integers(min_value=0, max_value=10**12)
signed = st.integers(min_value=-10**12, max_value=10**12)
positive = st.integers(min_value=1, max_value=10**12)


def reference_round(x: Fraction, p: int) -> Decimal:
    """Half away from zero with Decimal at ample precision: an independent oracle."""
    with localcontext() as ctx:
        ctx.prec = 200
        exact = Decimal(x.numerator) / Decimal(x.denominator)
        return exact.quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP)


@given(signed, positive, places)
def it_rounds_like_exact_decimal_arithmetic(n, d, p):
    x = Fraction(n, d)
    assert round_half_away(x, p) == reference_round(x, p)


@given(st.integers(min_value=-10**9, max_value=10**9), places)
def it_rounds_every_tie_away_from_zero(k, p):
    tie = (Fraction(k) + Fraction(1, 2)) / 10**p  # exactly halfway between two steps
    expected = (Decimal(k + 1) if k >= 0 else Decimal(k)).scaleb(-p)
    assert round_half_away(tie, p) == expected
    assert round_half_away(-tie, p) == -expected


@given(signed, positive, places)
def it_is_symmetric_about_zero(n, d, p):
    x = Fraction(n, d)
    assert round_half_away(-x, p) == -round_half_away(x, p)


@given(signed, positive, places)
def it_accepts_exactly_the_rounded_figure(n, d, p):
    # ... and, at an exact tie, the neighbour half-even rounding gives (never zero).
    x = Fraction(n, d)
    stated = round_half_away(x, p)
    step = Decimal(1).scaleb(-p)
    scaled = 2 * x * 10**p
    tie = scaled.denominator == 1 and scaled.numerator % 2 == 1
    toward_zero = stated - step if x > 0 else stated + step
    away = stated + step if x > 0 else stated - step
    assert rounds_to(x, stated, p)
    assert not rounds_to(x, away, p)
    assert rounds_to(x, toward_zero, p) == (tie and toward_zero != 0)


@given(counts, places)
def it_never_flags_a_correct_rate_even_at_the_boundary(k, p):
    base = k + 7
    pct = Fraction(k * 100, base)
    stated = round_half_away(pct, p)
    assert matches(stated, p, Quantity.exact(pct, Unit.PERCENT))


@given(st.integers(min_value=0, max_value=10**6), places)
def it_accepts_either_neighbour_of_an_exact_tie_and_nothing_further(k, p):
    # 0.5 at the last place: x = k + 0.5 units is k + 1 rounded half away from zero
    # (as cspdoc prints it) and k rounded half to even or through a binary float (as
    # many tools print it); both are within half a unit, k - 1 and k + 2 are not.
    x = (Fraction(2 * k + 1, 2)) / 10**p
    assert matches((Decimal(k + 1)).scaleb(-p), p, Quantity.exact(x))
    assert matches(Decimal(k).scaleb(-p), p, Quantity.exact(x)) == (k != 0)
    assert not matches(Decimal(k + 2).scaleb(-p), p, Quantity.exact(x))
    if k > 0:
        assert not matches(Decimal(k - 1).scaleb(-p), p, Quantity.exact(x))
    # a hair past the tie is one neighbour only
    past = x + Fraction(1, 10 ** (p + 6))
    assert not matches(Decimal(k).scaleb(-p), p, Quantity.exact(past))


@given(counts, counts)
def it_adds_very_large_counts_exactly(a, b):
    q = expr.FUNCTIONS["sum"].run([Quantity.exact(a), Quantity.exact(b)], expr.NOWHERE)
    assert q.value == a + b
    assert q.is_exact


@given(counts)
def it_refuses_a_zero_base(n):
    with pytest.raises(ZeroDivision):
        expr.FUNCTIONS["pct"].run([Quantity.exact(n), Quantity.exact(0)], expr.NOWHERE)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999),
       st.integers(min_value=0, max_value=2))
def it_accepts_any_figure_an_interval_allows(a, b, p):
    # Two rates published to 1 dp: a check of their % change holds for the change
    # computed from any pair of values they could stand for.
    r1 = Quantity.rounded(Fraction(a, 10), 1, Unit.PERCENT)
    r2 = Quantity.rounded(Fraction(b, 10), 1, Unit.PERCENT)
    q = expr.FUNCTIONS["pct_change"].run([r1, r2], expr.NOWHERE)
    for v1, v2 in ((r1.lo, r2.lo), (r1.lo, r2.hi), (r1.hi, r2.lo), (r1.hi, r2.hi)):
        exact = (Fraction(v2) / Fraction(v1) - 1) * 100
        assert matches(round_half_away(exact, p), p, q)


@given(signed, positive, places)
def it_lays_out_en_gb_without_rounding_again(n, d, p):
    # Babel would round half-even; it must only ever see a value already rounded.
    x = Fraction(n, d)
    rounded = round_half_away(x, p)
    expected = f"{abs(rounded) if rounded == 0 else rounded:,.{p}f}"
    assert format_number(x, p) == expected
