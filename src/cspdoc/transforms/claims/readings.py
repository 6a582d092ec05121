"""Readings: one way of checking one figure of a sentence, and whether it holds.

A reading says which figure the sentence states (``stated``), the expression it must
equal (``source``, in cspdoc's expression language over the reading's operand names) and
where each operand came from: a number in the same sentence, the paragraph's whole
("Of those 159 offenders"), the table row of a comment cell, or a figure of the report.
Arithmetic is ``expr.py``'s and the rounding rule ``verify.matches``'s: the same as for an
annotated ``[92%]{= pct(a, b)}``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from cspdoc import expr
from cspdoc.expr import MissingOperand, Quantity, ZeroDivision, matches
from cspdoc.expr import shown as shown_at
from cspdoc.numbers import Unit, format_quantity, round_half_away
from cspdoc.transforms.claims.language import LANGUAGE
from cspdoc.transforms.claims.tokens import Hedge, Token

# How far a hedge lets a figure be from what it is checked against ("around 12%" holds
# for 10.8% to 13.2%; "nearly a third" for 28% to 33.3%).
APPROXIMATE = Fraction(1, 10)
PLAIN_FRACTION = Fraction(3)  # percentage points either side of a plain "two thirds"
_MULTIPLES = {"doubled": Fraction(2), "trebled": Fraction(3), "tripled": Fraction(3),
              "quadrupled": Fraction(4), "halved": Fraction(1, 2),
              "doubling": Fraction(2), "trebling": Fraction(3), "tripling": Fraction(3),
              "quadrupling": Fraction(4), "halving": Fraction(1, 2)}


@dataclass(frozen=True)
class Operand:
    """A value a reading reads: ``text`` is how a finding prints it, ``name`` the
    report's expression for it (for a suggested binding) when the report holds it."""

    q: Quantity
    text: str
    token: Token | None = None
    name: str | None = None
    label: str | None = None


@dataclass
class Reading:
    """One way of checking ``stated``; ``tier`` orders how sure the operands are: 0 all
    in the sentence, 1 a whole the paragraph states, 2 guessed from the paragraph or the
    report (a failing guess is never an error)."""

    kind: str
    pattern: str
    stated: Token
    source: str
    operands: dict[str, Operand]
    label: str = ""
    points: bool = False
    tier: int = 0
    confirm_only: bool = False
    share: bool = False
    note: str | None = None
    sign: int = 1
    fraction: str | None = None
    search: Any = None  # bases.PendingSearch: the whole, looked for in the report if need be
    pending: bool = False  # operands still to find (rules.paragraph_readings)

    def worked(self) -> str:
        """The expression with each operand as the text prints it ("£22.4m - £3.1m")."""
        tree = parsed(self.source)
        names = {slot: op.text for slot, op in self.operands.items()}
        return _render(tree, names, self.sign)

    def suggestion_source(self) -> str | None:
        """The expression over the report's own names, or None when an operand is only
        in the text (a binding must never be made of a value taken from the text)."""
        if self.kind in ("grim", "fraction", "direction") or self.source.startswith("#"):
            return None
        tree = parsed(self.source)
        names: dict[str, str] = {}
        for slot in set(expr.names(tree)) - {"sign"}:
            op = self.operands.get(slot)
            if op is None or op.name is None or op.token is self.stated:
                return None
            names[slot] = op.name
        return _render(tree, names, self.sign)


@dataclass
class Verdict:
    """What a reading gave: ``holds``, the value it computed and how a finding prints it
    (``expected``), and whether it could not be computed (a zero base)."""

    holds: bool
    q: Quantity | None = None
    expected: str | None = None
    zero: bool = False
    detail: str | None = None
    options: list[str] = field(default_factory=list)
    # It holds with its operands taken as printed, not only somewhere within their
    # rounding (a 6% rise from 82% to 88% holds as a relative change only if 82% was
    # 82.5% and 88% was 87.5%; as the points it is, exactly).
    central: bool = True


def _render(tree: expr.Expr, names: dict[str, str], sign: int) -> str:
    if isinstance(tree, expr.Name):
        return names.get(tree.name, tree.name)
    if isinstance(tree, expr.Num):
        return str(tree.value)
    if isinstance(tree, expr.Neg):
        return f"-{_render(tree.operand, names, sign)}"
    if isinstance(tree, expr.BinOp):
        if tree.op == "*" and isinstance(tree.left, expr.Name) and tree.left.name == "sign":
            inner = _render(tree.right, names, sign)
            return inner if sign > 0 else f"-{inner}"
        return f"{_render(tree.left, names, sign)} {tree.op} {_render(tree.right, names, sign)}"
    args = ", ".join(_render(a, names, sign) for a in tree.args)
    return f"{tree.func}({args})"


