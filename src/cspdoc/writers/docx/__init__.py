"""Report → DOCX: the body written with python-docx and lxml, set into the house template
(``templates/committee.docx``, or a council's own) through docxtpl.

Step 1  open the template; check its tags and that it asks only for placeholders a
        report can fill; mark where ``{{p body }}`` stands (``template``)
Step 2  make sure the styles, footnotes part and section properties the body needs exist
Step 3  write the body (``body.BodyWriter``) into a detached ``w:body``
Step 4  render the template (bounded sandbox, strings only), then put the body where
        ``{{p body }}`` stood
Step 5  write the footnotes, the last section's properties and the core properties; save
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from cspdoc.model import Report
from cspdoc.resources import templates_dir
from cspdoc.writers import images
from cspdoc.writers.assets import LocalFiles
from cspdoc.writers.docx import footnotes, settings, styles, template
from cspdoc.writers.docx.body import BodyWriter
from cspdoc.writers.docx.contents import contents_and_figures
from cspdoc.writers.docx.fields import Bookmarks
from cspdoc.writers.docx.inlines import add_inlines
from cspdoc.writers.docx.layout import PageGeometry, drop_title_page
from cspdoc.writers.docx.notice import corrections_notice
from cspdoc.writers.docx.numbering import Lists
from cspdoc.writers.docx.oxml import el, paragraph, rpr
from cspdoc.writers.docx.package import normalise_archive, set_core_properties
from cspdoc.writers.docx.state import State
from cspdoc.writers.docx.styles import StyleMap


def default_template() -> Path:
    """cspdoc's own house template."""
    return templates_dir() / "committee.docx"


def write_docx(report: Report, path: Path, *, template_path: Path | None = None,
               report_dir: Path | None = None) -> None:
    """Write ``report`` as a DOCX at ``path`` in the house style of ``template_path``."""
    source = template_path or default_template()
    tpl = template.open_template(source)
    env = template.environment()
    context: dict[str, Any] = dict(template.placeholders(report.meta))
    template.prepare(tpl, env, set(context), source)

    state = _prepare(tpl.get_docx(), report, report_dir)
    body = el("w:body")
    writer = BodyWriter(state, body)
    corrections_notice(report.notice, writer)
    contents_and_figures(report, writer)
    for block in report.lead:
        writer.block(block, body)
    for section in report.sections:
        writer.section(section, 1)

    template.render(tpl, context, env, source)
    document = tpl.docx  # get_docx() would reload the template once rendered
    template.insert_body(document, list(body), source)
    _write_footnotes(report, state, footnotes.get_or_add_footnotes_part(document.part))
    sections = list(document.element.body.iter(qn("w:sectPr")))
    for later in sections[1:]:
        drop_title_page(later)
    styles.set_language(document.styles.element, report.meta.language)
    set_core_properties(document, report.meta)
    tpl.save(str(path))
    normalise_archive(path, report.meta)


def _prepare(document: Any, report: Report, report_dir: Path | None) -> State:
    part = document.part
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        sect_pr = el("w:sectPr", el("w:pgSz", w=11906, h=16838),
                     el("w:pgMar", top=1247, right=1134, bottom=1247, left=1134,
                        header=567, footer=567, gutter=0))
        body.append(sect_pr)
    footnotes.section_properties(sect_pr)
    notes_part = footnotes.get_or_add_footnotes_part(part)
    footnotes.ensure_settings(document.settings.element, notes_part)
    settings.complete(document.settings.element)
    bookmark_ids = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))]
    return State(report=report,
                 styles=StyleMap(document.styles.element),
                 bookmarks=Bookmarks(max([0, *bookmark_ids]) + 1),
                 lists=Lists(part.numbering_part.element),
                 geometry=PageGeometry.of(sect_pr),
                 document_part=part,
                 first_note_id=footnotes.first_free_id(notes_part),
                 pictures=_pictures(report, report_dir))


def _pictures(report: Report, report_dir: Path | None) -> dict[str, images.Picture]:
    """Each image figure's picture, by id: read under ``report_dir`` (default: the
    current folder) through the one file policy, and decoded."""
    base = (report_dir or Path.cwd()).resolve()
    files = LocalFiles([base, templates_dir()])
    return {p.figure.id: p for p in images.pictures(report, files, base)}


def _write_footnotes(report: Report, state: State, part: Any) -> None:
    """One ``w:footnote`` per note referenced, in the FootnoteText style, its text keeping
    its emphasis and links (their relationships belong to the footnotes part)."""
    text_style = state.styles.id(styles.FOOTNOTE_TEXT)
    ref_style = state.styles.id(styles.FOOTNOTE_REFERENCE)
    by_number = {n.number: n for n in report.footnotes if n.number is not None}
    notes = []
    for number in sorted(state.notes_referenced):  # LibreOffice pairs notes by order
        p = paragraph(text_style)
        p.append(el("w:r", rpr(style=ref_style), el("w:footnoteRef")))
        p.append(el("w:r", el("w:tab")))
        add_inlines(p, by_number[number].content, state, part)
        notes.append(footnotes.note(state.note_id(number), [p]))
    footnotes.add_notes(part, notes)
