"""Keep every footnote on the page of its reference: two patches to WeasyPrint 70's layout.

A committee paper's notes belong at the foot of the page that calls them, and never
under the text. Two faults of WeasyPrint's work against that.

Orphans (``layout/block.py`` ``_linebox_layout``, upstream PR #2437): when a line
overflows where breaking before it would leave too few lines, WeasyPrint pushes the
page's last footnotes to the next page to make room for one more line, although their
calls stay on this page. We turn that off: the paragraph breaks (or moves) as orphans and
widows allow, and the notes stay. The switch is the ``in_column`` test in the same
expression, so the patch reads ``in_column`` as true there and nowhere else.

Side by side (``layout/table.py``): the cells of a table row (committee.css sets the panel's
columns as one row) are laid out one after another, each down to the page bottom left
by the notes placed so far, so a note called in a later cell shrinks the page under an
earlier cell that already fills it: that cell's last lines print over the note, or the
row no longer fits and the whole table moves to the next page. When the notes a table
meets leave it overflowing the page, we place those notes first and lay the table out
again, so every cell meets the bottom they leave; a note whose call the shorter table no
longer holds is taken back and placed where its call now falls. And
a row whose cells split across pages must not start with an empty cell (its first lines
did not fit, or may not be left alone) beside cells that did start: such a table moves
to the next page whole, taking a heading kept with it along, as a grid would.

(A CSS grid is worse: to size its rows it lays out every item in full and places each
note it meets on the grid's first page. The panel used to be a grid and needed a patch
of its own there; keep notes out of grids.)

Footnotes whose own text does not fit still move with their line (``footnote-policy:
line`` in committee.css). Measured in tests/writers/test_pdf.py on the Winchester paper
and on a ten-times-longer one; a WeasyPrint upgrade should be checked against both.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_LOCK = threading.Lock()
_FUDGE = 0.01  # CSS px: WeasyPrint's own tolerance for "overflows the page"


def _context_class(base: Any, linebox_code: Any) -> Any:
    class SamePageNotes(base):  # type: ignore[misc]
        """WeasyPrint's layout context, except that ``_linebox_layout`` never reports
        footnotes to the next page to fit an orphan line (see the module docstring), and
        that the notes placed are listed in ``met`` while it is a list."""

        met: list[Any] | None = None

        @property
        def in_column(self) -> bool:
            return self._in_column or sys._getframe(1).f_code is linebox_code

        @in_column.setter
        def in_column(self, value: bool) -> None:
            self._in_column = value

        def layout_footnote(self, footnote: Any) -> Any:
            if self.met is not None:
                self.met.append(footnote)
            return super().layout_footnote(footnote)

    return SamePageNotes


def _calls(box: Any) -> Iterator[Any]:
    """The footnotes called from inside ``box``."""
    stack = [box]
    while stack:
        node = stack.pop()
        if getattr(node, "footnote", None) is not None:
            yield node.footnote
        stack.extend(getattr(node, "children", None) or ())


def _starved_cell(skip_stack: Any, page_is_empty: bool, resume_at: Any) -> bool:
    """Does a table that starts here split its first row with a cell that placed none
    of its content on this page (``{0: None}``: resume at its first child)?"""
    if skip_stack is not None or page_is_empty or not resume_at:
        return False
    (group, rows), = resume_at.items()
    if group != 0 or not rows:
        return False
    (row, cells), = rows.items()
    return row == 0 and any(skip == {0: None} for skip in (cells or {}).values())


def _table_layout(original: Any) -> Any:
    from weasyprint.layout.block import remove_placeholders

    def table_layout(context: Any, table: Any, bottom_space: float, skip_stack: Any,
                     containing_block: Any, page_is_empty: bool, absolute_boxes: list[Any],
                     fixed_boxes: list[Any]) -> Any:
        def lay_out() -> Any:
            outer, context.met = context.met, met
            try:
                return original(context, table, bottom_space, skip_stack, containing_block,
                                page_is_empty, absolute_boxes, fixed_boxes)
            finally:
                context.met = outer
                if outer is not None:
                    outer.extend(met)

        def push(laid: Any) -> Any:
            remove_placeholders(context, [laid], absolute_boxes, fixed_boxes)
            return None, None, {"break": "any", "page": None}, [], False

        met: list[Any] = []
        result = lay_out()
        laid = result[0]
        if laid is not None and _starved_cell(skip_stack, page_is_empty, result[1]):
            return push(laid)
        fits = laid is not None and laid.position_y + laid.margin_height() <= \
            context.page_bottom - bottom_space + _FUDGE
        if not met or fits:
            return result
        # The notes met shrank the page under cells laid out before them: place them
        # all first, so that every cell meets the page bottom they leave.
        if laid is not None:
            remove_placeholders(context, [laid], absolute_boxes, fixed_boxes)
        notes, met = met, []
        for note in notes:
            if note in context.footnotes:
                context.layout_footnote(note)
        result = lay_out()
        here = {id(note) for note in _calls(result[0])} if result[0] is not None else set()
        for note in notes:
            if id(note) not in here:
                context.unlayout_footnote(note)  # its call moved on: placed again there
        if result[0] is not None and _starved_cell(skip_stack, page_is_empty, result[1]):
            return push(result[0])
        return result

    return table_layout


@contextmanager
def same_page_footnotes() -> Iterator[None]:
    """Lay out (``HTML.render()``) inside this block to keep notes with their calls.
    One layout at a time: the patches are WeasyPrint module globals."""
    import weasyprint.document as document
    import weasyprint.layout.block as block

    with _LOCK:
        saved = document.LayoutContext, block.table_layout
        document.LayoutContext = _context_class(saved[0], block._linebox_layout.__code__)
        block.table_layout = _table_layout(saved[1])
        try:
            yield
        finally:
            document.LayoutContext, block.table_layout = saved
