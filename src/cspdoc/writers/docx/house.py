"""cspdoc's Word styles and page set from the shared geometry (``writers.geometry``), so
that the DOCX is laid out as the PDF is: page size, margins, where the running header
and footer sit, type sizes, line heights, spacing, indents and cell padding.

Applied to cspdoc's own template (its page and every style listed here) and to the
styles cspdoc adds to a council's template; a council's own styles and page are its own.
Line heights are "at least" the PDF's line height (a picture still gets its room). Word
and LibreOffice set the larger of one paragraph's space after and the next one's space
before between them, as CSS collapses margins: the values mean the same in both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from cspdoc.writers.docx.oxml import PPR_ORDER, RPR_ORDER, STYLE_ORDER, TBLPR_ORDER, el, get_or_add
from cspdoc.writers.geometry import Geometry


def twips(points: float) -> int:
    return round(points * 20)


@dataclass(frozen=True)
class Para:
    """What the geometry sets in one paragraph style: type size, line height (a factor
    of the size; ``exact`` for an exact height in points), space before and after,
    hanging indent, in points; None leaves the style's own."""

    size: float | None = None
    leading: float | None = None
    before: float | None = None
    after: float | None = None
    indent: float | None = None
    exact: float | None = None


def _styles(g: Geometry) -> dict[str, Para]:
    headings = {f"heading {n}": Para(h.size, g.heading_leading, h.before, h.after,
                                     g.heading_indent)
                for n, h in enumerate(g.headings(), start=1)}
    table, compact, head = g.table_size, g.compact_table_size, g.compact_heading_size
    return {
        "Normal": Para(g.body_size, g.body_leading, None, g.paragraph_after),
        **headings,
        "TOC Heading": Para(g.h1.size, g.heading_leading, g.h1.before, g.h1.after),
        "toc 1": Para(after=0), "toc 2": Para(after=0), "toc 3": Para(after=0),
        "table of figures": Para(after=0),
        "caption": Para(g.caption_size, g.caption_leading, g.caption_before, g.figure_after),
        "Source Note": Para(g.source_size, g.table_leading, g.source_before, 0),
        "Table Text": Para(table, g.table_leading, 0, 0),
        "Table Text Compact": Para(compact, g.table_leading),
        "Table Number Compact": Para(compact, g.table_leading),
        "Table Heading Compact": Para(head, g.table_leading),
        "Table Number Heading Compact": Para(head, g.table_leading),
        "Table Group Heading Compact": Para(head, g.table_leading),
        "List Bullet": Para(after=g.paragraph_after),
        "List Number": Para(after=g.paragraph_after),
        "Panel Heading": Para(g.panel_heading_size, g.heading_leading, 0,
                              g.panel_heading_after),
        "Panel Text": Para(g.panel_size, g.panel_leading, None, g.paragraph_after),
        "Panel List": Para(after=g.paragraph_after),
        # spacers of 1pt whose space below collapses with what follows, as CSS margins
        "Block End": Para(after=g.figure_after - 1, exact=1),
        "footnote text": Para(g.note_size, g.note_leading, 0, g.note_after, g.note_indent),
        "header": Para(g.furniture_size, exact=g.furniture_size * g.furniture_leading),
        "footer": Para(g.furniture_size, exact=g.furniture_size * g.furniture_leading),
        "Cover Draft": Para(g.draft_size, g.body_leading, None, g.paragraph_after),
        "Cover Organisation": Para(g.organisation_size, g.body_leading),
        "Cover Committee": Para(g.committee_size, g.body_leading, None, g.committee_after),
        "Title": Para(g.title_size, g.title_leading, 0, 0),
        "Subtitle": Para(g.subtitle_size, g.title_leading, g.subtitle_before, 0),
        "Cover Spacer": Para(exact=g.cover_after),  # before a table: nothing to collapse
        "Cover End": Para(after=g.cover_after - 1, exact=1),
        "Cover Label": Para(g.cover_size, g.cover_leading, 0, 0),
        "Cover Value": Para(g.cover_size, g.cover_leading, 0, 0),
        "Notice Rule": Para(after=g.paragraph_after, exact=g.paragraph_after),
    }


