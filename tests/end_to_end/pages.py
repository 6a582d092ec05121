"""Reading the pages of a laid-out PDF for the parity tests: each page's text, where each
caption is, how full each page is, and which pages end at a deliberate break."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from docx.oxml.ns import qn

from cspdoc.model import Report, plain_text
from cspdoc.writers.geometry import house_geometry
from tests.writers.docx.reading import document_xml, squash, text_of


@dataclass(frozen=True)
class Page:
    """One page: its text (squashed), the text of its body (below the running header),
    and how much of the text area the body fills (LibreOffice's footnotes left out)."""

    text: str
    body: str
    fill: float


def _separator_top(page: pdfplumber.page.Page, left: float) -> float | None:
    """The top of LibreOffice's footnote separator: a thin rule from the left margin a
    quarter of the text width long."""
    rules = [r["top"] for r in [*page.rects, *page.lines]
             if r["bottom"] - r["top"] < 2 and abs(r["x0"] - left) < 2
             and 100 < r["x1"] - r["x0"] < 140]
    return min(rules) if rules else None


def read_pages(path: Path) -> list[Page]:
    g = house_geometry()
    out = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            portrait = page.width < page.height
            top = g.margin_top if portrait else g.margin_right  # turned: top to the left
            bottom = page.height - (g.margin_bottom if portrait else g.margin_left)
            left = g.margin_left if portrait else g.margin_top
            limit = _separator_top(page, left) or bottom
            words = page.extract_words()
            body = [w for w in words if top - 2 <= w["top"] and w["bottom"] <= limit]
            marks = [o["bottom"] for o in [*page.rects, *page.lines, *page.images]
                     if top - 2 <= o["top"] and o["bottom"] < limit]
            lowest = max([w["bottom"] for w in body] + marks, default=top)
            out.append(Page(squash(page.extract_text() or ""),
                            squash(" ".join(w["text"] for w in body)),
                            (lowest - top) / (bottom - top)))
    return out


def caption_pages(report: Report, pages: list[Page]) -> dict[int, list[int]]:
    """Figure number → the pages (1-based) its caption is found on."""
    out = {}
    for figure in report.figures():
        caption = squash(f"Figure {figure.number} {plain_text(figure.caption)}")[:45]
        out[figure.number or 0] = [i for i, p in enumerate(pages, start=1)
                                   if caption in p.text]
    return out


def deliberate_breaks(docx: Path, pages: list[Page]) -> set[int]:
    """The pages (1-based) the DOCX ends on purpose: those followed by a page that opens
    with a paragraph set to start a page, or a new section."""
    root = document_xml(docx)
    openers = []
    for p in root.iter(qn("w:p")):
        props = p.find(qn("w:pPr"))
        if props is not None and (props.find(qn("w:pageBreakBefore")) is not None
                                  or props.find(qn("w:sectPr")) is not None):
            follower = p if props.find(qn("w:sectPr")) is None else p.getnext()
            text = squash(text_of(follower)) if follower is not None else ""
            if text:
                openers.append(re.sub(r"\s+", " ", text)[:30])
    return {i for i, page in enumerate(pages[1:], start=1)
            if any(page.body.replace(" ", "").find(o.replace(" ", "")) in range(0, 12)
                   for o in openers)}
