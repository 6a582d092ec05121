"""Tables: header rows that repeat and are marked as headers, rows that never split, and
the column widths the PDF's table has (``writers.columns``, planned once from the shared
geometry; in twips of this document's text width).

The look comes from styles a house template can restyle: the table style (Committee
Table, or Committee Table Compact for many columns) shades and rules the header row and
rules the total row when it is the last (its ``firstRow`` and ``lastRow`` conditional
formats); paragraph styles align and size text, numbers and headings (Table Text, Table
Number, Table Heading, Table Number Heading, Table Group Heading, and their Compact
variants); the Table Total character style bolds total and subtotal rows. Only the rule
above a total or subtotal that is not the last row is set on its cells.
"""

from __future__ import annotations

from typing import Any

from cspdoc.model import Column, Inlines, Row, RowKind, Table, TextCell, plain_text
from cspdoc.writers.columns import TablePlan, plan
from cspdoc.writers.docx import styles
from cspdoc.writers.docx.inlines import add_inlines
from cspdoc.writers.docx.oxml import el, paragraph, text_run
from cspdoc.writers.docx.oxml import rpr as run_props
from cspdoc.writers.docx.state import State

_RULE = "1D3C6E"


def table_plan(table: Table, state: State) -> TablePlan:
    """``table``'s plan for this document's portrait text width."""
    return plan(table, state.shared, state.geometry.portrait_width / 20)


def _style(state: State, name: str, compact: bool) -> str:
    return state.styles.id(name + styles.COMPACT if compact else name)


def table_element(table: Table, layout: TablePlan, width: int, state: State) -> Any:
    """The ``w:tbl`` for ``table`` laid out by ``layout`` in ``width`` twips, without its
    caption."""
    widths = layout.twips(width)
    last_is_total = bool(table.rows) and table.rows[-1].kind is RowKind.TOTAL
    tbl = el("w:tbl", _tbl_pr(table, widths, layout.compact, last_is_total, state),
             el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths)))
    for row in _header_rows(table, layout, widths, state):
        tbl.append(row)
    count = len(table.rows)
    for index, row in enumerate(table.rows):
        last = index == count - 1
        # as the PDF: no page break after the first row, nor before the last (the last
        # row also keeps with the caption)
        keep = index == 0 or index >= count - 2
        tbl.append(_body_row(table, row, widths, layout.compact, state, keep=keep,
                             rule=row.kind is not RowKind.DATA and not (last and
                                                                        last_is_total)))
    return tbl


def _tbl_pr(table: Table, widths: tuple[int, ...], compact: bool, last_is_total: bool,
            state: State) -> Any:
    caption = plain_text(table.caption)
    return el("w:tblPr",
              el("w:tblStyle", val=state.styles.id(styles.TABLE_COMPACT if compact
                                                    else styles.TABLE)),
              el("w:tblW", w=sum(widths), type="dxa"),
              el("w:tblLayout", type="fixed"),
              el("w:tblLook", val="0660" if last_is_total else "0620",
                 firstRow=1, lastRow=int(last_is_total), firstColumn=0, lastColumn=0,
                 noHBand=1, noVBand=1),
              el("w:tblCaption", val=f"{table.label} {table.number}" if table.number
                 else caption),
              el("w:tblDescription", val=caption))


def _tr(*cells: Any, header: bool) -> Any:
    tr_pr = el("w:trPr", el("w:cantSplit"))
    if header:
        tr_pr.append(el("w:tblHeader"))
    return el("w:tr", tr_pr, *cells)


def _tc(width: int, *paragraphs: Any, span: int = 1, vmerge: str | None = None,
        borders: Any = None) -> Any:
    tc_pr = el("w:tcPr", el("w:tcW", w=width, type="dxa"))
    if span > 1:
        tc_pr.append(el("w:gridSpan", val=span))
    if vmerge is not None:
        tc_pr.append(el("w:vMerge", val=vmerge) if vmerge == "restart" else el("w:vMerge"))
    if borders is not None:
        tc_pr.append(borders)
    return el("w:tc", tc_pr, *paragraphs)


def _header_paragraph(column: Column, label: Inlines | None, compact: bool,
                      state: State) -> Any:
    name = styles.TABLE_HEADING if column.kind.is_text else styles.TABLE_NUMBER_HEADING
    p = paragraph(_style(state, name, compact))
    if label is not None:
        add_inlines(p, label, state, state.document_part)
    return p


def _header_rows(table: Table, layout: TablePlan, widths: tuple[int, ...],
                 state: State) -> list[Any]:
    columns, labels, compact = table.columns, layout.labels, layout.compact
    if not any(c.group for c in columns):
        return [_tr(*(_tc(w, _header_paragraph(c, label, compact, state))
                      for c, label, w in zip(columns, labels, widths, strict=True)),
                    header=True)]
    top: list[Any] = []
    bottom: list[Any] = []
    i = 0
    while i < len(columns):
        group = columns[i].group
        if group is None:
            top.append(_tc(widths[i], _header_paragraph(columns[i], labels[i], compact,
                                                        state), vmerge="restart"))
            bottom.append(_tc(widths[i], _header_paragraph(columns[i], None, compact, state),
                              vmerge="continue"))
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j].group == group:
            j += 1
        p = paragraph(_style(state, styles.TABLE_GROUP_HEADING, compact))
        p.append(text_run(group))
        top.append(_tc(sum(widths[i:j]), p, span=j - i,
                       borders=el("w:tcBorders", el("w:bottom", val="single", sz=6, space=0,
                                                    color=_RULE))))
        bottom.extend(_tc(widths[k], _header_paragraph(columns[k], labels[k], compact, state))
                      for k in range(i, j))
        i = j
    return [_tr(*top, header=True), _tr(*bottom, header=True)]


def _body_row(table: Table, row: Row, widths: tuple[int, ...], compact: bool, state: State,
              *, keep: bool, rule: bool) -> Any:
    """A row; a total or subtotal row's text in the Table Total character style, with a
    rule above unless the table style's last-row format draws it."""
    total = row.kind in (RowKind.TOTAL, RowKind.SUBTOTAL)
    char = state.styles.id(styles.TABLE_TOTAL) if total else None
    borders = None
    if total and rule:
        weight = 12 if row.kind is RowKind.TOTAL else 6
        borders = el("w:tcBorders", el("w:top", val="single", sz=weight, space=0,
                                       color=_RULE))
    cells = []
    for cell, width in zip(row.cells, widths, strict=True):
        if isinstance(cell, TextCell):
            p = paragraph(_style(state, styles.TABLE_TEXT, compact), keep_next=keep)
            add_inlines(p, cell.content, state, state.document_part, style=char)
        else:
            p = paragraph(_style(state, styles.TABLE_NUMBER, compact), keep_next=keep)
            if cell.display:
                p.append(text_run(cell.display, run_props(style=char)))
        cells.append(_tc(width, p, borders=_copy(borders)))
    return _tr(*cells, header=False)


def _copy(element: Any) -> Any:
    import copy

    return copy.deepcopy(element) if element is not None else None


__all__ = ["table_element", "table_plan"]