def _cell_margins(g: Geometry) -> dict[str, tuple[float, float, float, float]]:
    """Table style name → cell margins (top, left, bottom, right) in points."""
    y, x, cx = g.cell_padding_y, g.cell_padding_x, g.compact_cell_padding_x
    return {"Committee Table": (y, x, y, x),
            "Committee Table Compact": (y, cx, y, cx),
            "Panel Table": (g.panel_padding_top, g.panel_padding_x, 0, g.panel_padding_x)}


def _name(style: Any) -> str:
    name = style.find(qn("w:name"))
    return "" if name is None else str(name.get(qn("w:val"))).lower()


def _apply_para(style: Any, para: Para) -> None:
    ppr = get_or_add(style, "w:pPr", STYLE_ORDER)
    spacing = get_or_add(ppr, "w:spacing", PPR_ORDER)
    if para.before is not None:
        spacing.set(qn("w:before"), str(twips(para.before)))
    if para.after is not None:
        spacing.set(qn("w:after"), str(twips(para.after)))
    if para.exact is not None:
        spacing.set(qn("w:line"), str(twips(para.exact)))
        spacing.set(qn("w:lineRule"), "exact")
    elif para.leading is not None and para.size is not None:
        spacing.set(qn("w:line"), str(twips(para.size * para.leading)))
        spacing.set(qn("w:lineRule"), "atLeast")
    if para.indent is not None:
        ind = get_or_add(ppr, "w:ind", PPR_ORDER)
        for attr in list(ind.attrib):
            del ind.attrib[attr]
        ind.set(qn("w:left"), str(twips(para.indent)))
        ind.set(qn("w:hanging"), str(twips(para.indent)))
        tabs = ppr.find(qn("w:tabs"))
        if tabs is not None:
            for tab in tabs.iterchildren(qn("w:tab")):
                if tab.get(qn("w:val")) == "left":
                    tab.set(qn("w:pos"), str(twips(para.indent)))
    if para.size is not None:
        rpr = get_or_add(style, "w:rPr", STYLE_ORDER)
        half_points = str(round(para.size * 2))
        get_or_add(rpr, "w:sz", RPR_ORDER).set(qn("w:val"), half_points)
        get_or_add(rpr, "w:szCs", RPR_ORDER).set(qn("w:val"), half_points)


def _apply_cell_margins(style: Any, margins: tuple[float, float, float, float]) -> None:
    tbl_pr = get_or_add(style, "w:tblPr", STYLE_ORDER)
    cell_mar = get_or_add(tbl_pr, "w:tblCellMar", TBLPR_ORDER)
    for child in list(cell_mar):
        cell_mar.remove(child)
    for side, value in zip(("top", "left", "bottom", "right"), margins, strict=True):
        cell_mar.append(el(f"w:{side}", w=twips(value), type="dxa"))


def apply_styles(styles_element: Any, geometry: Geometry,
                 only: Callable[[str], bool] = lambda name: True) -> None:
    """Set the geometry's values in the styles it lists (those ``only`` accepts, by
    lower-case name)."""
    paragraphs = {k.lower(): v for k, v in _styles(geometry).items()}
    tables = {k.lower(): v for k, v in _cell_margins(geometry).items()}
    for style in styles_element.iterchildren(qn("w:style")):
        name = _name(style)
        if not only(name):
            continue
        if name in paragraphs:
            _apply_para(style, paragraphs[name])
        elif name in tables:
            _apply_cell_margins(style, tables[name])


def apply_page(sect_pr: Any, geometry: Geometry) -> None:
    """Page size and margins; the running header's and footer's distance from the edge
    of the page, so that their text sits ``header-gap`` above and ``footer-gap`` below
    the text, as in the PDF's margin boxes."""
    g = geometry
    size = sect_pr.find(qn("w:pgSz"))
    size.set(qn("w:w"), str(twips(g.page_width)))
    size.set(qn("w:h"), str(twips(g.page_height)))
    line = g.furniture_size * g.furniture_leading
    margins = sect_pr.find(qn("w:pgMar"))
    for attr, value in (("top", g.margin_top), ("right", g.margin_right),
                        ("bottom", g.margin_bottom), ("left", g.margin_left),
                        ("header", g.margin_top - g.header_gap - line),
                        ("footer", g.margin_bottom - g.footer_gap - line)):
        margins.set(qn(f"w:{attr}"), str(twips(value)))
