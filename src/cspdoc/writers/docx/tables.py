"""Tables: header rows that repeat and are marked as headers, numbers right-aligned,
total rows bold, rows that never split, and column widths that fit the page.

Widths come from the text each column must hold, measured with Arial's advance widths
(Liberation Sans has the same metrics): a column is never narrower than its longest word,
number columns are as wide as their widest figure, text columns share what is left (by
the column's ``width`` weight). When the longest words alone cannot fit the portrait
text column at the table's type size, the table is set on landscape pages (``Plan``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from cspdoc.model import Column, Row, RowKind, Table, TextCell, plain_text
from cspdoc.writers.docx import styles
from cspdoc.writers.docx.inlines import add_inlines
from cspdoc.writers.docx.layout import PageGeometry
from cspdoc.writers.docx.oxml import el, paragraph, text_run
from cspdoc.writers.docx.oxml import rpr as run_props
from cspdoc.writers.docx.state import State

TABLE_PT = 9.0  # the Table Text style's size
CELL_PADDING = 2 * 85 + 30  # left and right cell margins, and a little air

# Arial advance widths in thousandths of an em (Liberation Sans is metric-compatible).
_WIDTHS: dict[str, int] = {}
for _chars, _w in (("ijl|", 222), ("ft.,:;!'/ I[]", 278), ("r()-", 333), ("\"", 355),
                   ("*", 389), ("^", 469), ("Jcksvxyz", 500), ("Lo", 556),
                   ("abdeghnpqu0123456789$#?_", 556), ("FTZ", 611), ("+<>=~", 584),
                   ("ABEKPSVXY&", 667), ("CDHNRUw", 722), ("GOQ", 778), ("Mm", 833),
                   ("%", 889), ("W", 944), ("@", 1015)):
    for _c in _chars:
        _WIDTHS[_c] = _w
_OTHER = 600


def text_width(text: str, points: float, *, bold: bool = False) -> int:
    """The width of ``text`` set in Arial at ``points``, in twips."""
    em = math.fsum(_WIDTHS.get(c, _OTHER) for c in text) / 1000
    return math.ceil(em * points * 20 * (1.06 if bold else 1.0))


def _words(text: str) -> list[str]:
    return text.split() or [""]


@dataclass(frozen=True)
class Plan:
    """Column widths in twips, and whether the table needs landscape pages."""

    widths: tuple[int, ...]
    landscape: bool


def _cell_text(cell: object) -> str:
    if isinstance(cell, TextCell):
        return plain_text(cell.content)
    return getattr(cell, "display", None) or ""


def plan(table: Table, geometry: PageGeometry) -> Plan:
    """Widths that fill the text column; landscape when portrait cannot hold the words."""
    minimum: list[int] = []
    preferred: list[int] = []
    for index, column in enumerate(table.columns):
        header = plain_text(column.label)
        cells = [_cell_text(row.cells[index]) for row in table.rows]
        longest_word = max([text_width(w, TABLE_PT, bold=True) for w in _words(header)] +
                           [text_width(w, TABLE_PT, bold=True) for c in cells
                            for w in _words(c)])
        full = max([text_width(c, TABLE_PT, bold=True) for c in cells] + [0])
        if column.kind.is_text:
            minimum.append(longest_word + CELL_PADDING)
            preferred.append(max(full, longest_word) + CELL_PADDING)
        else:  # a number never wraps; its header would rather not either
            need = max(longest_word, full) + CELL_PADDING
            minimum.append(need)
            preferred.append(max(need, text_width(header, TABLE_PT, bold=True) +
                                 CELL_PADDING))
    needed = _total(minimum)
    landscape = needed > geometry.portrait_width and needed <= geometry.landscape_width
    available = geometry.landscape_width if landscape else geometry.portrait_width
    return Plan(_share(table.columns, minimum, preferred, available), landscape)


def _total(values: list[int]) -> int:
    out = 0
    for value in values:
        out += value
    return out


def _share(columns: tuple[Column, ...], minimum: list[int], preferred: list[int],
           available: int) -> tuple[int, ...]:
    """Minimum widths first; then number columns grow towards one-line headers (with at
    most a sixth of the room left when there are text columns); then text columns share
    the rest by their ``width`` weight, none beyond its longest line until all have it."""
    if _total(minimum) >= available:  # squeeze every column alike
        scale = available / _total(minimum)
        return tuple(int(m * scale) for m in minimum)
    weights = [float(c.width) if c.width is not None else 1.0 for c in columns]
    numbers = [i for i, c in enumerate(columns) if not c.kind.is_text]
    text = [i for i, c in enumerate(columns) if c.kind.is_text] or numbers
    widths = list(minimum)
    spare = available - _total(minimum)
    budget = spare // 6 if text is not numbers else spare
    spare -= _fill(widths, numbers, {i: 1.0 for i in numbers}, preferred, budget)
    spare -= _fill(widths, text, weights, preferred, spare)
    _fill(widths, text, weights, None, spare)
    return tuple(widths)


def _fill(widths: list[int], columns: list[int], weights: dict[int, float] | list[float],
          limit: list[int] | None, budget: int) -> int:
    """Pour ``budget`` into ``columns`` by weight, none beyond its ``limit``; returns what
    was poured."""
    poured = 0
    open_ = [i for i in columns if limit is None or widths[i] < limit[i]]
    while open_ and budget - poured > len(open_):
        total = math.fsum(weights[i] for i in open_)
        left = budget - poured
        for i in open_:
            extra = int(left * weights[i] / total)
            if limit is not None:
                extra = min(extra, limit[i] - widths[i])
            widths[i] += extra
            poured += extra
        open_ = [i for i in open_ if limit is None or widths[i] < limit[i]]
        if limit is None:
            break
    return poured


def table_element(table: Table, widths: tuple[int, ...], state: State) -> Any:
    """The ``w:tbl`` for ``table``, without its caption."""
    tbl = el("w:tbl", _tbl_pr(table, widths, state),
             el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths)))
    for row in _header_rows(table, widths, state):
        tbl.append(row)
    for index, row in enumerate(table.rows):
        tbl.append(_body_row(table, row, widths, state, last=index == len(table.rows) - 1))
    return tbl


def _tbl_pr(table: Table, widths: tuple[int, ...], state: State) -> Any:
    caption = plain_text(table.caption)
    return el("w:tblPr",
              el("w:tblStyle", val=state.styles.id(styles.TABLE)),
              el("w:tblW", w=_total(list(widths)), type="dxa"),
              el("w:tblLayout", type="fixed"),
              el("w:tblLook", val="0620", firstRow=1, lastRow=0, firstColumn=0,
                 lastColumn=0, noHBand=1, noVBand=1),
              el("w:tblCaption", val=f"{table.label} {table.number}" if table.number
                 else caption),
              el("w:tblDescription", val=caption))


def _tr(*cells: Any, header: bool) -> Any:
    tr_pr = el("w:trPr", el("w:cantSplit"))
    if header:
        tr_pr.append(el("w:tblHeader"))
    return el("w:tr", tr_pr, *cells)


def _tc(width: int, *paragraphs: Any, span: int = 1, vmerge: str | None = None,
        valign: str | None = None) -> Any:
    tc_pr = el("w:tcPr", el("w:tcW", w=width, type="dxa"))
    if span > 1:
        tc_pr.append(el("w:gridSpan", val=span))
    if vmerge is not None:
        tc_pr.append(el("w:vMerge", val=vmerge) if vmerge == "restart" else el("w:vMerge"))
    if valign:
        tc_pr.append(el("w:vAlign", val=valign))
    return el("w:tc", tc_pr, *paragraphs)


def _header_paragraph(column: Column, state: State, *, label: bool = True) -> Any:
    align = None if column.kind.is_text else "right"
    p = paragraph(state.styles.id(styles.TABLE_HEADING), align=align)
    if label:
        add_inlines(p, column.label, state, state.document_part, bold=True)
    return p


def _header_rows(table: Table, widths: tuple[int, ...], state: State) -> list[Any]:
    if not any(c.group for c in table.columns):
        return [_tr(*(_tc(w, _header_paragraph(c, state), valign="bottom")
                      for c, w in zip(table.columns, widths, strict=True)), header=True)]
    top: list[Any] = []
    bottom: list[Any] = []
    i = 0
    columns = table.columns
    while i < len(columns):
        group = columns[i].group
        if group is None:
            top.append(_tc(widths[i], _header_paragraph(columns[i], state),
                           vmerge="restart", valign="bottom"))
            bottom.append(_tc(widths[i], _header_paragraph(columns[i], state, label=False),
                              vmerge="continue"))
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j].group == group:
            j += 1
        p = paragraph(state.styles.id(styles.TABLE_HEADING), align="center")
        p.append(text_run(group, run_props(bold=True)))
        top.append(_tc(_total(list(widths[i:j])), p, span=j - i))
        bottom.extend(_tc(widths[k], _header_paragraph(columns[k], state), valign="bottom")
                      for k in range(i, j))
        i = j
    return [_tr(*top, header=True), _tr(*bottom, header=True)]


def _body_row(table: Table, row: Row, widths: tuple[int, ...], state: State, *,
              last: bool) -> Any:
    bold = row.kind in (RowKind.TOTAL, RowKind.SUBTOTAL)
    cells = []
    for cell, width in zip(row.cells, widths, strict=True):
        if isinstance(cell, TextCell):
            p = paragraph(state.styles.id(styles.TABLE_TEXT), keep_next=last)
            add_inlines(p, cell.content, state, state.document_part, bold=bold)
        else:
            p = paragraph(state.styles.id(styles.TABLE_NUMBER), keep_next=last,
                          align="right")
            if cell.display:
                p.append(text_run(cell.display, run_props(bold=bold)))
        cells.append(_tc(width, p))
    return _tr(*cells, header=False)


__all__ = ["Plan", "plan", "table_element", "text_width"]