@lru_cache(maxsize=1024)
def parsed(source: str) -> expr.Expr:
    """A reading's expression, parsed once (the same few recur in every paragraph)."""
    return expr.parse(source)


def stated_places(token: Token) -> tuple[Decimal, int]:
    """The figure in base units and the places it was printed to: "£4.653m" is
    4,653,000 to the nearest 1,000 (places -3)."""
    places = token.decimals - round(math.log10(token.scale))
    value = Decimal(token.value.numerator) / Decimal(token.value.denominator)
    return value.quantize(Decimal(1).scaleb(-max(places, 0))) if places >= 0 else value, places


def agrees(token: Token, q: Quantity) -> bool:
    """Does the figure as printed (and hedged: "over 400") agree with ``q``?"""
    value, places = stated_places(token)
    s = Fraction(value)
    if token.hedge is None:
        return matches(value, places, q)
    lo, hi = Fraction(q.lo), Fraction(q.hi)
    margin = abs(s) * APPROXIMATE
    hedge = token.hedge
    if hedge == Hedge.OVER:
        return hi > s
    if hedge == Hedge.AT_LEAST:
        return hi >= s
    if hedge == Hedge.UNDER:
        return lo < s
    if hedge == Hedge.AT_MOST:
        return lo <= s
    # "Nearly", "just under" and "just over" say closer than "around": half the margin
    # ("nearly 90%" is not 83%).
    if hedge == Hedge.NEARLY:
        return lo <= s and hi >= s - margin / 2
    if hedge == Hedge.JUST_OVER:
        return hi >= s and lo <= s + margin / 2
    return lo <= s + margin and hi >= s - margin


def fraction_holds(words: str, pct: Quantity) -> tuple[bool, Fraction]:
    """Do fraction words ("over half", "nearly a third") agree with a percentage?"""
    text = " ".join(words.lower().split())
    hedge = None
    for phrase, h in LANGUAGE.hedges:
        if text.startswith(phrase + " "):
            hedge, text = Hedge(h), text[len(phrase) + 1:]
            break
    fraction = LANGUAGE.fraction(text)
    if fraction is None:
        raise ValueError(f"not fraction words: {words!r}")
    num, den = fraction
    target = Fraction(100 * num, den)
    lo, hi = Fraction(pct.lo), Fraction(pct.hi)
    margin = target * APPROXIMATE
    if hedge in (Hedge.OVER, Hedge.AT_LEAST):
        return hi > target, target
    if hedge in (Hedge.UNDER, Hedge.AT_MOST):
        return lo < target, target
    if hedge == Hedge.NEARLY:
        return lo <= target and hi >= target - margin, target
    if hedge == Hedge.JUST_OVER:
        return hi >= target and lo <= target + margin, target
    if hedge == Hedge.ABOUT:
        return lo <= target + margin and hi >= target - margin, target
    # Plain "three quarters (68%)" means about 75%: within 3 percentage points.
    return lo <= target + PLAIN_FRACTION and hi >= target - PLAIN_FRACTION, target


