"""The document body: headings, paragraphs, lists, tables, images, charts, panels and
captions.

Blocks are appended to a container (the body, or a panel's table cell). Each figure is
followed by its caption, "Figure N <caption>", in the Caption style with a SEQ field and
two bookmarks ("Figure N" and "N") that cross-references point at. An image or chart is
an inline picture whose description (``wp:docPr/@descr``) is its alt text.
"""

from __future__ import annotations

import io
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm

from cspdoc.model import (
    Block,
    BulletList,
    Chart,
    Image,
    Inlines,
    Panel,
    Paragraph,
    Section,
    Table,
    plain_text,
)
from cspdoc.writers import charts
from cspdoc.writers.docx import fields, styles
from cspdoc.writers.docx.inlines import add_inlines
from cspdoc.writers.docx.oxml import el, paragraph, ppr_of, text_run
from cspdoc.writers.docx.state import (
    State,
    figure_bookmark,
    heading_bookmark,
    number_bookmark,
)
from cspdoc.writers.docx.tables import plan, table_element
from cspdoc.writers.symbols import symbols_line

UNAVAILABLE = "Image not available in the source"
EMU_PER_TWIP = 635
PANEL_INDENT = 227  # 4 mm


class BodyWriter:
    """Writes blocks and sections into ``body`` (a ``w:body`` without its sectPr)."""

    def __init__(self, state: State, body: Any) -> None:
        self.state = state
        self.body = body
        self._headings_since_content: list[Any] = []

    # ------------------------------------------------------------------ sections
    def section(self, section: Section, depth: int) -> None:
        level = min(depth, len(styles.HEADINGS))
        p = paragraph(self.state.styles.id(styles.HEADINGS[level - 1]))
        runs: list[Any] = []
        if section.number:
            runs.append(text_run(".".join(str(n) for n in section.number) + "\t"))
        holder = el("w:p")
        add_inlines(holder, section.title, self.state, self.state.document_part)
        runs.extend(holder)
        p.extend(self.state.bookmarks.wrap(heading_bookmark(section.id), runs))
        self.body.append(p)
        self._headings_since_content.append(p)
        for block in section.blocks:
            self.block(block, self.body)
        for sub in section.sections:
            self.section(sub, depth + 1)

    # ------------------------------------------------------------------ blocks
    def block(self, block: Block, container: Any, *, text_style: str | None = None) -> None:
        if isinstance(block, Paragraph):
            p = paragraph(text_style)
            add_inlines(p, block.content, self.state, self.state.document_part)
            self._append(container, p)
        elif isinstance(block, BulletList):
            self.bullet_list(block, container, 0, text_style)
        elif isinstance(block, Table):
            self.table(block, container)
        elif isinstance(block, Image):
            self.image(block, container)
        elif isinstance(block, Chart):
            self.chart(block, container)
        elif isinstance(block, Panel):
            self.panel(block, container)

    def _append(self, container: Any, element: Any) -> None:
        container.append(element)
        if container is self.body:
            self._headings_since_content = []

    def bullet_list(self, lst: BulletList, container: Any, level: int,
                    text_style: str | None) -> None:
        name = styles.LIST_NUMBER if lst.ordered else styles.LIST_BULLET
        style = text_style or self.state.styles.id(name)
        num_id = self.state.lists.ordered() if lst.ordered else self.state.lists.bullet()
        for item in lst.items:
            p = paragraph(style)
            ppr = ppr_of(p)
            ppr.append(el("w:numPr", el("w:ilvl", val=level), el("w:numId", val=num_id)))
            if text_style is not None:  # a narrow panel column: a tighter indent
                ppr.append(el("w:ind", left=PANEL_INDENT * (level + 1), hanging=PANEL_INDENT))
            add_inlines(p, item.content, self.state, self.state.document_part)
            self._append(container, p)
            for child in item.children:
                self.bullet_list(child, container, level + 1, text_style)

    # ------------------------------------------------------------------ figures
    def table(self, table: Table, container: Any) -> None:
        geometry = self.state.geometry
        layout = plan(table, geometry)
        landscape = layout.landscape and container is self.body
        if landscape:
            self._break_before_headings(geometry.portrait_break())
        self._append(container, table_element(table, layout.widths, self.state))
        if table.source is not None:
            p = paragraph(self.state.styles.id(styles.SOURCE_NOTE))
            p.append(text_run("Source: "))
            add_inlines(p, table.source, self.state, self.state.document_part)
            self._append(container, p)
        for note in table.notes:
            p = paragraph(self.state.styles.id(styles.SOURCE_NOTE))
            add_inlines(p, note, self.state, self.state.document_part)
            self._append(container, p)
        if table.symbols:
            p = paragraph(self.state.styles.id(styles.SOURCE_NOTE))
            p.append(text_run(symbols_line(table.symbols)))
            self._append(container, p)
        self._append(container, self.caption(table.id, table.number, table.caption,
                                             table.label))
        if landscape:
            self._append(container, geometry.landscape_break())

    def _break_before_headings(self, break_paragraph: Any) -> None:
        """End the section before the headings that lead into the table, so they move to
        the new page with it."""
        if self._headings_since_content:
            self._headings_since_content[0].addprevious(break_paragraph)
        else:
            self.body.append(break_paragraph)

    def image(self, image: Image, container: Any) -> None:
        if image.unavailable is not None:
            p = paragraph(self.state.styles.id(styles.FIGURE_PLACEHOLDER))
            p.append(text_run(f"{UNAVAILABLE}: {image.unavailable}"))
        else:
            p = paragraph(self.state.styles.id(styles.FIGURE))
            p.append(el("w:r", el("w:drawing", self._picture(image))))
        self._append(container, p)
        self._append(container, self.caption(image.id, image.number, image.caption))

    def _picture(self, image: Image) -> Any:
        """The figure's picture, read and decoded through ``writers.images`` (a PNG of
        an SVG)."""
        png = self.state.pictures[image.id].for_word()
        return self._inline_picture(io.BytesIO(png), image.width_mm, image.alt)

    def chart(self, chart: Chart, container: Any) -> None:
        """The chart drawn from its table (``writers.charts``), as a PNG picture."""
        png = charts.png(chart, self.state.report.table(chart.table))
        p = paragraph(self.state.styles.id(styles.FIGURE))
        p.append(el("w:r", el("w:drawing", self._inline_picture(
            io.BytesIO(png), charts.WIDTH_MM, chart.alt))))
        self._append(container, p)
        self._append(container, self.caption(chart.id, chart.number, chart.caption))

    def _inline_picture(self, source: str | io.BytesIO, width_mm: int | None,
                        alt: str) -> Any:
        """A ``wp:inline`` picture, the text width wide at most, described by ``alt``."""
        text_width = Emu(self.state.geometry.portrait_width * EMU_PER_TWIP)
        width: Length = text_width
        if width_mm is not None and Mm(width_mm) < text_width:
            width = Mm(width_mm)
        inline = self.state.document_part.new_pic_inline(source, width, None)
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt.split(". ")[0])
        return inline

    def caption(self, figure_id: str, number: int | None, caption: Inlines,
                label: str = "Figure") -> Any:
        """"Figure N <caption>" ("Table N" for a table numbered on its own): a SEQ field,
        with bookmarks on "Figure N" and on "N"."""
        p = paragraph(self.state.styles.id(styles.CAPTION))
        if number is not None:
            inner = self.state.bookmarks.wrap(number_bookmark(figure_id),
                                              fields.seq(label, number))
            p.extend(self.state.bookmarks.wrap(figure_bookmark(figure_id),
                                               [text_run(f"{label} "), *inner]))
            p.append(text_run(" "))
        add_inlines(p, caption, self.state, self.state.document_part)
        return p

    # ------------------------------------------------------------------ panel
    def panel(self, panel: Panel, container: Any) -> None:
        """Columns side by side: a table whose header row holds the column headings and
        whose n-th row holds each column's n-th paragraph or list item.

        Rows never split, so a footnote referenced in a row is set on the page the row is
        on (LibreOffice sets a split cell's notes on the page where the cell ends). Rows
        are merged where needed so that footnote references still come in the order the
        model numbers them (reading down each column), which is the order Word numbers."""
        state = self.state
        width = state.geometry.portrait_width // len(panel.columns)
        text_style = state.styles.id(styles.PANEL_TEXT)
        head = []
        columns: list[list[list[Any]]] = []
        for column in panel.columns:
            p = paragraph(state.styles.id(styles.TABLE_HEADING))
            add_inlines(p, column.heading, state, state.document_part, bold=True)
            head.append(el("w:tc", el("w:tcPr", el("w:tcW", w=width, type="dxa")), p))
            holder = el("w:tc")
            for block in column.blocks:
                self.block(block, holder, text_style=text_style)
            columns.append(_units(holder))
        rows = [el("w:tr", el("w:trPr", el("w:cantSplit"), el("w:tblHeader")), *head)]
        for start, end in _rows_in_note_order(columns):
            cells = []
            for units in columns:
                content = [e for unit in units[start:end] for e in unit]
                if not content or content[-1].tag != qn("w:p"):  # a cell ends with a p
                    content = [*content, paragraph(text_style)]
                cells.append(el("w:tc", el("w:tcPr", el("w:tcW", w=width, type="dxa")),
                                *content))
            rows.append(el("w:tr", el("w:trPr", el("w:cantSplit")), *cells))
        caption = " / ".join(plain_text(c.heading) for c in panel.columns)
        tbl = el("w:tbl",
                 el("w:tblPr", el("w:tblStyle", val=state.styles.id(styles.PANEL)),
                    el("w:tblW", w=width * len(panel.columns), type="dxa"),
                    el("w:tblLayout", type="fixed"),
                    el("w:tblLook", val="0620", firstRow=1, lastRow=0, firstColumn=0,
                       lastColumn=0, noHBand=1, noVBand=1),
                    el("w:tblCaption", val=caption)),
                 el("w:tblGrid", *(el("w:gridCol", w=width) for _ in panel.columns)),
                 *rows)
        self._append(container, tbl)
        if container is not self.body:  # a cell ends with a paragraph, not a table
            container.append(paragraph(text_style))


