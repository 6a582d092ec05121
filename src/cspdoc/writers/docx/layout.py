"""Page geometry from the template's section properties, and landscape sections.

A table too wide for the portrait text column goes on landscape pages of its own: the
section before it ends with a copy of the template's section properties, and the
landscape section after it carries the same properties turned on their side.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from cspdoc.writers.docx.oxml import el

A4 = (11906, 16838)
DEFAULT_MARGIN = 1134


@dataclass(frozen=True)
class PageGeometry:
    """The template's page, in twips."""

    sect_pr: Any
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @classmethod
    def of(cls, sect_pr: Any) -> PageGeometry:
        size = sect_pr.find(qn("w:pgSz"))
        margins = sect_pr.find(qn("w:pgMar"))

        def attr(node: Any, name: str, default: int) -> int:
            if node is None or node.get(qn(f"w:{name}")) is None:
                return default
            return int(node.get(qn(f"w:{name}")))

        w, h = attr(size, "w", A4[0]), attr(size, "h", A4[1])
        return cls(sect_pr, min(w, h), max(w, h),
                   attr(margins, "left", DEFAULT_MARGIN), attr(margins, "right", DEFAULT_MARGIN),
                   attr(margins, "top", DEFAULT_MARGIN), attr(margins, "bottom", DEFAULT_MARGIN))

    @property
    def portrait_width(self) -> int:
        """The text column on a portrait page."""
        return self.width - self.left - self.right

    @property
    def landscape_width(self) -> int:
        """The text column on a landscape page (top and bottom margins become the sides)."""
        return self.height - self.top - self.bottom

    def portrait_break(self) -> Any:
        """A paragraph ending a portrait section with the template's properties."""
        return _break_paragraph(copy.deepcopy(self.sect_pr))

    def landscape_break(self) -> Any:
        """A paragraph ending a landscape section (headers and footers as before)."""
        sect = copy.deepcopy(self.sect_pr)
        for child in list(sect):
            if child.tag in (qn("w:headerReference"), qn("w:footerReference"),
                             qn("w:titlePg"), qn("w:pgNumType")):
                sect.remove(child)
        size = sect.find(qn("w:pgSz"))
        size.set(qn("w:w"), str(self.height))
        size.set(qn("w:h"), str(self.width))
        size.set(qn("w:orient"), "landscape")
        margins = sect.find(qn("w:pgMar"))
        if margins is not None:  # the page turns: top becomes left
            margins.set(qn("w:left"), str(self.top))
            margins.set(qn("w:right"), str(self.bottom))
            margins.set(qn("w:top"), str(self.left))
            margins.set(qn("w:bottom"), str(self.right))
            # the running header and footer keep their distance from the text
            for side, edge, old in (("header", self.left, self.top),
                                    ("footer", self.right, self.bottom)):
                distance = margins.get(qn(f"w:{side}"))
                if distance is not None:
                    margins.set(qn(f"w:{side}"), str(max(0, edge - (old - int(distance)))))
        return _break_paragraph(sect)


def _break_paragraph(sect_pr: Any) -> Any:
    """An empty paragraph, as small as Word allows, holding a section break."""
    tiny = el("w:rPr", el("w:sz", val=2), el("w:szCs", val=2))
    return el("w:p", el("w:pPr", el("w:spacing", before=0, after=0, line=20,
                                      lineRule="exact"), tiny, sect_pr))


def drop_title_page(sect_pr: Any) -> None:
    """A later section has no separate first page (the cover is on the first)."""
    title = sect_pr.find(qn("w:titlePg"))
    if title is not None:
        sect_pr.remove(title)
