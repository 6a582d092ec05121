"""The small safe expression language of narrative checks and column formulas.

Grammar (no Python eval; names are looked up, never executed)::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER ["%"] | NAME "(" [expr ("," expr)*] ")" | NAME | "(" expr ")"
    NAME    := segment ("." segment)*     segment := [A-Za-z0-9_]+ ("-" [A-Za-z0-9_]+)*

A hyphen between two name characters belongs to the name (figure ids are hyphenated),
so subtraction needs spaces: ``a - b``. An expression is at most ``MAX_EXPR_CHARS`` long
and nests at most ``MAX_EXPR_DEPTH`` deep (``limits.py``); a number has at most
``MAX_NUMBER_DIGITS`` significant digits. Values are exact Fractions carried with the
interval they are known to lie in: a count is exact, a stated "10.2%" lies in
[10.15, 10.25). Every operation propagates the interval, so a check against rounded
inputs is judged on what the inputs could have been.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cspdoc.errors import ExpressionError
from cspdoc.limits import MAX_EXPR_CHARS, MAX_EXPR_DEPTH, too_many_digits
from cspdoc.numbers import Unit, format_quantity, rounds_to
from cspdoc.where import NOWHERE, Where


@dataclass(frozen=True, slots=True)
class Quantity:
    """An exact value, the closed interval it is known to lie in, and its unit.

    Whole numbers are kept as ``int`` (exact, and much faster than Fraction); an exact
    quantity holds one object as value, lo and hi, so exactness is an identity test.
    """

    value: Rational
    lo: Rational
    hi: Rational
    unit: Unit = Unit.NUMBER

    @classmethod
    def exact(cls, value: Rational, unit: Unit = Unit.NUMBER) -> Quantity:
        v = _simplest(value)
        return cls(v, v, v, unit)

    @classmethod
    def rounded(cls, value: Rational, decimals: int, unit: Unit) -> Quantity:
        """A value printed to ``decimals`` places: the true value is within half a unit."""
        half = Fraction(1, 2 * 10**decimals)
        return cls(value, value - half, value + half, unit)

    @property
    def is_exact(self) -> bool:
        return self.lo is self.hi


Rational = Fraction | int


def _simplest(value: Rational) -> Rational:
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


class ZeroDivision(ExpressionError):
    """A division whose denominator is, or may be, zero."""

    code = "zero-denominator"


class MissingOperand(ExpressionError):
    """An expression reads a cell that is missing (blank is missing, never zero);
    ``shorthand`` holds the cell's GSS code when it has one ("[c]")."""

    code = "missing-value"

    def __init__(self, message: str, where: Where = NOWHERE, *,
                 shorthand: tuple[str, ...] = ()) -> None:
        super().__init__(message, where)
        self.shorthand = shorthand


# ---------------------------------------------------------------- syntax tree


@dataclass(frozen=True, slots=True)
class Num:
    value: Fraction
    decimals: int
    percent: bool


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Expr, ...]