def _rows_in_note_order(columns: list[list[list[Any]]]) -> list[tuple[int, int]]:
    """Rows as ranges of unit indexes, one unit per row, merged until the footnote
    references read in ascending order row by row (one row holding everything always
    does, since notes are numbered down each column in turn)."""
    rows = [(i, i + 1) for i in range(max(len(units) for units in columns))]

    def notes(row: tuple[int, int]) -> list[int]:
        return [int(ref.get(qn("w:id"))) for units in columns
                for unit in units[row[0]:row[1]] for element in unit
                for ref in element.iter(qn("w:footnoteReference"))]

    while True:
        seen: list[tuple[int, int]] = []  # (note id, row index)
        clash = None
        for index, row in enumerate(rows):
            for note in notes(row):
                earlier = [r for n, r in seen if n > note]
                if earlier:
                    clash = (min(earlier), index)
                    break
                seen.append((note, index))
            if clash:
                break
        if clash is None:
            return rows
        first, last = clash
        rows[first:last + 1] = [(rows[first][0], rows[last][1])]


def _units(holder: Any) -> list[list[Any]]:
    """``holder``'s children cut into paragraphs and list items (a nested item stays with
    the item it belongs to)."""
    units: list[list[Any]] = []
    for child in list(holder):
        level = child.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
        nested = level is not None and level.get(qn("w:val")) != "0"
        if nested and units:
            units[-1].append(child)
        else:
            units.append([child])
    return units
