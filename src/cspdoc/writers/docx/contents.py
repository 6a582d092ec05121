"""The optional table of contents and list of figures: TOC fields with their entries
written in (``writers.contents``, the same entries as the PDF's), each a link to its
heading's or caption's bookmark ending in a PAGEREF field.

A page number is written in when cspdoc knows it: the PDF's layout gives each heading's
and figure's page (``State.pages``), and cspdoc's template sets the DOCX page for page
like the PDF (the tests compare the two). Without it (the DOCX written alone, or in a
council's template, whose pages cspdoc cannot know) the page is left empty and the
fields are marked dirty, so Word fills them in when the document is opened. The right
tab stop of each entry style is set at the text width of the page it is written on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn

from cspdoc.model import Report
from cspdoc.writers.contents import DEPTH, Entry, figure_lists, section_entries
from cspdoc.writers.docx import fields, styles
from cspdoc.writers.docx.oxml import PPR_ORDER, STYLE_ORDER, el, get_or_add, paragraph, text_run
from cspdoc.writers.docx.state import figure_bookmark, heading_bookmark

if TYPE_CHECKING:
    from cspdoc.writers.docx.body import BodyWriter


def contents_and_figures(report: Report, writer: BodyWriter) -> None:
    """Write what ``meta.table_of_contents`` and ``meta.list_of_figures`` ask for."""
    meta = report.meta
    ids = writer.state.styles
    if meta.table_of_contents:
        lines = [(ids.id(styles.TOC_LEVELS[e.level - 1]), heading_bookmark(e.id),
                  e.section_anchor, e) for e in section_entries(report)]
        _index(writer, "Contents", f'TOC \\o "1-{DEPTH}" \\h \\z \\u', lines)
    if meta.list_of_figures:
        figure_style = ids.id(styles.TABLE_OF_FIGURES)
        for title, label, entries in figure_lists(report):
            lines = [(figure_style, figure_bookmark(e.id), e.caption_anchor, e)
                     for e in entries]
            _index(writer, title, f'TOC \\h \\z \\c "{label}"', lines)


def _right_tab_at_text_width(style: Any, width: int) -> None:
    """The style's right-aligned tab stops replaced by one at ``width``, dot leader."""
    ppr = get_or_add(style, "w:pPr", STYLE_ORDER)
    tabs = get_or_add(ppr, "w:tabs", PPR_ORDER)
    for tab in list(tabs):
        if tab.get(qn("w:val")) == "right":
            tabs.remove(tab)
    tabs.append(el("w:tab", val="right", leader="dot", pos=width))


def _index(writer: BodyWriter, title: str, instruction: str,
           lines: list[tuple[str, str, str, Entry]]) -> None:
    state = writer.state
    pages = state.pages
    known = pages is not None and all(anchor in pages for _, _, anchor, _ in lines)
    for style_id in {style for style, _, _, _ in lines}:
        _right_tab_at_text_width(_style_element(writer, style_id),
                                 state.geometry.portrait_width)
    heading = paragraph(state.styles.id(styles.TOC_HEADING))
    get_or_add(heading.find(qn("w:pPr")), "w:numPr", PPR_ORDER).append(el("w:numId", val=0))
    heading.append(text_run(title))
    writer.body.append(heading)
    begin, *rest = fields.field(instruction, [], dirty=not known)
    instr, separate, end = rest[0], rest[1], rest[-1]
    paragraphs: list[Any] = []
    for style, bookmark, anchor, entry in lines:
        p = paragraph(style)
        link = el("w:hyperlink", anchor=bookmark, history=1)
        label = f"{entry.number}\t{entry.title}" if entry.number else entry.title
        link.append(text_run(label + "\t"))
        page = str(pages[anchor]) if known and pages is not None else ""
        link.extend(fields.pageref(bookmark, page, dirty=not known))
        p.append(link)
        paragraphs.append(p)
    if not paragraphs:
        paragraphs.append(paragraph())
    first = paragraphs[0]
    ppr = first.find(qn("w:pPr"))
    index = 1 if ppr is not None else 0
    for offset, run in enumerate((begin, instr, separate)):
        first.insert(index + offset, run)
    paragraphs[-1].append(end)
    for p in paragraphs:
        writer.body.append(p)
    writer.body.append(paragraph(state.styles.id(styles.BLOCK_END)))  # the space below


def _style_element(writer: BodyWriter, style_id: str) -> Any:
    return writer.state.styles.element_by_id(style_id)
