"""Compute derived figures: table formulas, totals and rates, and bound narrative values.

In: a numbered Report. Out: the Report with every ``Derived`` cell's ``value`` (and
``percent`` for rates) set, exactly (Fractions). The same functions give the verifier
its expectations (``expected_cell``), so what is printed and what is checked come from
one piece of arithmetic. Nothing here rounds: rounding is ``numbers.py``'s, at display.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cspdoc import expr
from cspdoc.errors import ExpressionError
from cspdoc.expr import MissingOperand, Quantity, ZeroDivision
from cspdoc.model import (
    Block,
    Bound,
    Cell,
    Checked,
    Column,
    ColumnKind,
    Derived,
    Inline,
    Input,
    Missing,
    Report,
    Row,
    RowKind,
    Stated,
    Table,
    TotalRule,
)
from cspdoc.numbers import SHORTHAND_CODES, Unit
from cspdoc.transforms.walk import map_report, visit_inlines
from cspdoc.where import Where


def unit_of_text(text: str, default: Unit) -> Unit:
    if "%" in text:
        return Unit.PERCENT
    if "£" in text:
        return Unit.MONEY
    return default


def input_quantity(value: Decimal, unit: Unit) -> Quantity:
    """A typed number: whole counts and money are exact; anything written with decimals,
    or a percentage, is taken as rounded to what was written (so 74.3% is 74.25-74.35)."""
    exponent = value.as_tuple().exponent
    decimals = max(-exponent, 0) if isinstance(exponent, int) else 0
    if unit == Unit.MONEY or (decimals == 0 and unit != Unit.PERCENT):
        return Quantity.exact(int(value) if decimals == 0 else Fraction(value), unit)
    return Quantity.rounded(Fraction(value), decimals, unit)


def cell_quantity(cell: Cell, col: Column) -> Quantity | None:
    """What a numeric cell holds, as a Quantity; None when missing or not computable."""
    unit = col.kind.unit
    if isinstance(cell, Input):
        text_unit = unit_of_text(cell.text, unit) if col.kind != ColumnKind.RATE else unit
        return input_quantity(cell.value, text_unit)
    if isinstance(cell, Stated):
        if cell.value is None:
            return None
        return input_quantity(cell.value, unit)
    if isinstance(cell, Derived) and cell.value is not None:
        return Quantity.exact(cell.value, unit)
    return None


_UNSET = object()


@dataclass(frozen=True)
class Expectation:
    """What a cell should hold: its value and, for a rate, its percentage.

    ``missing`` names what was blank and counted as zero (covered rows of a total, or
    columns of an additive formula); ``zero_base`` says a rate's base is zero;
    ``coded`` names each part holding GSS shorthand ("[c]"), with its code: such a part is
    missing and never zero, so nothing is computed from it (``value`` is None).
    """

    value: Quantity | None
    percent: Quantity | None = None
    missing: tuple[str, ...] = ()
    zero_base: bool = False
    coded: tuple[tuple[str, str], ...] = ()

    @property
    def code(self) -> tuple[str, ...]:
        """What a cell that cannot be computed for shorthand prints: the parts' code
        when they share one, else [x] (not available)."""
        codes = {code for _, code in self.coded}
        if not codes:
            return ()
        return (codes.pop(),) if len(codes) == 1 else ("[x]",)


def shorthand_of(cell: Cell) -> tuple[str, ...]:
    """The shorthand a cell holds in place of a value ("[c]"); () for any other cell."""
    if isinstance(cell, Missing | Derived) and getattr(cell, "value", None) is None:
        return cell.shorthand
    return ()


class TableMath:
    """Expectations for the cells of one table, from its formulas and total rules."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.index = {c.key: i for i, c in enumerate(table.columns)}
        self.formulas = {c.key: expr.parse(c.formula, c.where) for c in table.columns
                         if c.formula is not None}
        self.additive = {key: expr.is_sum(tree) for key, tree in self.formulas.items()}
        # Quantities by cell identity: the table (and so its cells) lives as long as this.
        self._cache: dict[int, Quantity | object | None] = {}

    def quantity(self, row: Row, key: str) -> Quantity | None:
        i = self.index[key]
        cell = row.cells[i]
        found = self._cache.get(id(cell), _UNSET)
        if found is _UNSET:
            found = self._cache[id(cell)] = cell_quantity(cell, self.table.columns[i])
        return found  # type: ignore[return-value]

    def _formula(self, row: Row, col: Column, where: Where, coded: list[tuple[str, str]]
                 ) -> tuple[Quantity | None, tuple[str, ...]]:
        """Evaluate the column's formula on ``row``. A blank operand of a sum counts as
        zero (and is reported); in any other formula it leaves nothing to compute. An
        operand holding shorthand is never zero: nothing is computed (``coded``)."""
        missing: list[str] = []

        def resolve(name: str) -> Quantity:
            q = self.quantity(row, name)
            if q is None:
                other = self.table.columns[self.index[name]]
                codes = shorthand_of(row.cells[self.index[name]])
                if codes:
                    coded.append((other.label_text or name, codes[0]))
                else:
                    missing.append(other.label_text or name)
                return Quantity.exact(0, other.kind.unit)
            return q

        value = expr.evaluate(self.formulas[col.key], resolve, where)
        if coded or (missing and not self.additive[col.key]):
            return None, tuple(missing)
        return value, tuple(missing)

    def expected(self, row_index: int, col: Column) -> Expectation:
        """The value a cell should hold (None where nothing can be said)."""
        row = self.table.rows[row_index]
        cell = row.cells[self.index[col.key]]
        where = getattr(cell, "where", Where())
        value: Quantity | None = None
        missing: tuple[str, ...] = ()
        coded: list[tuple[str, str]] = []
        zero = False
        try:
            if row.kind == RowKind.DATA or col.total_rule == TotalRule.FORMULA:
                if col.formula is not None:
                    value, missing = self._formula(row, col, where, coded)
            else:
                value, missing = self._aggregate(row_index, col, where, coded)
        except ZeroDivision:
            value, zero = None, True
        percent = None
        if col.kind == ColumnKind.RATE:
            # The percentage follows from the count as printed (or as computed).
            count = value if isinstance(cell, Derived) else cell_quantity(cell, col)
            base = self.quantity(row, col.base) if col.base else None
            if count is not None and base is not None:
                if base.value == 0:
                    zero = True
                else:
                    percent = expr.FUNCTIONS["pct"].run([count, base], where)
        return Expectation(value, percent, missing, zero, tuple(coded))

    def _aggregate(self, row_index: int, col: Column, where: Where,
                   coded: list[tuple[str, str]]) -> tuple[Quantity | None, tuple[str, ...]]:
        rule = col.total_rule
        if rule == TotalRule.NONE:
            return None, ()
        values: list[Quantity] = []
        weights: list[Quantity] = []
        missing: list[str] = []
        for part in self.table.covered_rows(row_index):
            q = self.quantity(part, col.key)
            w = self.quantity(part, col.weight) if col.weight is not None else None
            if q is None or (rule == TotalRule.WEIGHTED_MEAN and w is None):
                codes = shorthand_of(part.cells[self.index[col.key]]) or (
                    shorthand_of(part.cells[self.index[col.weight]]) if col.weight else ())
                if codes:
                    coded.append((self.table.row_label(part), codes[0]))
                else:
                    missing.append(self.table.row_label(part))
                continue
            values.append(q)
            if w is not None:
                weights.append(w)
        if not values or coded:
            return None, tuple(missing)
        if rule == TotalRule.SUM:
            return expr.FUNCTIONS["sum"].run(values, where), tuple(missing)
        if rule == TotalRule.WEIGHTED_MEAN:
            pairs = [q for pair in zip(values, weights, strict=True) for q in pair]
            return expr.FUNCTIONS["weighted_mean"].run(pairs, where), tuple(missing)
        name = {TotalRule.MAX: "max", TotalRule.MIN: "min", TotalRule.MEAN: "mean"}[rule]
        return expr.FUNCTIONS[name].run(values, where), tuple(missing)


