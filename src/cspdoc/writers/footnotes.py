"""Keep every footnote on the page of its reference: two patches to WeasyPrint 70's layout.

A committee paper's notes belong at the foot of the page that calls them. WeasyPrint
moves a note to a later page in two cases that have nothing to do with space for it:

1. Orphans (``layout/block.py`` ``_linebox_layout``, upstream PR #2437): when a line
   overflows where breaking before it would leave too few lines, WeasyPrint pushes the
   page's last footnotes to the next page to make room for one more line, although
   their calls stay on this page. We turn that off: the paragraph breaks (or moves) as
   orphans and widows allow, and the notes stay. The switch is the ``in_column`` test in
   the same expression, so the patch reads ``in_column`` as true there and nowhere else.
2. Grids (``layout/grid.py``): to size its rows a grid lays out every item in full, and
   each footnote met on the way is placed on the grid's first page, even when its call
   ends up on a later one; nothing takes it back. After each page's part of a grid, we
   take back the notes whose calls are not in that part; they are placed again where
   their calls are.

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


def _calls(box: Any) -> Iterator[Any]:
    """The footnotes called from inside ``box``."""
    stack = [box]
    while stack:
        node = stack.pop()
        if getattr(node, "footnote", None) is not None:
            yield node.footnote
        stack.extend(getattr(node, "children", None) or ())


def _context_class(base: Any, linebox_code: Any) -> Any:
    class SamePageNotes(base):  # type: ignore[misc]
        """WeasyPrint's layout context, except that ``_linebox_layout`` never reports
        footnotes to the next page to fit an orphan line (see the module docstring)."""

        @property
        def in_column(self) -> bool:
            return self._in_column or sys._getframe(1).f_code is linebox_code

        @in_column.setter
        def in_column(self, value: bool) -> None:
            self._in_column = value

    return SamePageNotes


def _grid_layout(original: Any) -> Any:
    def grid_layout(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
        placed = {id(n) for n in (*context.current_page_footnotes, *context.reported_footnotes)}
        result = original(context, box, *args, **kwargs)
        here = {id(n) for n in _calls(result[0])} if result[0] is not None else set()
        for note in (*context.current_page_footnotes, *context.reported_footnotes):
            if id(note) not in placed and id(note) not in here:
                context.unlayout_footnote(note)
        return result

    return grid_layout


@contextmanager
def same_page_footnotes() -> Iterator[None]:
    """Lay out (``HTML.render()``) inside this block to keep notes with their calls.
    One layout at a time: the patches are WeasyPrint module globals."""
    import weasyprint.document as document
    import weasyprint.layout.block as block

    with _LOCK:
        saved = document.LayoutContext, block.grid_layout
        document.LayoutContext = _context_class(saved[0], block._linebox_layout.__code__)
        block.grid_layout = _grid_layout(saved[1])
        try:
            yield
        finally:
            document.LayoutContext, block.grid_layout = saved
