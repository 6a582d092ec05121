"""The footnotes part: separators, notes, and the settings and section properties
that make Word and LibreOffice number them through the document at the foot of the page.

python-docx has no footnote API; this module reads and writes the part's XML itself.
The part keeps whatever the template had (its separators, any notes) and cspdoc's notes
take the ids after the largest one there.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from cspdoc.writers.docx.oxml import el

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SEPARATORS = f"""<w:footnotes xmlns:w="{_W}" xmlns:r="{_R}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
 w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
 w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>
</w:footnote></w:footnotes>"""


def get_or_add_footnotes_part(document_part: Any) -> Any:
    """The document's footnotes part, created with its two separators when missing."""
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                _SEPARATORS.encode("utf-8"), document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


def load(part: Any) -> Any:
    """The part's ``w:footnotes`` element (the part is a plain blob to python-docx)."""
    return parse_xml(part.blob)


def store(part: Any, root: Any) -> None:
    """Write ``root`` back as the part's content (docxtpl renders this blob too)."""
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def first_free_id(part: Any) -> int:
    """The first footnote id after every id the part already uses."""
    ids = [int(n.get(qn("w:id"))) for n in load(part).iterchildren(qn("w:footnote"))]
    return max([0, *ids]) + 1


def ensure_settings(settings_element: Any, part: Any) -> None:
    """Point the settings' ``w:footnotePr`` at the part's separator notes (Word needs it)."""
    special = [n.get(qn("w:id")) for n in load(part).iterchildren(qn("w:footnote"))
               if n.get(qn("w:type")) in ("separator", "continuationSeparator")]
    pr = settings_element.find(qn("w:footnotePr"))
    if pr is None:
        pr = el("w:footnotePr")
        _insert_in_settings(settings_element, pr)
    present = {n.get(qn("w:id")) for n in pr.iterchildren(qn("w:footnote"))}
    for ident in special:
        if ident not in present:
            pr.append(el("w:footnote", id=ident))


_SETTINGS_AFTER_FOOTNOTEPR = ("endnotePr", "compat", "docVars", "rsids", "mathPr",
                              "attachedSchema", "themeFontLang", "clrSchemeMapping",
                              "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                              "forceUpgrade", "captions", "readModeInkLockDown",
                              "smartTagType", "schemaLibrary", "shapeDefaults",
                              "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _insert_in_settings(settings: Any, element: Any) -> None:
    for child in settings:
        if etree.QName(child).localname in _SETTINGS_AFTER_FOOTNOTEPR:
            child.addprevious(element)
            return
    settings.append(element)


def section_properties(sect_pr: Any) -> None:
    """Footnotes at the foot of the page, numbered 1, 2, 3 through the document."""
    pr = sect_pr.find(qn("w:footnotePr"))
    if pr is None:
        pr = el("w:footnotePr")
        refs = [c for c in sect_pr if etree.QName(c).localname in
                ("headerReference", "footerReference")]
        if refs:
            refs[-1].addnext(pr)
        else:
            sect_pr.insert(0, pr)
    for child in list(pr):
        pr.remove(child)
    pr.extend([el("w:pos", val="pageBottom"), el("w:numFmt", val="decimal"),
               el("w:numStart", val=1), el("w:numRestart", val="continuous")])


def set_separator_height(part: Any, points: float) -> None:
    """Make the separator notes' paragraphs exactly ``points`` tall (Word sets the space
    between the text and the notes by them; LibreOffice by its own defaults)."""
    root = load(part)
    for footnote in root.iterchildren(qn("w:footnote")):
        if footnote.get(qn("w:type")) not in ("separator", "continuationSeparator"):
            continue
        for p in footnote.iterchildren(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = el("w:pPr")
                p.insert(0, ppr)
            spacing = ppr.find(qn("w:spacing"))
            if spacing is None:
                spacing = el("w:spacing")
                ppr.append(spacing)
            for attr, value in (("before", 0), ("after", 0), ("line", round(points * 20)),
                                ("lineRule", "exact")):
                spacing.set(qn(f"w:{attr}"), str(value))
    store(part, root)


def note(ident: int, paragraphs: list[Any]) -> Any:
    """A ``w:footnote`` holding ``paragraphs``."""
    return el("w:footnote", *paragraphs, id=ident)


def add_notes(part: Any, notes: list[Any]) -> None:
    """Append ``notes`` (``w:footnote`` elements) to the part."""
    root = load(part)
    root.extend(notes)
    store(part, root)
