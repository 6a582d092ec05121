"""Reading a written DOCX back for tests: its parts, footnotes, fields and bookmarks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W,
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


def qw(name: str) -> str:
    return f"{{{W}}}{name}"


def part_xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def document_xml(path: Path) -> etree._Element:
    return part_xml(path, "word/document.xml")


def text_of(element: etree._Element) -> str:
    """What a reader sees: w:t text, tabs as spaces, field instructions left out."""
    out = []
    for node in element.iter(qw("t"), qw("tab"), qw("ptab"), qw("br")):
        out.append(node.text or "" if node.tag == qw("t") else " ")
    return "".join(out)


def all_text(element: etree._Element) -> str:
    """Every paragraph's text, paragraphs separated by a space."""
    return squash(" ".join(text_of(p) for p in element.iter(qw("p"))))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def footnotes(path: Path) -> dict[int, etree._Element]:
    """Footnote id → ``w:footnote`` element (separators left out)."""
    root = part_xml(path, "word/footnotes.xml")
    return {int(n.get(qw("id"))): n for n in root.iterfind("w:footnote", NS)
            if n.get(qw("type")) in (None, "normal")}


def footnote_texts(path: Path) -> dict[int, str]:
    return {ident: squash(text_of(note)) for ident, note in footnotes(path).items()}


def instructions(element: etree._Element) -> list[str]:
    """Every complex field's instruction in document order, squashed."""
    return [squash(t.text or "") for t in element.iter(qw("instrText"))]


def bookmarks(element: etree._Element) -> set[str]:
    return {b.get(qw("name")) for b in element.iter(qw("bookmarkStart"))}


def style_names(path: Path) -> dict[str, str]:
    """Style id → style name."""
    root = part_xml(path, "word/styles.xml")
    return {s.get(qw("styleId")): s.find("w:name", NS).get(qw("val"))
            for s in root.iterfind("w:style", NS)}


def paragraph_style(p: etree._Element) -> str | None:
    style = p.find("w:pPr/w:pStyle", NS)
    return None if style is None else style.get(qw("val"))


def open_docx(path: Path):
    return Document(str(path))


def hyperlink_targets(path: Path, part: str = "word/document.xml") -> dict[str, str]:
    """rId → URL of the part's external hyperlinks."""
    rels = str(PurePosixPath(part).parent / "_rels" / (PurePosixPath(part).name + ".rels"))
    root = part_xml(path, rels)
    return {r.get("Id"): r.get("Target") for r in root
            if r.get("Type") == RT.HYPERLINK}


def list_labels(path: Path, root: etree._Element | None = None
                ) -> list[tuple[etree._Element, str]]:
    """Each numbered paragraph of the body, with the label Word's numbering gives it
    ("2.1", "•"), worked out from numbering.xml and the styles as Word does: a
    paragraph's own numPr, else its style's (through basedOn); numId 0 is none; a level
    restarts when a level above it advances. ``root``: the document.xml already read
    (its paragraphs are the keys)."""
    styles = part_xml(path, "word/styles.xml")
    numbering = part_xml(path, "word/numbering.xml")
    by_id = {s.get(qw("styleId")): s for s in styles.iterfind("w:style", NS)}

    def style_num(style_id: str | None) -> tuple[str, int] | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = by_id.get(style_id)
            if style is None:
                return None
            num = style.find("w:pPr/w:numPr", NS)
            if num is not None:
                num_id = num.find("w:numId", NS)
                ilvl = num.find("w:ilvl", NS)
                return (num_id.get(qw("val")) if num_id is not None else "0",
                        int(ilvl.get(qw("val"))) if ilvl is not None else 0)
            based = style.find("w:basedOn", NS)
            style_id = based.get(qw("val")) if based is not None else None
        return None

    abstracts = {a.get(qw("abstractNumId")): {
        int(lvl.get(qw("ilvl"))): lvl for lvl in a.iterfind("w:lvl", NS)}
        for a in numbering.iterfind("w:abstractNum", NS)}
    nums = {n.get(qw("numId")): n.find("w:abstractNumId", NS).get(qw("val"))
            for n in numbering.iterfind("w:num", NS)}
    counters: dict[str, list[int]] = {}
    out = []
    for p in (root if root is not None else document_xml(path)).iter(qw("p")):
        direct = p.find("w:pPr/w:numPr", NS)
        from_style = style_num(paragraph_style(p))
        if direct is not None:
            num_id = direct.find("w:numId", NS).get(qw("val"))
            ilvl_node = direct.find("w:ilvl", NS)
            ilvl = int(ilvl_node.get(qw("val"))) if ilvl_node is not None else (
                from_style[1] if from_style else 0)
        elif from_style is not None:
            num_id, ilvl = from_style
        else:
            continue
        if num_id == "0" or num_id not in nums:
            continue
        levels = abstracts[nums[num_id]]
        count = counters.setdefault(num_id, [0] * 9)
        count[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            count[deeper] = 0
        lvl = levels[ilvl]
        if lvl.find("w:numFmt", NS).get(qw("val")) == "bullet":
            label = lvl.find("w:lvlText", NS).get(qw("val"))
        else:
            label = lvl.find("w:lvlText", NS).get(qw("val"))
            for i in range(ilvl + 1):
                label = label.replace(f"%{i + 1}", str(count[i]))
        out.append((p, label))
    return out
