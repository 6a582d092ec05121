"""Display text: every figure a writer prints, formatted once, here, through numbers.py.

In: a computed Report. Out: the Report with ``display`` set on Input and Derived cells
and ``text`` on Bound inlines. Stated and missing cells print their text as published.
With ``meta.numbers: as-published`` a typed number prints exactly as typed ("2109");
with ``house`` it is re-set in the en-GB house style ("2,109").
"""

from __future__ import annotations

from fractions import Fraction

from cspdoc.expr import MissingOperand, ZeroDivision
from cspdoc.model import (
    Block,
    Bound,
    Column,
    ColumnKind,
    Derived,
    Inline,
    Input,
    NumberStyle,
    Report,
    Table,
)
from cspdoc.numbers import Unit, format_quantity
from cspdoc.transforms.compute import Environment, TableMath, unit_of_text
from cspdoc.transforms.walk import map_report


def _places(col: Column, typed: int | None) -> int:
    if col.decimals is not None:
        return col.decimals
    return typed if typed is not None else col.kind.default_places


def _rate_text(count: Fraction | int, percent: Fraction | int | None, col: Column) -> str:
    text = format_quantity(count, Unit.COUNT, 0)
    if percent is None:
        return text
    places = col.decimals if col.decimals is not None else Unit.PERCENT.default_places
    return f"{text} ({format_quantity(percent, Unit.PERCENT, places)})"


def present_table(table: Table, style: NumberStyle) -> Table:
    math = TableMath(table)
    rows = []
    for ri, row in enumerate(table.rows):
        cells = list(row.cells)
        for ci, (col, cell) in enumerate(zip(table.columns, row.cells, strict=True)):
            text: str | None = None
            if isinstance(cell, Input) and col.kind == ColumnKind.RATE:
                pct = math.expected(ri, col).percent
                share = pct.value if pct is not None else None
                if share != cell.percent:
                    cell = cells[ci] = cell.rebuilt(percent=share)
            if isinstance(cell, Input):
                if style == NumberStyle.AS_PUBLISHED:
                    text = cell.text
                elif col.kind == ColumnKind.RATE:
                    pct = math.expected(ri, col).percent
                    text = _rate_text(Fraction(cell.value),
                                      pct.value if pct is not None else None, col)
                else:
                    typed = max(-int(cell.value.as_tuple().exponent), 0)
                    unit = unit_of_text(cell.text, col.kind.unit)
                    text = format_quantity(cell.value, unit, _places(col, typed))
                if style != NumberStyle.AS_PUBLISHED and cell.shorthand:
                    text = " ".join((text, *cell.shorthand))  # "1,234 [r]"
            elif isinstance(cell, Derived):
                if cell.value is None:
                    text = " ".join(cell.shorthand)  # blank, or the code it cannot use
                elif col.kind == ColumnKind.RATE:
                    text = _rate_text(cell.value, cell.percent, col)
                else:
                    text = format_quantity(cell.value, col.kind.unit, _places(col, None))
            if text is not None and text != getattr(cell, "display", None):
                cells[ci] = cells[ci].rebuilt(display=text)
        changed = any(a is not b for a, b in zip(cells, row.cells, strict=True))
        rows.append(row.rebuilt(cells=tuple(cells)) if changed else row)
    if all(a is b for a, b in zip(rows, table.rows, strict=True)):
        return table
    return table.rebuilt(rows=tuple(rows))


def present(report: Report) -> Report:
    style = report.meta.numbers

    def block_fn(block: Block) -> Block:
        return present_table(block, style) if isinstance(block, Table) else block

    report = map_report(report, block_fn=block_fn)
    env = Environment(report)

    def bound_text(node: Inline) -> Inline:
        if not isinstance(node, Bound):
            return node
        try:
            q = env.evaluate(node.expr, node.where)
        except MissingOperand as exc:
            # A cell holding shorthand prints its code; a blank, nothing (the verifier
            # says why).
            text = " ".join(exc.shorthand) if exc.shorthand else "–"
        except ZeroDivision:
            text = "–"  # nothing to print; the verifier says why
        else:
            text = format_quantity(q.value, q.unit, node.places)
        return node if node.text == text else node.rebuilt(text=text)

    return map_report(report, bound_text, footnotes=True)