Expr = Num | Name | Neg | BinOp | Call

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>\d+(?:\.\d+)?)
      | (?P<name>[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*(?:\.[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)*)
      | (?P<op>[-+*/(),%])
    )""",
    re.VERBOSE,
)


def _tokenise(source: str, where: Where) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = source.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ExpressionError(
                f"cannot read {text[pos:].strip()[:20]!r} in expression {source!r}", where)
        kind = m.lastgroup or ""
        value = m[kind]
        # A name made only of digits (and a dot) is a number.
        if kind == "name" and re.fullmatch(r"\d+", value):
            kind = "num"
        if kind == "num" and (problem := too_many_digits(value)) is not None:
            raise ExpressionError(f"{problem}, in expression {_short(source)!r}", where)
        tokens.append((kind, value))
        pos = m.end()
    tokens.append(("end", ""))
    return tokens


def _short(source: str) -> str:
    return source if len(source) <= 60 else f"{source[:28]}...{source[-28:]}"


class _Parser:
    def __init__(self, source: str, where: Where) -> None:
        self.source = source
        self.where = where
        if len(source) > MAX_EXPR_CHARS:
            raise self.fail(f"{len(source):,} characters is too long (at most "
                            f"{MAX_EXPR_CHARS:,}: give parts of it names in 'values')")
        self.tokens = _tokenise(source, where)
        self.i = 0
        self.nesting = 0

    def fail(self, message: str) -> ExpressionError:
        return ExpressionError(f"{message} in expression {_short(self.source)!r}",
                               self.where)

    def too_deep(self) -> ExpressionError:
        return self.fail(f"brackets, functions and operators nest more than "
                         f"{MAX_EXPR_DEPTH} deep (use sum(a, b, ...) for a long sum, or "
                         "give parts names in 'values')")

    def enter(self) -> None:
        """One level deeper (a bracket, a call, a sign): the parser recurses per level."""
        self.nesting += 1
        if self.nesting > MAX_EXPR_DEPTH:
            raise self.too_deep()

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        _, got = self.take()
        if got != value:
            raise self.fail(f"expected {value!r} but found {got or 'the end'!r}")

    def parse(self) -> Expr:
        if self.peek()[0] == "end":
            raise self.fail("nothing to evaluate")
        node = self.expr()
        if self.peek()[0] != "end":
            raise self.fail(f"unexpected {self.peek()[1]!r}")
        if depth(node) > MAX_EXPR_DEPTH:  # a long chain: a + b + c + ...
            raise self.too_deep()
        return node

    def expr(self) -> Expr:
        self.enter()
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = BinOp(op, node, self.term())
        self.nesting -= 1
        return node

    def term(self) -> Expr:
        node = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Expr:
        if self.peek()[1] == "-":
            self.take()
            self.enter()
            node = Neg(self.unary())
            self.nesting -= 1
            return node
        return self.atom()

    def atom(self) -> Expr:
        kind, value = self.take()
        if kind == "num":
            decimals = len(value.split(".")[1]) if "." in value else 0
            percent = self.peek()[1] == "%"
            if percent:
                self.take()
            return Num(Fraction(value), decimals, percent)
        if kind == "name":
            if self.peek()[1] == "(":
                self.take()
                args: list[Expr] = []
                if self.peek()[1] != ")":
                    args.append(self.expr())
                    while self.peek()[1] == ",":
                        self.take()
                        args.append(self.expr())
                self.expect(")")
                if value not in FUNCTIONS:
                    known = ", ".join(sorted(FUNCTIONS))
                    raise self.fail(f"unknown function {value!r} (known: {known})")
                return Call(value, tuple(args))
            return Name(value)
        if value == "(":
            node = self.expr()
            self.expect(")")
            return node
        raise self.fail(f"unexpected {value or 'end'!r}")


def depth(node: Expr) -> int:
    """How deep the tree nests (a name or number is 1), counted without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        here, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(here, Neg):
            stack.append((here.operand, level + 1))
        elif isinstance(here, BinOp):
            stack.extend(((here.left, level + 1), (here.right, level + 1)))
        elif isinstance(here, Call):
            stack.extend((arg, level + 1) for arg in here.args)
    return deepest


def parse(source: str, where: Where = NOWHERE) -> Expr:
    """Parse ``source``; an ExpressionError names the expression and where it was typed."""
    return _Parser(source, where).parse()


CHECK_ONLY = frozenset({"pct_out_of"})


def calls(node: Expr) -> list[str]:
    """Every function the expression calls, outermost first."""
    if isinstance(node, Neg):
        return calls(node.operand)
    if isinstance(node, BinOp):
        return calls(node.left) + calls(node.right)
    if isinstance(node, Call):
        return [node.func, *(f for arg in node.args for f in calls(arg))]
    return []


def is_sum(node: Expr) -> bool:
    """True when the expression only adds names and numbers (a, a + b, sum(a, b))."""
    if isinstance(node, Name | Num):
        return True
    if isinstance(node, BinOp):
        return node.op == "+" and is_sum(node.left) and is_sum(node.right)
    if isinstance(node, Call):
        return node.func == "sum" and all(is_sum(a) for a in node.args)
    return False


def names(node: Expr) -> list[str]:
    """Every name the expression reads, in order of appearance."""
    if isinstance(node, Name):
        return [node.name]
    if isinstance(node, Neg):
        return names(node.operand)
    if isinstance(node, BinOp):
        return names(node.left) + names(node.right)
    if isinstance(node, Call):
        return [n for arg in node.args for n in names(arg)]
    return []


# ---------------------------------------------------------------- evaluation

Resolver = Callable[[str], Quantity]


def _add(a: Quantity, b: Quantity, unit: Unit) -> Quantity:
    if a.is_exact and b.is_exact:
        return Quantity.exact(a.value + b.value, unit)
    return Quantity(a.value + b.value, a.lo + b.lo, a.hi + b.hi, unit)


def _neg(a: Quantity) -> Quantity:
    if a.is_exact:
        return Quantity.exact(-a.value, a.unit)
    return Quantity(-a.value, -a.hi, -a.lo, a.unit)


def _mul(a: Quantity, b: Quantity, unit: Unit) -> Quantity:
    if a.is_exact and b.is_exact:
        return Quantity.exact(a.value * b.value, unit)
    corners = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
    return Quantity(a.value * b.value, min(corners), max(corners), unit)


def _div(a: Quantity, b: Quantity, unit: Unit, where: Where) -> Quantity:
    if b.value == 0 or (not b.is_exact and b.lo <= 0 <= b.hi):
        raise ZeroDivision("the denominator is zero", where)
    if b.is_exact:
        inv = Quantity.exact(Fraction(1) / b.value, b.unit)
    else:
        inv = Quantity(Fraction(1) / b.value, Fraction(1) / b.hi, Fraction(1) / b.lo, b.unit)
    return _mul(a, inv, unit)


def _scale(a: Quantity, factor: int, unit: Unit) -> Quantity:
    return _mul(a, Quantity.exact(factor), unit)


def _additive_unit(a: Quantity, b: Quantity) -> Unit:
    if a.unit == b.unit:
        return a.unit
    if Unit.NUMBER in (a.unit, b.unit):
        return b.unit if a.unit == Unit.NUMBER else a.unit
    return Unit.NUMBER


def _pct(args: Sequence[Quantity], where: Where) -> Quantity:
    part, whole = args
    return _scale(_div(part, whole, Unit.NUMBER, where), 100, Unit.PERCENT)


def _change(args: Sequence[Quantity], where: Where) -> Quantity:
    old, new = args
    return _add(new, _neg(old), old.unit)


def _pct_change(args: Sequence[Quantity], where: Where) -> Quantity:
    # (new / old - 1) * 100 uses each operand once, so its interval is exact (the form
    # (new - old) / old would count old's uncertainty twice and widen the interval).
    old, new = args
    ratio = _div(new, old, Unit.NUMBER, where)
    return _scale(_add(ratio, Quantity.exact(-1), Unit.NUMBER), 100, Unit.PERCENT)


def _pp_change(args: Sequence[Quantity], where: Where) -> Quantity:
    old, new = args
    return Quantity(new.value - old.value, new.lo - old.hi, new.hi - old.lo, Unit.POINTS)


def _sum(args: Sequence[Quantity], where: Where) -> Quantity:
    total = Quantity.exact(0, args[0].unit if args else Unit.COUNT)
    for a in args:
        total = _add(total, a, a.unit)
    return total


def _mean(args: Sequence[Quantity], where: Where) -> Quantity:
    total = _sum(args, where)
    return _div(total, Quantity.exact(len(args)), total.unit, where)


def _weighted_mean(args: Sequence[Quantity], where: Where) -> Quantity:
    """weighted_mean(v1, w1, v2, w2, ...): values and their weights, in pairs."""
    values, weights = args[0::2], args[1::2]
    num = _sum([_mul(v, w, v.unit) for v, w in zip(values, weights, strict=True)], where)
    return _div(num, _sum(weights, where), values[0].unit, where)


def _pct_out_of(args: Sequence[Quantity], where: Where) -> Quantity:
    """Some whole number out of ``whole``, as a percentage: anywhere from 0 to 100%.
    Only a check can use it; the verifier asks whether a whole number gives the stated
    percentage (41.2% of 29 is impossible: 11/29 is 37.9%, 12/29 is 41.4%)."""
    (whole,) = args
    if whole.value == 0:
        raise ZeroDivision("the denominator is zero", where)
    return Quantity(50, 0, 100, Unit.PERCENT)


def _abs(args: Sequence[Quantity], where: Where) -> Quantity:
    (a,) = args
    if a.value >= 0 and a.lo >= 0:
        return a
    if a.hi <= 0:
        return _neg(a)
    return Quantity(-a.value if a.value < 0 else a.value, 0, max(-a.lo, a.hi), a.unit)


def _extreme(pick: Callable[[Sequence[Rational]], Rational]) -> Callable[
        [Sequence[Quantity], Where], Quantity]:
    def run(args: Sequence[Quantity], where: Where) -> Quantity:
        if all(a.is_exact for a in args):
            return Quantity.exact(pick([a.value for a in args]), args[0].unit)
        return Quantity(pick([a.value for a in args]), pick([a.lo for a in args]),
                        pick([a.hi for a in args]), args[0].unit)
    return run


@dataclass(frozen=True, slots=True)
class Function:
    """A function of the language: how many arguments it takes and what it does."""

    run: Callable[[Sequence[Quantity], Where], Quantity]
    arity: int | None  # None: one or more
    doc: str


FUNCTIONS: dict[str, Function] = {
    "pct": Function(_pct, 2, "pct(part, whole): part as a percentage of whole"),
    "share": Function(_pct, 2, "share(part, whole): the same as pct"),
    "change": Function(_change, 2, "change(old, new): new - old"),
    "pct_change": Function(_pct_change, 2, "pct_change(old, new): (new - old) / old, in %"),
    "pp_change": Function(_pp_change, 2,
                          "pp_change(old, new): percentage-point change of two percentages"),
    "sum": Function(_sum, None, "sum(a, b, ...)"),
    "mean": Function(_mean, None, "mean(a, b, ...)"),
    "weighted_mean": Function(_weighted_mean, None,
                              "weighted_mean(value1, weight1, value2, weight2, ...)"),
    "pct_out_of": Function(_pct_out_of, 1,
                           "pct_out_of(whole): a percentage of some whole number out of "
                           "whole (checks only)"),
    "abs": Function(_abs, 1, "abs(x)"),
    "min": Function(_extreme(min), None, "min(a, b, ...)"),
    "max": Function(_extreme(max), None, "max(a, b, ...)"),
}


def evaluate(node: Expr, resolve: Resolver, where: Where = NOWHERE) -> Quantity:
    """Evaluate exactly; names go through ``resolve`` (which raises for unknown names)."""
    if isinstance(node, Num):
        unit = Unit.PERCENT if node.percent else Unit.NUMBER
        return Quantity.exact(node.value, unit)
    if isinstance(node, Name):
        return resolve(node.name)
    if isinstance(node, Neg):
        return _neg(evaluate(node.operand, resolve, where))
    if isinstance(node, BinOp):
        a = evaluate(node.left, resolve, where)
        b = evaluate(node.right, resolve, where)
        if node.op == "+":
            return _add(a, b, _additive_unit(a, b))
        if node.op == "-":
            return _add(a, _neg(b), _additive_unit(a, b))
        if node.op == "*":
            return _mul(a, b, a.unit if b.unit == Unit.NUMBER else b.unit)
        return _div(a, b, a.unit if b.unit != a.unit else Unit.NUMBER, where)
    func = FUNCTIONS[node.func]
    if (func.arity is not None and len(node.args) != func.arity) or not node.args:
        want = func.arity if func.arity is not None else "one or more"
        raise ExpressionError(
            f"{node.func}() takes {want} argument(s), not {len(node.args)}", where)
    if node.func == "weighted_mean" and len(node.args) % 2:
        raise ExpressionError("weighted_mean() takes values and weights in pairs", where)
    return func.run([evaluate(a, resolve, where) for a in node.args], where)


# ---------------------------------------------------------------- comparing with text


def matches(stated: Decimal, decimals: int, q: Quantity) -> bool:
    """Does ``stated`` (written to ``decimals`` places) agree with ``q``?

    Exact: the value rounds to the figure. Inexact: the figure's rounding interval
    [s - h, s + h] meets the interval the value could lie in.
    """
    if q.is_exact:
        return rounds_to(q.value, stated, decimals)
    half = Fraction(1, 2) / Fraction(10) ** decimals
    s = Fraction(stated)
    return q.lo <= s + half and s - half <= q.hi


def shown(q: Quantity, unit: Unit, decimals: int) -> str:
    """An expected value printed at the stated precision (percentages to at least 1 dp)."""
    places = max(decimals, 1) if unit in (Unit.PERCENT, Unit.POINTS) else decimals
    text = format_quantity(q.value, unit if unit != Unit.POINTS else Unit.NUMBER, places)
    if unit == Unit.POINTS:
        text += " percentage points"
    return text if q.is_exact else f"about {text}"
