"""The document body: headings, paragraphs, lists, tables, captions, notes."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph as DocxParagraph

from cspdoc.model import (
    Block,
    BulletList,
    Image,
    Inlines,
    Panel,
    Paragraph,
    Report,
    Section,
    Table,
    TextCell,
    plain_text,
)


def _add_inlines(par: DocxParagraph, nodes: Inlines, *, bold: bool = False,
                 italic: bool = False) -> None:
    for node in nodes:
        if node.type in ("text", "literal", "checked", "code"):
            run = par.add_run(node.text)
            run.bold, run.italic = bold or None, italic or None
        elif node.type == "bound":
            par.add_run(node.text or "")
        elif node.type == "strong":
            _add_inlines(par, node.children, bold=True, italic=italic)
        elif node.type == "emph":
            _add_inlines(par, node.children, bold=bold, italic=True)
        elif node.type == "link":
            _add_inlines(par, node.children, bold=bold, italic=italic)
            par.add_run(f" ({node.url})")
        elif node.type == "break":
            par.add_run().add_break()
        elif node.type == "cross-ref":
            prefix = "Figure " if node.prefix else ""
            par.add_run(f"{prefix}{node.number}")
        elif node.type == "footnote-ref":
            run = par.add_run(str(node.number))
            run.font.superscript = True


def _add_block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Paragraph):
        _add_inlines(doc.add_paragraph(), block.content)
    elif isinstance(block, BulletList):
        _add_list(doc, block, 1)
    elif isinstance(block, Table):
        _add_table(doc, block)
    elif isinstance(block, Image):
        if block.unavailable:
            doc.add_paragraph(f"[Image not available in the source: {block.unavailable}]")
        else:
            doc.add_paragraph(f"[Image: {block.alt}]")
        _caption(doc, block.number, block.caption)
    elif isinstance(block, Panel):
        for col in block.columns:
            _add_inlines(doc.add_paragraph(style="Heading 4"), col.heading)
            for inner in col.blocks:
                _add_block(doc, inner)


def _add_list(doc: DocxDocument, lst: BulletList, level: int) -> None:
    base = "List Number" if lst.ordered else "List Bullet"
    style = base if level == 1 else f"{base} {min(level, 3)}"
    for item in lst.items:
        _add_inlines(doc.add_paragraph(style=style), item.content)
        for child in item.children:
            _add_list(doc, child, level + 1)


def _add_table(doc: DocxDocument, table: Table) -> None:
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    for ci, col in enumerate(table.columns):
        _add_inlines(grid.cell(0, ci).paragraphs[0], col.label, bold=True)
    for ri, row in enumerate(table.rows, start=1):
        bold = row.kind != "data"
        for ci, cell in enumerate(row.cells):
            par = grid.cell(ri, ci).paragraphs[0]
            if isinstance(cell, TextCell):
                _add_inlines(par, cell.content, bold=bold)
            else:
                run = par.add_run(cell.display or "")
                run.bold = bold or None
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.source:
        _add_inlines(doc.add_paragraph("Source: "), table.source)
    _caption(doc, table.number, table.caption)


def _caption(doc: DocxDocument, number: int | None, caption: Inlines) -> None:
    par = doc.add_paragraph(style="Caption")
    par.add_run(f"Figure {number} ")
    _add_inlines(par, caption)


def _add_section(doc: DocxDocument, section: Section, level: int) -> None:
    par = doc.add_heading(level=min(level, 9))
    if section.number:
        par.add_run(".".join(str(n) for n in section.number) + " ")
    _add_inlines(par, section.title)
    for block in section.blocks:
        _add_block(doc, block)
    for sub in section.sections:
        _add_section(doc, sub, level + 1)


def write_docx(report: Report, path: Path) -> None:
    """Write the report as a DOCX at ``path``."""
    meta = report.meta
    doc = Document()
    props = doc.core_properties
    props.title = meta.title
    props.author = meta.author or meta.organisation
    props.subject = meta.subject or meta.committee
    props.language = meta.language
    doc.add_paragraph(meta.organisation)
    doc.add_heading(meta.title, level=0)
    if meta.subtitle:
        doc.add_paragraph(meta.subtitle)
    for label, value in (("Committee", meta.committee),
                         ("Date of meeting", meta.meeting_date.strftime("%-d %B %Y")),
                         ("Report reference", meta.reference),
                         ("Status", f"{meta.status.value.capitalize()}, version {meta.version}"),
                         ("Contact officer", meta.contact.name)):
        par = doc.add_paragraph()
        par.add_run(f"{label}: ").bold = True
        par.add_run(value)
    for block in report.lead:
        _add_block(doc, block)
    for section in report.sections:
        _add_section(doc, section, 1)
    numbered = [n for n in report.footnotes if n.number is not None]
    if numbered:
        doc.add_heading("Notes", level=1)
        for note in numbered:
            par = doc.add_paragraph()
            par.add_run(f"{note.number} ").font.superscript = True
            _add_inlines(par, note.content)
    doc.save(str(path))


__all__ = ["plain_text", "write_docx"]