def column_order(table: Table) -> list[Column]:
    """Columns in an order where each formula's inputs come before it."""
    by_key = {c.key: c for c in table.columns}
    done: list[Column] = []
    seen: set[str] = set()

    def visit(col: Column) -> None:
        if col.key in seen:
            return
        seen.add(col.key)
        deps = expr.names(expr.parse(col.formula)) if col.formula else []
        for dep in [*deps, col.base, col.weight]:
            if dep is not None and dep in by_key:
                visit(by_key[dep])
        done.append(col)

    for col in table.columns:
        visit(col)
    return done


def compute_table(table: Table) -> Table:
    """Fill every Derived cell: data rows first, then subtotals and totals, column by
    column in formula order (a total's formula reads the totals computed before it)."""
    rows = [list(r.cells) for r in table.rows]
    current = table
    for col in column_order(table):
        ci = current.column_index(col.key)
        for kinds in ((RowKind.DATA,), (RowKind.SUBTOTAL, RowKind.TOTAL)):
            changed = False
            math = TableMath(current)
            for ri, row in enumerate(current.rows):
                cell = row.cells[ci]
                if row.kind not in kinds or not isinstance(cell, Derived):
                    continue
                exp = math.expected(ri, col)
                value = exp.value.value if exp.value is not None else None
                percent = exp.percent.value if exp.percent is not None else None
                codes = exp.code if value is None else ()
                if value != cell.value or percent != cell.percent or codes != cell.shorthand:
                    rows[ri][ci] = cell.rebuilt(value=value, percent=percent,
                                                shorthand=codes)
                    changed = True
            if changed:
                current = current.rebuilt(rows=tuple(
                    r if tuple(cells) == r.cells else r.rebuilt(cells=tuple(cells))
                    for r, cells in zip(current.rows, rows, strict=True)))
    return current


