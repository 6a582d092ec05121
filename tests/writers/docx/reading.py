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
