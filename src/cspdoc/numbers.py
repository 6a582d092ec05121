"""The one place for reading numbers from text, rounding them and formatting them.

Values are Decimal (or Fraction while computing), never binary floats. Rounding is half
away from zero at the displayed precision, as Excel's ROUND does; Babel only lays out a
number that is already rounded (it would round half-even: python-babel/babel #410).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from babel.core import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import NumberPattern, parse_pattern

Number = Decimal | Fraction | int

class Unit(StrEnum):
    """What a value measures; decides how it is printed and which checks apply."""

    COUNT = "count"
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    POINTS = "points"  # percentage points: the difference of two percentages

    @property
    def default_places(self) -> int:
        return 1 if self in (Unit.PERCENT, Unit.POINTS) else 2 if self == Unit.NUMBER else 0


# Cells that mean "no value" (blank is missing, never zero).
MISSING_MARKERS = frozenset({"", "-", "–", "—", "n/a", "na", "n.a.", "..", "*", "x", "null"})

_NUMBER = re.compile(
    r"""^(?P<sign>[-+−–]?)\s*(?P<cur>£?)\s*
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<frac>\d+))?
        \s*(?P<pct>%?)$""",
    re.VERBOSE,
)
_RATE = re.compile(r"^(?P<n>[^()]+?)\s*\((?P<pct>[^()]*)\)$")


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A number as typed: its value, how many decimals were written, and its marks."""

    value: Decimal
    decimals: int
    percent: bool = False
    money: bool = False
    grouped: bool = False

    @property
    def text_value(self) -> str:
        """The value re-printed plainly, for messages."""
        return f"{self.value}{'%' if self.percent else ''}"


@dataclass(frozen=True, slots=True)
class ParsedRate:
    """A rate cell as published: ``n`` or ``n (x%)``; the percent may lack its sign."""

    count: ParsedNumber
    percent: ParsedNumber | None


@dataclass(frozen=True, slots=True)
class Shorthand:
    """One code of the Government Statistical Service's shorthand for table cells.

    ``code`` as printed ("[c]"), ``meaning`` as the note that explains it says it;
    ``alone``: the code may stand in a cell by itself, in place of a value withheld or
    absent (the cell is missing, never zero); ``beside``: it may follow a number to
    qualify it ("123 [r]" is a revised 123, still counted as 123).
    """

    code: str
    meaning: str
    alone: bool
    beside: bool


# GSS shorthand (Analysis Function guidance, "Symbols, suppression and rounding"). The
# one table of codes: the table reader, the verifier, the writers' notes and the prose
# claim finder all read it from here.
SHORTHAND: tuple[Shorthand, ...] = (
    Shorthand("[c]", "confidential", alone=True, beside=False),
    Shorthand("[x]", "not available", alone=True, beside=False),
    Shorthand("[z]", "not applicable", alone=True, beside=False),
    Shorthand("[low]", "low: more than zero, but rounds to zero", alone=True, beside=False),
    Shorthand("[u]", "low reliability", alone=True, beside=True),
    Shorthand("[r]", "revised", alone=False, beside=True),
    Shorthand("[p]", "provisional", alone=False, beside=True),
    Shorthand("[e]", "estimated", alone=False, beside=True),
    Shorthand("[b]", "break in the time series", alone=False, beside=True),
)
SHORTHAND_CODES: dict[str, Shorthand] = {s.code: s for s in SHORTHAND}
# Codes at the end of a cell: "[c]", "123 [r]", "45.2% [p] [u]".
_SHORTHAND_TAIL = re.compile(r"^(?P<before>.*?)\s*(?P<codes>(?:\[[A-Za-z]+\]\s*)+)$")
_CODE = re.compile(r"\[[A-Za-z]+\]")


@dataclass(frozen=True, slots=True)
class Marked:
    """A cell's text split into the figure it holds (``figure``: "" when the codes stand
    alone) and its shorthand codes, in the order typed (canonical lower case)."""

    figure: str
    codes: tuple[str, ...]

    @property
    def alone(self) -> bool:
        return not self.figure


