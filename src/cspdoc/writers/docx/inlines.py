"""Inline content → runs: text, emphasis, code, links, footnote references, cross-references.

The same code writes body text and footnote text; ``part`` is the part whose
relationships hold the hyperlinks (the document, or the footnotes part).
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from cspdoc.model import (
    Bound,
    Checked,
    Code,
    CrossRef,
    Emph,
    FootnoteRef,
    Inlines,
    LineBreak,
    Link,
    Literal_,
    Strong,
    Text,
    plain_text,
)
from cspdoc.writers.docx import fields, styles
from cspdoc.writers.docx.oxml import el, rpr, text_run
from cspdoc.writers.docx.state import State, figure_bookmark, note_bookmark, number_bookmark


def add_inlines(p: Any, nodes: Inlines, state: State, part: Any, *, bold: bool = False,
                italic: bool = False, style: str | None = None) -> None:
    """Append ``nodes`` to paragraph (or hyperlink) element ``p``."""
    for node in nodes:
        if isinstance(node, Text | Literal_ | Checked):
            p.append(text_run(node.text, rpr(bold=bold, italic=italic, style=style)))
        elif isinstance(node, Bound):
            text = node.text if node.text is not None else plain_text((node,))
            p.append(text_run(text, rpr(bold=bold, italic=italic, style=style)))
        elif isinstance(node, Code):
            p.append(text_run(node.text, rpr(bold=bold, italic=italic,
                                              style=state.styles.id(styles.VERBATIM))))
        elif isinstance(node, Strong):
            add_inlines(p, node.children, state, part, bold=True, italic=italic, style=style)
        elif isinstance(node, Emph):
            add_inlines(p, node.children, state, part, bold=bold, italic=True, style=style)
        elif isinstance(node, Link):
            p.append(_hyperlink(node, state, part, bold=bold, italic=italic))
        elif isinstance(node, LineBreak):
            p.append(el("w:r", el("w:br")))
        elif isinstance(node, FootnoteRef):
            p.extend(_footnote_reference(node, state))
        elif isinstance(node, CrossRef):
            p.extend(_cross_reference(node, state, rpr(bold=bold, italic=italic, style=style)))


def _hyperlink(node: Link, state: State, part: Any, *, bold: bool, italic: bool) -> Any:
    r_id = part.relate_to(node.url, RT.HYPERLINK, is_external=True)
    link = el("w:hyperlink", history=1)
    link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
             r_id)
    add_inlines(link, node.children, state, part, bold=bold, italic=italic,
                style=state.styles.id(styles.HYPERLINK))
    return link


def _footnote_reference(node: FootnoteRef, state: State) -> list[Any]:
    if node.number is None:  # an unresolved reference: reported by the checks
        return []
    style = state.styles.id(styles.FOOTNOTE_REFERENCE)
    if node.repeat:
        return fields.noteref(note_bookmark(node.number), str(node.number), rpr(style=style))
    state.notes_referenced.append(node.number)
    run = el("w:r", rpr(style=style),
             el("w:footnoteReference", id=state.note_id(node.number)))
    return state.bookmarks.wrap(note_bookmark(node.number), [run])


def _cross_reference(node: CrossRef, state: State, props: Any) -> list[Any]:
    if node.number is None:
        return [text_run(plain_text((node,)), props)]
    if node.prefix:
        return fields.ref(figure_bookmark(node.id), f"{node.label} {node.number}", props)
    return fields.ref(number_bookmark(node.id), str(node.number), props)
