"""The PDF and the DOCX of one build say the same thing: the same headings, captions and
footnote texts, in the same order. Each file is read on its own terms (the PDF through
its structure tree, the DOCX through python-docx and its footnotes part when it has one)
and the sequences are compared, not the layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from tests.conftest import WINCHESTER
from tests.end_to_end.test_build import cspdoc
from tests.writers.docx.reading import list_labels
from tests.writers.pdf_reading import Element, squash, structure

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBERED = re.compile(r"^\d+(\.\d+)* \S")


def _comparable(text: str) -> str:
    """Whitespace squashed, and a URL printed after its link text dropped (a Word writer
    may spell out what a PDF keeps in the link)."""
    return squash(re.sub(r"\s*\((?:https?|mailto):[^)\s]*\)", "", text))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("same")
    done = cspdoc("build", str(WINCHESTER), "--out", str(out), "--format", "docx",
                  "--format", "pdf")
    assert done.returncode == 0, done.stderr
    return out / "winchester-2024-25" / "draft"


def _pdf_sequences(path: Path) -> tuple[list[str], list[str], list[str]]:
    tree = structure(path)

    def heading(elem: Element) -> str:
        text = elem.text
        for call in (c.text for c in elem.children if c.type == "Reference"):
            text = text.removesuffix(f" {call}")
        return text

    headings = [heading(e) for e in tree.walk()
                if re.fullmatch(r"H[1-6]", e.type) and NUMBERED.match(e.text)]
    captions = [e.text for e in tree.walk() if e.type == "Caption"]
    notes = [" ".join(c.text for c in e.children if c.type != "Lbl")
             for e in tree.walk() if e.type == "Note"]
    return headings, captions, notes


def _run_text(paragraph) -> str:
    """A paragraph's text without superscript runs (note numbers printed as text)."""
    return "".join(r.text for r in paragraph.runs if not r.font.superscript)


def _docx_sequences(path: Path) -> tuple[list[str], list[str], list[str]]:
    doc = Document(str(path))
    paragraphs = doc.paragraphs
    labels = {id(p): label for p, label in list_labels(path, doc.element)}

    def numbered(p) -> str:  # the number Word's heading list gives it, then its text
        return squash(f"{labels.get(id(p._p), '')} {_run_text(p)}")

    headings = [numbered(p) for p in paragraphs
                if p.style.name.startswith("Heading") and NUMBERED.match(numbered(p))]
    captions = [squash(p.text) for p in paragraphs if p.style.name == "Caption"]
    part = next((p for p in doc.part.package.parts
                 if str(p.partname) == "/word/footnotes.xml"), None)
    if part is not None:  # real Word footnotes
        root = etree.fromstring(part.blob)
        notes = [squash("".join(n.itertext())) for n in root.iter(f"{W}footnote")
                 if n.get(f"{W}type") not in ("separator", "continuationSeparator",
                                               "continuationNotice")]
    else:  # notes listed as paragraphs after a "Notes" heading
        start = next(i for i, p in enumerate(paragraphs)
                     if p.style.name.startswith("Heading") and p.text.strip() == "Notes")
        notes = [squash(_run_text(p)) for p in paragraphs[start + 1:] if p.text.strip()]
    return headings, captions, notes


def it_says_the_same_headings_captions_and_notes_in_both(built: Path):
    pdf = _pdf_sequences(built / "winchester-2024-25-v1.0.pdf")
    docx = _docx_sequences(built / "winchester-2024-25-v1.0.docx")
    for name, from_pdf, from_docx in zip(("headings", "captions", "notes"), pdf, docx,
                                         strict=True):
        assert [_comparable(t) for t in from_pdf] == [_comparable(t) for t in from_docx], \
            name
    headings, captions, notes = pdf
    assert (len(headings), len(captions), len(notes)) == (13, 10, 21)
    assert captions[0].startswith("Figure 1 ") and captions[-1].startswith("Figure 10 ")
