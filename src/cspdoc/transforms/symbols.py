"""Explain the shorthand once: the note of every GSS code the paper prints.

In: a Report ready to write (computed, presented and, where the report asks, suppressed).
Out: the Report with ``symbols`` set on the first table that prints a code (or, when only
the text prints one, on the first table), listing every code printed anywhere, in order
of first appearance, each with its meaning from ``numbers.SHORTHAND``; a code the
small-number rule printed says what it withheld ("fewer than 5"). Every other table's
``symbols`` is empty, so the note is printed once in each output.
"""

from __future__ import annotations

import re

from cspdoc.model import (
    Block,
    Bound,
    Derived,
    Inline,
    Input,
    Missing,
    Report,
    Stated,
    Suppression,
    Symbol,
    Table,
    Text,
)
from cspdoc.numbers import SHORTHAND_CODES
from cspdoc.transforms.walk import map_report, visit_inlines

SUPPRESSED = "suppressed to protect individuals"
_CODE = re.compile(r"\[[A-Za-z]+\]")


def _cell_codes(table: Table, rule: Suppression | None,
                withheld: dict[str, set[int]]) -> list[str]:
    codes: list[str] = []
    for row in table.rows:
        for col, cell in zip(table.columns, row.cells, strict=True):
            if isinstance(cell, Missing | Input | Stated) or (
                    isinstance(cell, Derived) and cell.value is None):
                codes.extend(cell.shorthand)
            if isinstance(cell, Missing) and cell.suppressed:
                own = col.suppress or rule
                if own is not None:
                    withheld.setdefault(cell.shorthand[0], set()).add(own.below)
    return codes


def _meaning(code: str, withheld: dict[str, set[int]]) -> str:
    meaning = SHORTHAND_CODES[code].meaning
    if code not in withheld:
        return meaning
    limits = " or ".join(str(n) for n in sorted(withheld[code]))
    return f"{meaning}: fewer than {limits}, {SUPPRESSED}"


def symbols(report: Report) -> Report:
    """Set the shorthand note on the first table that needs it; clear it elsewhere."""
    order: list[str] = []
    withheld: dict[str, set[int]] = {}
    first: str | None = None
    tables = [f for f in report.figures() if isinstance(f, Table)]
    for table in tables:
        codes = _cell_codes(table, report.suppress, withheld)
        if codes and first is None:
            first = table.id
        order.extend(c for c in codes if c not in order)

    def prose(node: Inline) -> None:
        # A bound figure printing a cell's code, or a code typed in the text itself.
        text = node.text if isinstance(node, Bound | Text) else None
        for code in _CODE.findall(text or ""):
            if code.lower() in SHORTHAND_CODES and code.lower() not in order:
                order.append(code.lower())

    visit_inlines(report, prose, footnotes=True)
    if first is None and order and tables:
        first = tables[0].id
    note = tuple(Symbol(code=c, meaning=_meaning(c, withheld)) for c in order)

    def block_fn(block: Block) -> Block:
        if not isinstance(block, Table):
            return block
        wanted = note if block.id == first else ()
        return block if block.symbols == wanted else block.rebuilt(symbols=wanted)

    return map_report(report, block_fn=block_fn)
