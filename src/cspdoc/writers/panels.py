"""Where a panel starts, decided once for both documents.

A panel's columns run down the page side by side. A long panel starts on a new page,
with the heading that leads into it: its columns then fill whole pages together, and
neither document has to decide, each in its own way, how little of it may sit at the
foot of a page (the PDF moves a column whose footnote does not fit; Word and LibreOffice
do not). "Long" is more than half the text height, estimated by setting each column's
text in its width with Arial's advance widths, as the table columns are planned.
"""

from __future__ import annotations

import math

from cspdoc.model import Block, BulletList, Panel, Paragraph, Report, Section, plain_text
from cspdoc.writers.columns import text_width
from cspdoc.writers.geometry import Geometry

LONG = 0.5  # of the text height


def _lines(text: str, width: float, points: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes set in ``width`` points (greedy, word by word)."""
    space = text_width(" ", points, bold=bold)
    lines, used = 1, 0.0
    for word in text.split():
        size = text_width(word, points, bold=bold)
        if used and used + space + size > width:
            lines, used = lines + 1, size
        else:
            used += (space if used else 0.0) + size
    return lines


def _block_height(block: Block, width: float, g: Geometry, depth: int = 0) -> float:
    line = g.panel_size * g.panel_leading
    if isinstance(block, Paragraph):
        return _lines(plain_text(block.content), width, g.panel_size) * line + \
            g.paragraph_after
    if isinstance(block, BulletList):
        inner = width - g.panel_indent * (depth + 1)
        height = 0.0
        for item in block.items:
            height += _lines(plain_text(item.content), inner, g.panel_size) * line
            for child in item.children:
                height += _block_height(child, width, g, depth + 1) - g.paragraph_after
        return height + (g.paragraph_after if depth == 0 else 0.0)
    return 0.0


def height(panel: Panel, g: Geometry) -> float:
    """The panel's estimated height in points: its tallest column."""
    width = g.text_width / len(panel.columns) - 2 * g.panel_padding_x
    tallest = 0.0
    for column in panel.columns:
        total = g.panel_padding_top + g.panel_heading_after + _lines(
            plain_text(column.heading), width, g.panel_heading_size, bold=True) * \
            g.panel_heading_size * g.heading_leading
        total += math.fsum(_block_height(b, width, g) for b in column.blocks)
        tallest = max(tallest, total)
    return tallest


def starts_page(panel: Panel, g: Geometry) -> bool:
    """Whether ``panel`` is long enough to start a new page."""
    return height(panel, g) > LONG * g.text_height


class Breaks:
    """Where the documents start a new page for a long panel: before a section (the
    outermost of the headings that lead straight into the panel), or before the panel
    itself when text precedes it in its section."""

    def __init__(self, report: Report, g: Geometry) -> None:
        self.sections: set[str] = set()
        self._panels: set[int] = set()
        for section in report.sections:
            self._visit(section, None, g)
        for block in report.lead:
            if isinstance(block, Panel) and starts_page(block, g):
                self._panels.add(id(block))

    def _visit(self, section: Section, lead_in: str | None, g: Geometry) -> None:
        """``lead_in``: the outermost section whose heading leads straight into this
        one (no text between them)."""
        outer = lead_in or section.id
        for index, block in enumerate(section.blocks):
            if isinstance(block, Panel) and starts_page(block, g):
                if index == 0:
                    self.sections.add(outer)
                else:
                    self._panels.add(id(block))
        for index, sub in enumerate(section.sections):
            self._visit(sub, outer if index == 0 and not section.blocks else None, g)

    def before_panel(self, panel: Panel) -> bool:
        return id(panel) in self._panels
