"""The document body: headings, paragraphs, lists, tables, images, charts, panels and
captions.

Blocks are appended to a container (the body, or a panel's table cell). Headings take
their numbers from the list linked to the heading styles (``numbering``), never typed
text. Each figure is followed by its caption, "Figure N <caption>", in the Caption style
with a SEQ field and two bookmarks ("Figure N" and "N") that cross-references point at.
An image or chart is an inline picture named after its figure, with an id of its own,
whose description (``wp:docPr/@descr``) is its alt text.
"""

from __future__ import annotations

import copy
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
from cspdoc.writers.columns import Setting
from cspdoc.writers.docx import fields, styles
from cspdoc.writers.docx.inlines import add_inlines
from cspdoc.writers.docx.numbering import LEVELS
from cspdoc.writers.docx.oxml import PPR_ORDER, el, get_or_add, paragraph, ppr_of, text_run
from cspdoc.writers.docx.oxml import rpr as run_props
from cspdoc.writers.docx.state import (
    State,
    figure_bookmark,
    heading_bookmark,
    number_bookmark,
)
from cspdoc.writers.docx.tables import table_element, table_plan
from cspdoc.writers.panels import Breaks
from cspdoc.writers.symbols import symbols_line

UNAVAILABLE = "Image not available in the source"
EMU_PER_TWIP = 635
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def unnumbered(p: Any) -> Any:
    """``p`` (a heading) without the number its style's list would give it."""
    get_or_add(ppr_of(p), "w:numPr", PPR_ORDER).append(el("w:numId", val=0))
    return p


