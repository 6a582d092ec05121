"""Tables: typed columns, typed rows, and cells that are inputs, stated, derived or missing.

A cell is one of:

* ``Input``: a number someone gave us (a count, a measure), with the text as typed;
* ``Stated``: a figure exactly as published where the paper could have computed it (a
  total, a variance, a rate "n (x%)"); the verifier checks it, writers print its text;
* ``Derived``: a figure cspdoc computes (the author wrote ``=``, or left the column out);
* ``Missing``: a blank or "n/a" cell, or GSS shorthand standing for a value ("[c]"):
  missing, never zero;
* ``TextCell``: label and comment columns, as inline Markdown.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Field, model_validator

from cspdoc import expr
from cspdoc.model.base import Node
from cspdoc.model.inlines import Inlines, plain_text
from cspdoc.numbers import SHORTHAND, SHORTHAND_CODES, Unit
from cspdoc.where import NOWHERE, Where

COLUMN_KEY = r"^[a-z][a-z0-9_]*$"
ROW_ID = r"^[A-Za-z0-9_][A-Za-z0-9_-]*$"


class ColumnKind(StrEnum):
    """What a column holds; decides parsing, checks, alignment and formatting."""

    LABEL = "label"  # row labels (left, may carry footnote references)
    TEXT = "text"  # comments, free text
    COUNT = "count"  # whole numbers >= 0
    NUMBER = "number"  # measures with decimals (average wait in days)
    MONEY = "money"  # pounds
    PERCENT = "percent"  # x% (a share or a rate printed alone)
    CHANGE = "change"  # a signed difference of counts (variance)
    PERCENT_CHANGE = "percent_change"  # (new - old) / old in %
    PP_CHANGE = "pp_change"  # difference of two percentages, in points
    RATE = "rate"  # "n (x%)": a count and its percentage of the ``base`` column

    @property
    def is_text(self) -> bool:
        return self in (ColumnKind.LABEL, ColumnKind.TEXT)

    @property
    def is_percent(self) -> bool:
        return self in (ColumnKind.PERCENT, ColumnKind.PERCENT_CHANGE, ColumnKind.PP_CHANGE)

    @property
    def unit(self) -> Unit:
        return _UNITS[self]

    @property
    def default_places(self) -> int:
        return 1 if self.is_percent else 2 if self == ColumnKind.NUMBER else 0


_UNITS = {
    ColumnKind.LABEL: Unit.NUMBER,
    ColumnKind.TEXT: Unit.NUMBER,
    ColumnKind.COUNT: Unit.COUNT,
    ColumnKind.NUMBER: Unit.NUMBER,
    ColumnKind.MONEY: Unit.MONEY,
    ColumnKind.PERCENT: Unit.PERCENT,
    ColumnKind.CHANGE: Unit.COUNT,
    ColumnKind.PERCENT_CHANGE: Unit.PERCENT,
    ColumnKind.PP_CHANGE: Unit.POINTS,
    ColumnKind.RATE: Unit.COUNT,
}


class TotalRule(StrEnum):
    """How a total or subtotal row's cell follows from the rows it covers."""

    SUM = "sum"
    MAX = "max"
    MIN = "min"
    MEAN = "mean"
    WEIGHTED_MEAN = "weighted_mean"  # weighted by the column named in ``weight``
    FORMULA = "formula"  # the column's formula applied to the total row's own values
    NONE = "none"  # not aggregated: left as given


class RowKind(StrEnum):
    """Data rows hold inputs; subtotal rows cover the data rows since the last subtotal;
    total rows cover every data row."""

    DATA = "data"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


class Suppression(Node):
    """Small-number suppression: counts under ``below`` (and the rates built on them)
    print as ``code`` in every output. Zero is suppressed too unless ``keep_zero``."""

    below: int = Field(gt=0)
    code: str = "[c]"
    keep_zero: bool = False

    @model_validator(mode="after")
    def _known_code(self) -> Suppression:
        found = SHORTHAND_CODES.get(self.code.lower())
        if found is None or not found.alone:
            codes = ", ".join(s.code for s in SHORTHAND if s.alone)
            raise ValueError(f"suppression code {self.code!r} is not shorthand that stands "
                             f"for a withheld value ({codes})")
        return self

    def hides(self, value: Fraction | Decimal | int) -> bool:
        """Does this rule suppress a count of ``value``?"""
        return value < self.below and not (self.keep_zero and value == 0)


