"""Report → DOCX: the body written with python-docx and lxml, set into the house template
(``templates/committee.docx``, or a council's own) through docxtpl.

Step 1  open the template; check its tags and that it asks only for placeholders a
        report can fill; mark where ``{{p body }}`` stands (``template``)
Step 2  make sure the styles, footnotes part, numbering and section properties the body
        needs exist; in cspdoc's own template, set the page and the styles from the
        geometry the PDF is laid out with (``house``), and link the heading styles to
        the list that numbers them
Step 3  write the body (``body.BodyWriter``) into a detached ``w:body``
Step 4  render the template (bounded sandbox, strings only), then put the body where
        ``{{p body }}`` stood (no docxtpl subdocument, hence no docxcompose)
Step 5  write the footnotes, the last section's properties and the core properties; save
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from cspdoc.model import Report
from cspdoc.resources import templates_dir
from cspdoc.writers import images
from cspdoc.writers.assets import LocalFiles
from cspdoc.writers.docx import footnotes, house, settings, styles, template
from cspdoc.writers.docx.body import BodyWriter
from cspdoc.writers.docx.contents import contents_and_figures
from cspdoc.writers.docx.fields import Bookmarks
from cspdoc.writers.docx.inlines import add_inlines
from cspdoc.writers.docx.layout import PageGeometry, drop_title_page
from cspdoc.writers.docx.notice import corrections_notice
from cspdoc.writers.docx.numbering import Lists, remove_style_numbering, set_style_numbering
from cspdoc.writers.docx.oxml import el, paragraph, rpr
from cspdoc.writers.docx.package import normalise_archive, set_core_properties
from cspdoc.writers.docx.state import State
from cspdoc.writers.docx.styles import StyleMap
from cspdoc.writers.geometry import Geometry, house_geometry


def default_template() -> Path:
    """cspdoc's own house template."""
    return templates_dir() / "committee.docx"


def write_docx(report: Report, path: Path, *, template_path: Path | None = None,
               report_dir: Path | None = None,
               pages: Mapping[str, int] | None = None) -> None:
    """Write ``report`` as a DOCX at ``path`` in the house style of ``template_path``.

    ``pages`` gives the page of each heading and figure anchor (``sec-<id>``,
    ``fig-<id>``) in the PDF laid out from the same report; the contents print them
    when cspdoc's own template is used (its pages are the PDF's)."""
    source = template_path or default_template()
    own = source.resolve() == default_template().resolve()
    tpl = template.open_template(source)
    env = template.environment()
    context: dict[str, Any] = dict(template.placeholders(report.meta))
    template.prepare(tpl, env, set(context), source)

    shared = house_geometry()
    state = _prepare(tpl.get_docx(), report, report_dir, shared, own,
                     pages if own else None)
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
    styles_element = document.styles.element
    if not own:  # cspdoc's styles added to a council's template take the shared geometry
        house.apply_styles(styles_element, shared, lambda name: name in state.styles.adopted)
    styles.set_language(styles_element, report.meta.language)
    set_core_properties(document, report.meta)
    tpl.save(str(path))
    normalise_archive(path, report.meta)


def _prepare(document: Any, report: Report, report_dir: Path | None, shared: Geometry,
             own: bool, pages: Mapping[str, int] | None) -> State:
    part = document.part
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        sect_pr = el("w:sectPr", el("w:pgSz", w=11906, h=16838),
                     el("w:pgMar", top=1247, right=1134, bottom=1247, left=1134,
                        header=567, footer=567, gutter=0))
        body.append(sect_pr)
    if own:
        house.apply_page(sect_pr, shared)
        house.apply_styles(document.styles.element, shared)
    footnotes.section_properties(sect_pr)
    notes_part = footnotes.get_or_add_footnotes_part(part)
    if own:  # the space the PDF's footnote area takes above its notes
        footnotes.set_separator_height(notes_part, shared.note_area_gap + 0.75 +
                                       shared.note_area_padding)
    footnotes.ensure_settings(document.settings.element, notes_part)
    settings.complete(document.settings.element)
    bookmark_ids = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))]
    style_map = StyleMap(document.styles.element)
    lists = Lists(part.numbering_part.element)
    _number_headings(style_map, lists, shared, report.meta.number_sections)
    return State(report=report,
                 styles=style_map,
                 bookmarks=Bookmarks(max([0, *bookmark_ids]) + 1),
                 lists=lists,
                 geometry=PageGeometry.of(sect_pr),
                 shared=shared,
                 document_part=part,
                 first_note_id=footnotes.first_free_id(notes_part),
                 next_drawing_id=_first_free_drawing_id(part),
                 pictures=_pictures(report, report_dir),
                 pages=pages,
                 own_template=own)


def _number_headings(style_map: StyleMap, lists: Lists, shared: Geometry, on: bool) -> None:
    """Link the heading styles to one multilevel list when the report numbers its
    sections; otherwise take any numbering off them (the model's numbers are the ones
    both documents print)."""
    elements = [style_map.element(name) for name in styles.HEADINGS]
    if not on:
        for style in elements:
            remove_style_numbering(style)
        return
    num_id = lists.headings([str(s.get(qn("w:styleId"))) for s in elements],
                            shared.heading_indent)
    for level, style in enumerate(elements):
        set_style_numbering(style, num_id, level)


def _first_free_drawing_id(part: Any) -> int:
    """The first drawing id after every one the template uses (body and headers)."""
    used = [0]
    for story in [part, *(rel.target_part for rel in part.rels.values()
                          if rel.reltype.endswith(("/header", "/footer")))]:
        element = getattr(story, "element", None)
        if element is not None:
            used.extend(int(d.get("id")) for d in element.iter(qn("wp:docPr"))
                        if (d.get("id") or "").isdigit())
    return max(used) + 1


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