class BodyWriter:
    """Writes blocks and sections into ``body`` (a ``w:body`` without its sectPr)."""

    def __init__(self, state: State, body: Any) -> None:
        self.state = state
        self.body = body
        self.breaks = Breaks(state.report, state.shared)
        self._headings_since_content: list[Any] = []

    # ------------------------------------------------------------------ sections
    def section(self, section: Section, depth: int) -> None:
        level = min(depth, len(styles.HEADINGS))
        p = paragraph(self.state.styles.id(styles.HEADINGS[level - 1]))
        if not section.number:
            unnumbered(p)
        if section.id in self.breaks.sections:
            get_or_add(ppr_of(p), "w:pageBreakBefore", PPR_ORDER)
        holder = el("w:p")
        add_inlines(holder, section.title, self.state, self.state.document_part)
        p.extend(self.state.bookmarks.wrap(heading_bookmark(section.id), list(holder)))
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

    def list_style(self, *, ordered: bool, panel: bool) -> tuple[str, str]:
        """The list style for a list (List Bullet, List Number, or Panel List in a panel)
        and the numbering it carries."""
        state = self.state
        paragraph_style = styles.PANEL_LIST if panel else (
            styles.LIST_NUMBER if ordered else styles.LIST_BULLET)
        source = styles.LIST_NUMBER if ordered else paragraph_style
        in_panel = source == styles.PANEL_LIST
        indent = state.shared.panel_indent if in_panel else state.shared.list_indent
        size = state.shared.panel_size if in_panel else state.shared.body_size
        num_id = state.lists.carried(state.styles.element(source), ordered=ordered,
                                     indent_pt=indent, size_pt=size)
        if source.lower() in state.styles.adopted or state.own_template:
            state.lists.set_indents(num_id, indent, size)
        return state.styles.id(paragraph_style), num_id

    def bullet_list(self, lst: BulletList, container: Any, level: int,
                    text_style: str | None, num: tuple[str, str] | None = None) -> None:
        """Items in the list style, which numbers them; a nested list takes the next
        level of its parent's list, an ordered list restarts at 1."""
        panel = text_style is not None
        if num is None:
            style, num_id = self.list_style(ordered=lst.ordered, panel=panel)
            if lst.ordered:
                num_id = str(self.state.lists.restarted(num_id))
            num = (style, num_id)
        style, num_id = num
        direct = level > 0 or lst.ordered  # else the style's own numbering
        count = len(lst.items)
        for index, item in enumerate(lst.items):
            # as the PDF: a list never leaves its first or last item alone on a page
            keep = count > 1 and (index == 0 or index == count - 2)
            p = paragraph(style, keep_next=keep)
            if direct:
                get_or_add(ppr_of(p), "w:numPr", PPR_ORDER).extend(
                    [el("w:ilvl", val=min(level, LEVELS - 1)), el("w:numId", val=num_id)])
            add_inlines(p, item.content, self.state, self.state.document_part)
            self._append(container, p)
            for child in item.children:
                self.bullet_list(child, container, level + 1, text_style,
                                 num if child.ordered == lst.ordered else None)

    # ------------------------------------------------------------------ figures
    def table(self, table: Table, container: Any) -> None:
        geometry = self.state.geometry
        layout = table_plan(table, self.state)
        landscape = layout.setting is Setting.LANDSCAPE and container is self.body
        if landscape:
            self._break_before_headings(geometry.portrait_break())
        width = geometry.landscape_width if landscape else geometry.portrait_width
        self._append(container, table_element(table, layout, width, self.state))
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
        return self._inline_picture(io.BytesIO(png), image.width_mm, image.alt,
                                   image.number)

    def chart(self, chart: Chart, container: Any) -> None:
        """The chart drawn from its table (``writers.charts``), as a PNG picture."""
        png = charts.png(chart, self.state.report.table(chart.table))
        p = paragraph(self.state.styles.id(styles.FIGURE))
        p.append(el("w:r", el("w:drawing", self._inline_picture(
            io.BytesIO(png), charts.WIDTH_MM, chart.alt, chart.number))))
        self._append(container, p)
        self._append(container, self.caption(chart.id, chart.number, chart.caption))

    def _inline_picture(self, source: str | io.BytesIO, width_mm: int | None,
                        alt: str, number: int | None) -> Any:
        """A ``wp:inline`` picture, the text width wide at most, described by ``alt``,
        named "Figure N" with an id no other drawing in the document has (python-docx
        counts ids in the document it is given, and the body is not in it yet)."""
        text_width = Emu(self.state.geometry.portrait_width * EMU_PER_TWIP)
        width: Length = text_width
        if width_mm is not None and Mm(width_mm) < text_width:
            width = Mm(width_mm)
        inline = self.state.document_part.new_pic_inline(source, width, None)
        ident = self.state.drawing_id()
        name = f"Figure {number}" if number is not None else f"Picture {ident}"
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("id", str(ident))
        doc_pr.set("name", name)
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt.split(". ")[0])
        for c_nv_pr in inline.iter(f"{{{_PIC}}}cNvPr"):
            c_nv_pr.set("id", "0")  # the picture within its graphic frame
            c_nv_pr.set("name", name)
            c_nv_pr.set("descr", alt)
        return inline

    def caption(self, figure_id: str, number: int | None, caption: Inlines,
                label: str = "Figure") -> Any:
        """"Figure N <caption>" ("Table N" for a table numbered on its own): a SEQ field,
        with bookmarks on "Figure N" and on "N"."""
        p = paragraph(self.state.styles.id(styles.CAPTION))
        if number is not None:
            style = run_props(style=self.state.styles.id(styles.FIGURE_LABEL))
            inner = self.state.bookmarks.wrap(number_bookmark(figure_id),
                                              fields.seq(label, number, style))
            p.extend(self.state.bookmarks.wrap(figure_bookmark(figure_id),
                                               [text_run(f"{label} ", copy.deepcopy(style)),
                                                *inner]))
            p.append(text_run(" "))
        add_inlines(p, caption, self.state, self.state.document_part)
        return p

    # ------------------------------------------------------------------ panel
    def panel(self, panel: Panel, container: Any) -> None:
        """Columns side by side as Word sets them: one table row, one cell per column
        holding its heading and its paragraphs and lists, which run down the page (and
        on to the next) on their own. Footnote references come in reading order, down
        each column in turn, which is how the model numbers them and Word counts them."""
        state = self.state
        widths = _equal(state.geometry.portrait_width, len(panel.columns))
        text_style = state.styles.id(styles.PANEL_TEXT)
        cells = []
        for column, width in zip(panel.columns, widths, strict=True):
            cell = el("w:tc", el("w:tcPr", el("w:tcW", w=width, type="dxa")))
            heading = paragraph(state.styles.id(styles.PANEL_HEADING))
            add_inlines(heading, column.heading, state, state.document_part)
            cell.append(heading)
            for block in column.blocks:
                self.block(block, cell, text_style=text_style)
            if cell[-1].tag != qn("w:p"):  # a cell ends with a paragraph
                cell.append(paragraph(text_style))
            cells.append(cell)
        if self.breaks.before_panel(panel) and container is self.body:
            get_or_add(ppr_of(cells[0].find(qn("w:p"))), "w:pageBreakBefore", PPR_ORDER)
        caption = " / ".join(plain_text(c.heading) for c in panel.columns)
        tbl = el("w:tbl",
                 el("w:tblPr", el("w:tblStyle", val=state.styles.id(styles.PANEL)),
                    el("w:tblW", w=sum(widths), type="dxa"),
                    el("w:tblLayout", type="fixed"),
                    el("w:tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0,
                       lastColumn=0, noHBand=1, noVBand=1),
                    el("w:tblCaption", val=caption)),
                 el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths)),
                 el("w:tr", *cells))
        self._append(container, tbl)
        if container is not self.body:  # a cell ends with a paragraph, not a table
            container.append(paragraph(text_style))
        else:  # the space a figure leaves below it
            self._append(container, paragraph(state.styles.id(styles.BLOCK_END)))


def _equal(total: int, parts: int) -> list[int]:
    """``total`` twips cut into ``parts`` widths that add up to it."""
    widths = [total // parts] * parts
    widths[-1] += total - sum(widths)
    return widths