def split_shorthand(text: str) -> Marked | None:
    """The shorthand codes typed at the end of ``text``; None when there are none.

    Raises ValueError (with a sentence to show the author) for a code that is not GSS
    shorthand, a code that cannot stand alone typed alone ("[r]": revised what?), or a
    code that replaces a value typed beside a number ("3 [c]" would print the 3).
    """
    m = _SHORTHAND_TAIL.match(text.strip())
    if m is None:
        return None
    codes = tuple(c.lower() for c in _CODE.findall(m["codes"]))
    figure = m["before"].strip()
    for code in codes:
        found = SHORTHAND_CODES.get(code)
        if found is None:
            known = ", ".join(s.code for s in SHORTHAND)
            raise ValueError(f"{code} is not GSS shorthand (codes: {known})")
        if not figure and not found.alone:
            raise ValueError(f"{code} ({found.meaning}) qualifies a figure: write it "
                             f"beside the figure, as \"123 {code}\"")
        if figure and not found.beside:
            raise ValueError(f"{code} ({found.meaning}) stands in place of a figure: "
                             f"write it alone in the cell, without {figure!r}")
    return Marked(figure, codes)


def is_missing_marker(text: str) -> bool:
    """True for a blank cell or a conventional "no value" marker (—, n/a, -)."""
    return text.strip().lower() in MISSING_MARKERS


def parse_number(text: str) -> ParsedNumber | None:
    """Read ``1,108``, ``-45``, ``17.0%``, ``£24,300``, ``+20``; None when not a number."""
    m = _NUMBER.match(text.strip())
    if m is None or (m["int"] is None and m["frac"] is None):
        return None
    digits = (m["int"] or "0").replace(",", "")
    frac = m["frac"] or ""
    sign = "-" if m["sign"] in ("-", "−", "–") else ""
    try:
        value = Decimal(f"{sign}{digits}.{frac}" if frac else f"{sign}{digits}")
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    return ParsedNumber(
        value=value,
        decimals=len(frac),
        percent=bool(m["pct"]),
        money=bool(m["cur"]),
        grouped="," in (m["int"] or ""),
    )


def parse_rate(text: str) -> ParsedRate | None:
    """Read a rate cell: ``67 (14%)``, ``2 (11.8)`` (sign missing) or a bare ``0``."""
    stripped = text.strip()
    m = _RATE.match(stripped)
    if m is None:
        count = parse_number(stripped)
        if count is None or count.percent:
            return None
        return ParsedRate(count=count, percent=None)
    count = parse_number(m["n"])
    pct = parse_number(m["pct"])
    if count is None or count.percent or pct is None:
        return None
    return ParsedRate(count=count, percent=pct)


def decimal_from_float(x: float) -> Decimal:
    """A float read from a spreadsheet, as its shortest repr (0.1 stays 0.1)."""
    return Decimal(repr(x))