def evaluate(reading: Reading) -> Verdict:
    """Check one reading."""
    values = {slot: op.q for slot, op in reading.operands.items()}
    values["sign"] = Quantity.exact(reading.sign)

    def resolve(name: str) -> Quantity:
        if name not in values:
            raise MissingOperand(f"{name} is not in the sentence")
        return values[name]

    source = reading.source
    try:
        if reading.kind == "ratio":
            # "2 in 5 (40%)": a ratio said in round numbers, so about.
            q = expr.evaluate(parsed(source), resolve)
            stated = Fraction(reading.stated.value)
            ok = Fraction(q.lo) <= stated * (1 + APPROXIMATE) and \
                Fraction(q.hi) >= stated * (1 - APPROXIMATE)
            return Verdict(ok, q, shown(q, reading.stated))
        if reading.kind == "multiple":
            # "doubled from 120 to 242": about twice (within a tenth); "more than
            # doubled": over twice.
            q = expr.evaluate(parsed(source), resolve)
            words = " ".join((reading.fraction or "").lower().split())
            factor = _MULTIPLES[words.split()[-1]]
            lo, hi = Fraction(q.lo), Fraction(q.hi)
            # "more than doubled" is over twice; "more than halved" under a half, and
            # "nearly halved" just over one
            beyond = words.startswith(("more than", "over", "just over"))
            short = words.startswith(("nearly", "almost", "just under"))
            if beyond:
                ok = hi > factor if factor >= 1 else lo < factor
            elif short and factor >= 1:
                ok = lo < factor and hi >= factor * (1 - APPROXIMATE)
            elif short:
                ok = hi > factor and lo <= factor * (1 + APPROXIMATE)
            else:
                ok = lo <= factor * (1 + APPROXIMATE) and hi >= factor * (1 - APPROXIMATE)
            return Verdict(ok, q, f"{format_quantity(q.value, Unit.NUMBER, 2)} times")
        if reading.kind == "average":
            q = expr.evaluate(parsed(source), resolve)
            return Verdict(agrees(reading.stated, q), q, shown(q, reading.stated))
        if reading.kind == "fraction":
            q = expr.evaluate(parsed(source), resolve) if source != "fraction" \
                else reading.stated.quantity()
            ok, target = fraction_holds(reading.fraction or "", q)
            return Verdict(ok, q, format_quantity(target, Unit.PERCENT, 1))
        if source.startswith("direction:"):
            q = expr.evaluate(parsed(source.split(":", 1)[1]), resolve)
            moved = 1 if q.lo > 0 else -1 if q.hi < 0 else 0
            return Verdict(moved == 0 or moved == reading.sign, q, None)
        tree = parsed(source)
        if isinstance(tree, expr.Call) and tree.func == "pct_out_of":
            return _grim(reading, expr.evaluate(tree.args[0], resolve))
        q = expr.evaluate(tree, resolve)
    except ZeroDivision:
        return Verdict(False, zero=True)
    except MissingOperand:
        return Verdict(False)
    holds = agrees(reading.stated, q)
    central = holds and (q.is_exact or agrees(reading.stated, Quantity.exact(q.value, q.unit)))
    return Verdict(holds, q, shown(q, reading.stated), central=central)


def shown(q: Quantity, token: Token) -> str:
    """The computed value printed the way the text printed its figure."""
    if token.duration or re.search(r"\bsec(?:ond)?s?\b", token.text):
        return _seconds(q.value)
    _, places = stated_places(token)
    unit = q.unit
    if token.unit == Unit.MONEY or unit == Unit.MONEY:
        if token.scale > 1:
            suffix = {10**3: "k", 10**6: "m", 10**9: "bn"}[token.scale]
            text = format_quantity(Fraction(q.value) / token.scale, Unit.MONEY,
                                   token.decimals) + suffix
            return text if q.is_exact else f"about {text}"
        return shown_at(q, Unit.MONEY, max(places, 0))
    if unit == Unit.POINTS and token.unit == Unit.PERCENT:
        unit = Unit.POINTS
    return shown_at(q, unit if unit != Unit.NUMBER or places else Unit.COUNT, max(places, 0))


def _seconds(value: Fraction | int) -> str:
    """A time in seconds as a paper writes it: "1 minute 18 seconds", "48 seconds"."""
    total = abs(round_half_away(value, 0))
    minutes, seconds = divmod(int(total), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' * (minutes != 1)}")
    if seconds or not minutes:
        parts.append(f"{seconds} second{'s' * (seconds != 1)}")
    return " ".join(parts)


def _grim(reading: Reading, whole_q: Quantity) -> Verdict:
    """Can some whole number out of ``whole`` give the percentage?"""
    if not whole_q.is_exact or Fraction(whole_q.value).denominator != 1 or whole_q.value <= 0:
        return Verdict(True)
    whole = int(whole_q.value)
    value, places = stated_places(reading.stated)
    target = Fraction(value)
    guess = math.floor(target * whole / 100)
    near = range(max(guess - 2, 0), min(guess + 3, whole) + 1)
    if any(round_half_away(Fraction(k * 100, whole), places) == value for k in near):
        return Verdict(True)
    below = max((k for k in near if Fraction(k * 100, whole) < target), default=None)
    above = min((k for k in near if Fraction(k * 100, whole) > target), default=None)
    options = [f"{k} of {whole} is "
               f"{format_quantity(Fraction(k * 100, whole), Unit.PERCENT, max(places, 1))}"
               for k in (below, above) if k is not None]
    return Verdict(False, None, " or ".join(o.split(" is ")[1] for o in options),
                   options=options)


__all__ = ["Operand", "Reading", "Verdict", "agrees", "evaluate", "fraction_holds",
           "shown", "stated_places"]
