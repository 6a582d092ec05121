"""Reading a written PDF back: page text, structure elements with their text, footnote
placement from WeasyPrint's layout. Shared by the writer and end-to-end tests."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Element:
    """A structure element: its type, text (its marked content, in order), first page
    (1-based), its attributes as pdfplumber gives them, and its children."""

    type: str
    text: str
    page: int | None
    attributes: dict[str, Any]
    children: list[Element]
    alt: str | None = None

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()


def structure(path: Path) -> Element:
    """The Document element of a tagged PDF, with text resolved through MCIDs."""
    with pdfplumber.open(str(path)) as pdf:
        text: dict[tuple[int, int], list[str]] = defaultdict(list)
        for page in pdf.pages:
            for char in page.chars:
                if char.get("mcid") is not None:
                    text[(page.page_number, char["mcid"])].append(char["text"])
        roots = pdf.structure_tree

    def build(node: dict[str, Any]) -> Element:
        children = [build(c) for c in node.get("children", [])]
        page = node.get("page_number")
        own = [squash("".join(text[(page, m)])) for m in node.get("mcids") or []]
        parts = [*own, *(c.text for c in children)] if own else [c.text for c in children]
        pages = [p for p in [page, *(c.page for c in children)] if p is not None]
        return Element(node["type"], squash(" ".join(p for p in parts if p)),
                       min(pages) if pages else None, node.get("attributes") or {},
                       children, node.get("alt_text"))

    assert len(roots) == 1
    return build(roots[0])


def page_texts(path: Path) -> list[str]:
    """Each page's text, squashed."""
    with pdfplumber.open(str(path)) as pdf:
        return [squash(page.extract_text() or "") for page in pdf.pages]


def untagged_text(path: Path) -> list[str]:
    """Per page, the text outside any marked content (artifacts)."""
    with pdfplumber.open(str(path)) as pdf:
        return [squash("".join(c["text"] for c in page.chars if c.get("mcid") is None))
                for page in pdf.pages]


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def footnote_pages(document: Any) -> tuple[dict[str, int], dict[str, int]]:
    """From a laid-out ``weasyprint.Document``: the page (1-based) of each footnote's
    call and of its body, keyed by the printed number."""
    from weasyprint.formatting_structure import boxes

    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            tag = getattr(box, "element_tag", None) or ""
            if element is not None and tag.endswith("::footnote-call"):
                calls.setdefault(element.get("data-number"), number)
            elif isinstance(box, boxes.FootnoteAreaBox):
                for inner in _walk(box):
                    el = getattr(inner, "element", None)
                    if el is not None and inner.element_tag == "span" and \
                            "footnote" in (el.get("class") or "").split():
                        bodies.setdefault(el.get("data-number"), number)
    return calls, bodies


def table_overflows(document: Any) -> list[str]:
    """Tables whose border box passes the page's content edges, as 'page: id'."""
    from weasyprint.formatting_structure import boxes

    out = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        for box in _walk(page_box):
            if isinstance(box, boxes.TableBox):
                x = box.border_box_x()
                if x < left - 0.01 or x + box.border_width() > right + 0.01:
                    figure = box.element.getparent() if hasattr(box.element, "getparent") \
                        else None
                    out.append(f"{number}: {figure.get('id') if figure is not None else ''}")
    return out


def lines_over_notes(document: Any) -> list[str]:
    """Lines of the page body (not its margins or notes) that end below the top of
    their page's footnote area, as 'page: text': lines printed over the notes."""
    from weasyprint.formatting_structure import boxes

    out = []
    for number, page in enumerate(document.pages, start=1):
        areas = [b for b in page._page_box.children
                 if isinstance(b, boxes.FootnoteAreaBox) and b.children]
        if not areas:
            continue
        top = areas[0].border_box_y()
        body = [b for b in page._page_box.children
                if not isinstance(b, boxes.FootnoteAreaBox | boxes.MarginBox)]
        for box in (inner for part in body for inner in _walk(part)):
            if isinstance(box, boxes.LineBox) and box.position_y + box.height > top + 0.01:
                text = "".join(getattr(b, "text", "") for b in _walk(box))
                out.append(f"{number}: {text[:40]}")
    return out


def panel_column_tops(document: Any) -> list[tuple[int, list[float | None]]]:
    """For each page holding part of a panel, the page and, per column, the top of its
    first line there (None for a column with no line on that page)."""
    from weasyprint.formatting_structure import boxes

    out = []
    for number, page in enumerate(document.pages, start=1):
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if isinstance(box, boxes.TableBox) and element is not None and \
                    "panel" in (element.get("class") or "").split():
                cells = [b for b in _walk(box) if isinstance(b, boxes.TableCellBox)]
                tops = []
                for cell in cells:
                    lines = [b for b in _walk(cell) if isinstance(b, boxes.LineBox)]
                    tops.append(lines[0].position_y if lines else None)
                out.append((number, tops))
    return out