class Column(Node):
    """A typed column.

    ``formula`` (over other columns' keys in the same row, e.g. ``y2024 - y2023``) makes
    the column derived; ``base`` names the denominator column of a rate; ``total`` says how
    total rows follow from their parts (default: sum, or the formula for derived and
    percentage columns); ``group`` puts a spanning header above adjacent columns.
    ``suppress`` overrides the report's small-number rule for this count column
    (``suppress: false`` in report.yaml exempts it: ``exempt``).
    """

    key: str = Field(pattern=COLUMN_KEY)
    label: Inlines
    kind: ColumnKind
    decimals: int | None = Field(default=None, ge=0, le=6)
    formula: str | None = None
    base: str | None = None
    total: TotalRule | None = None
    weight: str | None = None
    group: str | None = None
    width: Decimal | None = Field(default=None, gt=0)
    suppress: Suppression | None = None
    exempt: bool = False
    where: Where = NOWHERE

    @property
    def places(self) -> int:
        return self.decimals if self.decimals is not None else self.kind.default_places

    @property
    def total_rule(self) -> TotalRule:
        if self.total is not None:
            return self.total
        if self.formula is not None:
            return TotalRule.FORMULA
        if self.kind in (ColumnKind.COUNT, ColumnKind.MONEY, ColumnKind.CHANGE, ColumnKind.RATE):
            return TotalRule.SUM
        return TotalRule.NONE

    @property
    def label_text(self) -> str:
        return plain_text(self.label)

    @model_validator(mode="after")
    def _consistent(self) -> Column:
        if self.kind.is_text and (self.formula or self.base or self.total not in
                                  (None, TotalRule.NONE)):
            raise ValueError(f"column {self.key!r} holds text: it cannot have a formula, "
                             "base or total rule")
        if self.kind == ColumnKind.RATE and not self.base:
            raise ValueError(f"rate column {self.key!r} needs 'base': the column it is a "
                             "percentage of")
        if self.base and self.kind != ColumnKind.RATE:
            raise ValueError(f"column {self.key!r}: only a rate column has a 'base'")
        if (self.total == TotalRule.WEIGHTED_MEAN) != (self.weight is not None):
            raise ValueError(f"column {self.key!r}: 'weight' goes with total: weighted_mean")
        if self.total == TotalRule.FORMULA and self.formula is None:
            raise ValueError(f"column {self.key!r}: total: formula needs a formula")
        if (self.suppress is not None or self.exempt) and self.kind not in (
                ColumnKind.COUNT, ColumnKind.RATE):
            raise ValueError(f"column {self.key!r}: only count and rate columns are "
                             "suppressed (rates built on them follow them)")
        return self


class Input(Node):
    """A number as someone gave it; ``text`` is exactly as typed. ``shorthand``: GSS
    codes typed beside it ("123 [r]": a revised 123)."""

    type: Literal["input"] = "input"
    value: Decimal
    text: str
    display: str | None = None
    percent: Fraction | None = None  # a rate's percentage of its base (set by present)
    shorthand: tuple[str, ...] = ()
    where: Where = NOWHERE


class Stated(Node):
    """A figure exactly as published where the paper could have computed it.

    ``value`` is the (first) number in ``text`` with ``decimals`` places; ``sign`` is True
    when a percentage carried its % sign. A rate "67 (14%)" also has ``percent``.
    ``value`` is None when the text holds no number at all.
    """

    type: Literal["stated"] = "stated"
    text: str
    value: Decimal | None
    decimals: int = 0
    sign: bool = False
    percent: Decimal | None = None
    percent_decimals: int | None = None
    percent_sign: bool = False
    shorthand: tuple[str, ...] = ()
    where: Where = NOWHERE

    @property
    def display(self) -> str:
        """Printed exactly as published."""
        return self.text


class Derived(Node):
    """A figure cspdoc computes; ``value`` and ``display`` are set by the compute and
    present transforms (``value`` stays None when it cannot be computed). ``shorthand``:
    the code it prints when it cannot be computed because a cell it reads holds one."""

    type: Literal["derived"] = "derived"
    value: Fraction | None = None
    percent: Fraction | None = None
    display: str | None = None
    shorthand: tuple[str, ...] = ()
    where: Where = NOWHERE


class Missing(Node):
    """No value: a blank cell, a marker such as "n/a" (kept as ``text``), or GSS
    shorthand standing for the value ("[c]", in ``shorthand``). ``suppressed``: the value
    was withheld by the report's small-number rule; the model no longer holds it."""

    type: Literal["missing"] = "missing"
    text: str = ""
    shorthand: tuple[str, ...] = ()
    suppressed: bool = False
    where: Where = NOWHERE

    @property
    def display(self) -> str:
        """Blank stays blank; a marker such as "n/a" is printed as typed."""
        return self.text


class TextCell(Node):
    """A label or comment cell."""

    type: Literal["text"] = "text"
    content: Inlines
    where: Where = NOWHERE