def round_half_away(x: Number, places: int) -> Decimal:
    """Round exactly, half away from zero, to ``places`` decimals (negative = tens...).

    Exact whatever the size: the Decimal context is widened to hold every digit (its
    default 28 digits would fail on, or silently round, a long product)."""
    if isinstance(x, Decimal):
        with localcontext() as ctx:
            ctx.prec = max(28, _digits(x) + abs(places) + 2)
            return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    frac = Fraction(x)
    num, den = abs(frac.numerator), frac.denominator
    if places >= 0:
        whole, rest = divmod(num * 10**places, den)
    else:
        whole, rest = divmod(num, den * 10**-places)
        den *= 10**-places
    if 2 * rest >= den:
        whole += 1
    with localcontext() as ctx:
        ctx.prec = max(28, whole.bit_length() // 3 + abs(places) + 2)
        return Decimal(-whole if frac < 0 else whole).scaleb(-places)


def _digits(x: Decimal) -> int:
    """How many digits a finite Decimal has left of its last place."""
    _, digits, exponent = x.as_tuple()
    return len(digits) + max(int(exponent), 0) if isinstance(exponent, int) else 0


def rounds_to(x: Number, stated: Decimal, places: int) -> bool:
    """Is ``stated`` ``x`` correctly rounded to ``places``: within half a unit of its
    last place?

    Integer arithmetic only: with S = stated x 10^places, x holds when it lies in
    [S - 1/2, S + 1/2] (open on both sides at zero). A tie holds both ways: 12.45%
    printed as 12.4% is what half-even rounding (Python's, R's, many BI tools') and a
    spreadsheet's binary float both give, not an arithmetic mistake; cspdoc itself
    prints half away from zero (``round_half_away``).
    """
    frac = Fraction(x)
    num: int = frac.numerator
    den: int = frac.denominator
    big = stated.scaleb(places)
    if big != big.to_integral_value():
        return False  # stated has more places than asked for
    target = int(big)
    twice: int = 2 * num * 10**places  # 2 x scaled, over den
    low: int = (2 * target - 1) * den
    high: int = (2 * target + 1) * den
    if target != 0:
        return low <= twice <= high
    return low < twice < high


def to_fraction(x: Number) -> Fraction:
    """Exact conversion for arithmetic (a Decimal's digits, not a float's)."""
    return Fraction(x)


@lru_cache(maxsize=16)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@lru_cache(maxsize=64)
def _compiled(places: int, grouping: bool) -> NumberPattern:
    """Babel's pattern, parsed once (Babel would parse it, and the locale, per call)."""
    return parse_pattern(_pattern(places, grouping))


@lru_cache(maxsize=64)
def _pattern(places: int, grouping: bool) -> str:
    base = "#,##0" if grouping else "0"
    return base + ("." + "0" * places if places > 0 else "")


@lru_cache(maxsize=8192)
def format_number(x: Number, places: int = 0, *, grouping: bool = True,
                  locale: str = "en_GB") -> str:
    """``1108`` → ``1,108``; ``Decimal('23.636')``, 2 → ``23.64``; negatives as ``-45``."""
    rounded = round_half_away(x, places)
    if rounded == 0:
        rounded = abs(rounded)  # never print "-0.0"
    # Rounded already, to exactly ``places``: the pattern has nothing left to round
    # (Babel still quantizes, in the current context: give it room for every digit).
    with localcontext() as ctx:
        ctx.prec = max(28, _digits(rounded) + places + 2)
        return str(_compiled(places, grouping).apply(rounded, _locale(locale)))


def format_percent(x: Number, places: int = 1, *, locale: str = "en_GB") -> str:
    """A value already in percent units: ``16.8`` → ``16.8%``."""
    return format_number(x, places, locale=locale) + "%"


def format_money(x: Number, places: int = 0, *, locale: str = "en_GB") -> str:
    """Pounds: ``1171373`` → ``£1,171,373``; ``-50`` → ``-£50``."""
    text = format_number(abs(Fraction(x)), places, locale=locale)
    negative = round_half_away(x, places) < 0
    return ("-£" if negative else "£") + text


def percent(part: Number, whole: Number) -> Fraction:
    """``part`` as a percentage of ``whole``, exactly; the caller handles a zero whole."""
    return Fraction(part) * 100 / Fraction(whole)


def format_quantity(x: Number, unit: Unit, places: int | None = None, *,
                    locale: str = "en_GB") -> str:
    """Print a value in its unit's house format: counts ``1,108``, percentages ``16.8%``,
    money ``£24,300``, measures and percentage points as plain numbers."""
    p = unit.default_places if places is None else places
    if unit == Unit.PERCENT:
        return format_percent(x, p, locale=locale)
    if unit == Unit.MONEY:
        return format_money(x, p, locale=locale)
    return format_number(x, p, locale=locale)


def format_date(day: dt.date, *, locale: str = "en_GB") -> str:
    """A date as a committee paper prints it: ``2025-03-04`` → ``4 March 2025`` (the same
    in every process locale, unlike ``strftime("%B")``)."""
    return str(_babel_date(day, "d MMMM y", locale=locale))


def spreadsheet_value(x: Number, unit: Unit) -> float | int:
    """A figure as a spreadsheet stores it: a whole number as an int, else a float (the
    spreadsheet's own type); a percentage as its fraction (10.5% is 0.105), shown as a
    percentage by ``spreadsheet_format``. Nothing is rounded: the format sets the places."""
    value = Fraction(x) / 100 if unit == Unit.PERCENT else Fraction(x)
    if value.denominator == 1:
        return int(value)
    return float(Decimal(value.numerator) / Decimal(value.denominator))


def spreadsheet_format(unit: Unit, places: int) -> str:
    """The number format that shows a figure as the paper prints it: ``#,##0`` counts,
    ``0.0%`` percentages, ``£#,##0`` money, ``0.00`` measures and points."""
    decimals = "." + "0" * places if places > 0 else ""
    if unit == Unit.PERCENT:
        return f"0{decimals}%"
    if unit == Unit.MONEY:
        return f"£#,##0{decimals};-£#,##0{decimals}"
    if unit == Unit.COUNT:
        return f"#,##0{decimals}"
    return f"0{decimals}"
