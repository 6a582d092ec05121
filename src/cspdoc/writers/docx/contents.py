"""The optional table of contents and list of figures: TOC fields with cached entries.

Each entry links to its heading's or caption's bookmark. Page numbers are PAGEREF fields;
the writer cannot know pages (layout is the reader's), so their cached result is empty
and the fields are marked dirty for Word to fill them in when the document is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cspdoc.model import Figure, Report, Section, plain_text
from cspdoc.writers.docx import fields, styles
from cspdoc.writers.docx.oxml import el, paragraph, text_run
from cspdoc.writers.docx.state import figure_bookmark, heading_bookmark

if TYPE_CHECKING:
    from cspdoc.writers.docx.body import BodyWriter

TOC_DEPTH = 3


def contents_and_figures(report: Report, writer: BodyWriter) -> None:
    """Write what ``meta.table_of_contents`` and ``meta.list_of_figures`` ask for."""
    meta = report.meta
    if meta.table_of_contents:
        entries = [(min(len(path), TOC_DEPTH - 1), node) for path, node in report.walk()
                   if isinstance(node, Section) and len(path) < TOC_DEPTH]
        lines = [(writer.state.styles.id(styles.TOC_LEVELS[depth]),
                  heading_bookmark(s.id), _section_label(s)) for depth, s in entries]
        _index(writer, "Contents", f'TOC \\o "1-{TOC_DEPTH}" \\h \\z \\u', lines)
    if meta.list_of_figures:
        figure_style = writer.state.styles.id(styles.TABLE_OF_FIGURES)
        for label, title in (("Figure", "Figures"), ("Table", "Tables")):
            lines = [(figure_style, figure_bookmark(f.id), _figure_label(f))
                     for f in report.figures() if f.number is not None
                     and getattr(f, "label", "Figure") == label]
            if lines or label == "Figure":
                _index(writer, title, f'TOC \\h \\z \\c "{label}"', lines)


def _section_label(section: Section) -> str:
    title = plain_text(section.title)
    if section.number:
        return ".".join(str(n) for n in section.number) + "\t" + title
    return title


def _figure_label(figure: Figure) -> str:
    return f"{getattr(figure, 'label', 'Figure')} {figure.number} {plain_text(figure.caption)}"


def _index(writer: BodyWriter, title: str, instruction: str,
           lines: list[tuple[str, str, str]]) -> None:
    state = writer.state
    heading = paragraph(state.styles.id(styles.TOC_HEADING))
    heading.append(text_run(title))
    writer.body.append(heading)
    begin, *rest = fields.field(instruction, [], dirty=True)
    instr, separate, end = rest[0], rest[1], rest[-1]
    paragraphs: list[Any] = []
    for style, bookmark, label in lines:
        p = paragraph(style)
        link = el("w:hyperlink", anchor=bookmark, history=1)
        link.append(text_run(label + "\t"))
        link.extend(fields.pageref(bookmark, ""))
        p.append(link)
        paragraphs.append(p)
    if not paragraphs:
        paragraphs.append(paragraph())
    first = paragraphs[0]
    ppr = first.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr")
    index = 1 if ppr is not None else 0
    for offset, run in enumerate((begin, instr, separate)):
        first.insert(index + offset, run)
    closing = paragraph()
    closing.append(end)
    for p in [*paragraphs, closing]:
        writer.body.append(p)