Cell = Annotated[Input | Stated | Derived | Missing | TextCell, Field(discriminator="type")]
NumericCell = Input | Stated | Derived | Missing


class Row(Node):
    """A row: its kind, one cell per column (in column order) and the line it came from."""

    id: str = Field(pattern=ROW_ID)
    kind: RowKind = RowKind.DATA
    cells: tuple[Cell, ...]
    line: int | None = None


FigureLabel = Literal["Figure", "Table"]


class Symbol(Node):
    """A shorthand code and what it means in this report, as the note explains it."""

    code: str
    meaning: str


class Table(Node):
    """A table figure: caption (under the table), optional source note, notes (lines
    printed under the table), columns, rows.

    ``symbols``: the explanation of every shorthand code the report's tables print, set
    (by ``transforms.symbols``) on the first table that prints one, and printed under
    it once. ``label`` is "Figure", or "Table" when tables are numbered separately.
    """

    type: Literal["table"] = "table"
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    caption: Inlines
    source: Inlines | None = None
    notes: tuple[Inlines, ...] = ()
    columns: tuple[Column, ...] = Field(min_length=1)
    rows: tuple[Row, ...]
    symbols: tuple[Symbol, ...] = ()
    number: int | None = None
    label: FigureLabel = "Figure"
    file: str | None = None
    where: Where = NOWHERE

    @model_validator(mode="after")
    def _consistent(self) -> Table:
        keys = [c.key for c in self.columns]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"table {self.id!r}: column {dupes[0]!r} is declared twice")
        by_key = {c.key: c for c in self.columns}
        for col in self.columns:
            self._check_references(col, by_key)
        self._check_formula_cycles(by_key)
        seen: set[str] = set()
        for row in self.rows:
            if row.id in seen:
                raise ValueError(f"table {self.id!r}: row id {row.id!r} is used twice")
            seen.add(row.id)
            if len(row.cells) != len(self.columns):
                raise ValueError(f"table {self.id!r}: row {row.id!r} has {len(row.cells)} "
                                 f"cells for {len(self.columns)} columns")
            for col, cell in zip(self.columns, row.cells, strict=True):
                if col.kind.is_text != isinstance(cell, TextCell):
                    raise ValueError(f"table {self.id!r}: row {row.id!r}, column {col.key!r} "
                                     f"({col.kind}) cannot hold a {cell.type} cell")
        return self

    def _check_references(self, col: Column, by_key: dict[str, Column]) -> None:
        numeric = {k for k, c in by_key.items() if not c.kind.is_text}
        for ref, what in ((col.base, "base"), (col.weight, "weight")):
            if ref is not None and ref not in numeric:
                raise ValueError(f"table {self.id!r}: column {col.key!r} has {what} {ref!r}, "
                                 "which is not a numeric column of this table")
        if col.formula is not None:
            for name in expr.names(expr.parse(col.formula, col.where)):
                if name not in numeric:
                    raise ValueError(f"table {self.id!r}: the formula of column {col.key!r} "
                                     f"reads {name!r}, which is not a numeric column")

    def _check_formula_cycles(self, by_key: dict[str, Column]) -> None:
        deps = {k: set(expr.names(expr.parse(c.formula))) if c.formula else set()
                for k, c in by_key.items()}
        done: set[str] = set()

        def visit(key: str, path: tuple[str, ...]) -> None:
            if key in path:
                cycle = " -> ".join((*path[path.index(key):], key))
                raise ValueError(f"table {self.id!r}: formulas refer to each other ({cycle})")
            if key in done:
                return
            for dep in deps[key]:
                visit(dep, (*path, key))
            done.add(key)

        for key in deps:
            visit(key, ())

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def column_index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def row_label(self, row: Row) -> str:
        """The row's label as a reader sees it: its label cells joined."""
        parts = [plain_text(cell.content) for col, cell in zip(self.columns, row.cells,
                                                                strict=True)
                 if col.kind == ColumnKind.LABEL and isinstance(cell, TextCell)]
        return " ".join(p for p in parts if p) or row.id

    def covered_rows(self, index: int) -> list[Row]:
        """The data rows a total (all data rows) or subtotal (since the last subtotal or
        total) row at ``index`` covers."""
        row = self.rows[index]
        if row.kind == RowKind.TOTAL:
            return [r for r in self.rows if r.kind == RowKind.DATA]
        if row.kind == RowKind.SUBTOTAL:
            parts: list[Row] = []
            for earlier in reversed(self.rows[:index]):
                if earlier.kind != RowKind.DATA:
                    break
                parts.append(earlier)
            return list(reversed(parts))
        return []