class Environment:
    """Names the narrative's expressions can read: named values and table cells
    (``figure-id.row-id.column-key``)."""

    def __init__(self, report: Report) -> None:
        self.values = {v.name: v for v in report.values}
        self.tables = {f.id: TableMath(f) for f in report.figures() if isinstance(f, Table)}

    def resolver(self, where: Where) -> Callable[[str], Quantity]:
        def resolve(name: str) -> Quantity:
            if name in self.values:
                value = self.values[name].value
                unit = unit_of_text(value.text, Unit.NUMBER)
                if unit == Unit.NUMBER and value.value == value.value.to_integral_value():
                    unit = Unit.COUNT
                return input_quantity(value.value, unit)
            return self._cell(name, where)
        return resolve

    def _cell(self, name: str, where: Where) -> Quantity:
        parts = name.split(".")
        if len(parts) != 3 or parts[0] not in self.tables:
            raise ExpressionError(f"unknown name {name!r}: not a named value, and not "
                                  "figure.row.column of a table", where)
        math = self.tables[parts[0]]
        rows = {r.id: r for r in math.table.rows}
        if parts[1] not in rows:
            known = ", ".join(rows)
            raise ExpressionError(f"table {parts[0]!r} has no row {parts[1]!r} "
                                  f"(rows: {known})", where)
        if parts[2] not in math.index:
            known = ", ".join(math.index)
            raise ExpressionError(f"table {parts[0]!r} has no column {parts[2]!r} "
                                  f"(columns: {known})", where)
        row = rows[parts[1]]
        q = math.quantity(row, parts[2])
        if q is None:
            codes = shorthand_of(row.cells[math.index[parts[2]]])
            if codes:
                meaning = SHORTHAND_CODES[codes[0]].meaning
                raise MissingOperand(f"{name} is {codes[0]} ({meaning})", where,
                                     shorthand=codes)
            raise MissingOperand(f"{name} is missing (a blank cell)", where)
        return q

    def evaluate(self, source: str, where: Where) -> Quantity:
        return expr.evaluate(expr.parse(source, where), self.resolver(where), where)


def compute(report: Report) -> Report:
    """Compute every table's derived cells, then check every narrative expression's
    names resolve (an unknown name is an input error where it was typed)."""

    def block_fn(block: Block) -> Block:
        return compute_table(block) if isinstance(block, Table) else block

    report = map_report(report, block_fn=block_fn)
    env = Environment(report)

    def check_names(node: Inline) -> None:
        if isinstance(node, Bound | Checked):
            # A zero base or a blank operand is not an input error: the verifier
            # reports it as a finding.
            with suppress(ZeroDivision, MissingOperand):
                env.evaluate(node.expr, node.where)
    visit_inlines(report, check_names, footnotes=True)
    return report


__all__ = ["Environment", "Expectation", "Missing", "TableMath", "cell_quantity",
           "compute", "compute_table", "input_quantity", "shorthand_of"]
