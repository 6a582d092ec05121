"""Which PDF page each finding is on, from the laid-out pages' text.

In: a Verification and the text of each page as WeasyPrint set it (``writers.pdf``).
Out: the Verification with ``where.page`` set on every finding the pages show: a prose
finding by its sentence (around its figure), a table finding by its row's label. Text is
compared without spaces or dashes, so a line break inside a sentence does not matter.
"""

from __future__ import annotations

import re

from cspdoc.findings import Finding, Verification
from cspdoc.model import Report, plain_text

_STRIP = re.compile(r"[\s\u00ad\-‐–—]+")
_WINDOW = 48  # characters of the sentence, around its figure, that must match


def _norm(text: str) -> str:
    return _STRIP.sub("", text)


def _caption_page(pages: list[str], number: int, caption: str) -> int | None:
    key = _norm(f"Figure {number} {caption}")[:40]
    return next((i for i, page in enumerate(pages, start=1) if key in page), None)


def page_of(finding: Finding, pages: list[str], captions: dict[int, str]) -> int | None:
    """The 1-based page on which ``finding`` stands, or None when the text is not found.
    A table's finding is on the page, up to its caption's (captions stand under tables),
    where the row's label last appears."""
    where = finding.where
    if where.figure is not None and where.figure in captions:
        end = _caption_page(pages, where.figure, captions[where.figure])
        if end is None:
            return None
        if not where.row:
            return end
        label = _norm(where.row)[:40]
        for number in range(end, max(0, end - 4), -1):
            if label in pages[number - 1]:
                return number
        return end
    keys: list[str] = []
    if where.quote:
        quote = _norm(where.quote)
        stated = _norm(finding.stated or "")
        at = quote.find(stated) if stated else -1
        if at >= 0:
            for width in (_WINDOW, _WINDOW // 3):  # a footnote mark may break the longer
                start = max(0, at - width // 2)
                keys.append(quote[start:start + width])
        keys.append(quote[:_WINDOW])
    for key in keys:
        if not key:
            continue
        for number, page in enumerate(pages, start=1):
            if key in page:
                return number
    return None


def paginate(verification: Verification, page_texts: list[str], report: Report
             ) -> Verification:
    """The verification with each finding's PDF page (findings not found keep none)."""
    pages = [_norm(p) for p in page_texts]
    captions = {fig.number: plain_text(fig.caption) for fig in report.figures()
                if fig.number is not None}
    findings = []
    for f in verification.findings:
        number = page_of(f, pages, captions)
        findings.append(f if number is None else
                        Finding(**{**dict(f), "where": f.where.but(page=number)}))
    return Verification(**{**dict(verification), "findings": tuple(findings)})


__all__ = ["page_of", "paginate"]
