"""The expression language: safe parsing, exact evaluation, intervals for rounded inputs."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cspdoc import expr
from cspdoc.errors import ExpressionError
from cspdoc.expr import Quantity, ZeroDivision
from cspdoc.limits import MAX_EXPR_DEPTH
from cspdoc.numbers import Unit

VALUES = {
    "a.arrests": Quantity.exact(27, Unit.COUNT),
    "a.offences": Quantity.exact(28, Unit.COUNT),
    "q1": Quantity.rounded(Fraction("10.2"), 1, Unit.PERCENT),
    "q2": Quantity.rounded(Fraction("8.8"), 1, Unit.PERCENT),
    "fig-1.total.y2024": Quantity.exact(5740, Unit.COUNT),
    "zero": Quantity.exact(0, Unit.COUNT),
}


def run(source: str) -> Quantity:
    def resolve(name: str) -> Quantity:
        if name not in VALUES:
            raise ExpressionError(f"unknown name {name!r}")
        return VALUES[name]
    return expr.evaluate(expr.parse(source), resolve)


def it_computes_exactly():
    q = run("pct(a.arrests, a.offences)")
    assert q.value == Fraction(2700, 28) and q.is_exact and q.unit == Unit.PERCENT


def it_reads_hyphenated_names_and_needs_spaces_for_minus():
    assert run("fig-1.total.y2024 - 40").value == 5700
    assert expr.names(expr.parse("fig-1.total.y2024-x")) == ["fig-1.total.y2024-x"]


def it_carries_the_interval_of_rounded_inputs():
    q = run("-pct_change(q1, q2)")
    # 10.2% and 8.8% could be 10.15..10.25 and 8.75..8.85
    assert q.lo == 100 - Fraction("8.85") / Fraction("10.15") * 100
    assert q.hi == 100 - Fraction("8.75") / Fraction("10.25") * 100
    assert q.lo < Fraction("13.73") < q.hi


def it_gives_percentage_points_for_pp_change():
    q = run("pp_change(q2, q1)")
    assert q.unit == Unit.POINTS and q.value == Fraction("1.4")


def it_refuses_a_zero_denominator():
    with pytest.raises(ZeroDivision):
        run("pct(a.arrests, zero)")


@pytest.mark.parametrize(("source", "message"), [
    ("pct(a.arrests, )", r"unexpected '\)'"),
    ("pct(a.arrests)", "takes 2 argument"),
    ("eval(1)", "unknown function 'eval'"),
    ("1 +", "unexpected 'end'"),
    ("__import__('os')", "cannot read"),
    ("a.arrests a.offences", "unexpected 'a.offences'"),
])
def it_refuses_malformed_expressions(source, message):
    with pytest.raises(ExpressionError, match=message):
        run(source)


class DescribeBounds:
    """Nesting and length are bounded (limits.py), so no input recurses past Python's
    stack: the measured case was 242 nested brackets."""

    @pytest.mark.parametrize("source", [
        "(" * 242 + "1" + ")" * 242,
        "-" * 100 + "1",
        " + ".join(["a.arrests"] * (MAX_EXPR_DEPTH + 1)),
        "abs(" * 40 + "1" + ")" * 40,
    ])
    def it_refuses_what_nests_too_deep(self, source):
        with pytest.raises(ExpressionError, match=f"nest more than {MAX_EXPR_DEPTH} deep"):
            expr.parse(source)

    def it_accepts_the_deepest_allowed(self):
        chain = " + ".join(["a.arrests"] * MAX_EXPR_DEPTH)
        assert run(chain).value == 27 * MAX_EXPR_DEPTH
        assert run("(" * (MAX_EXPR_DEPTH - 1) + "1" + ")" * (MAX_EXPR_DEPTH - 1)).value == 1
        assert run("sum(" + ", ".join(["a.arrests"] * 80) + ")").value == 27 * 80

    def it_refuses_an_overlong_expression(self):
        with pytest.raises(ExpressionError, match="1,001 characters is too long"):
            expr.parse("1" + " " * 1000)

    def it_refuses_a_number_with_too_many_digits(self):
        with pytest.raises(ExpressionError, match="has 400 significant digits"):
            expr.parse("1" * 400 + " + 1")
