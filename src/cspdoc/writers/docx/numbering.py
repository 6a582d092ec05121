"""List and heading numbering, carried by the styles so that Word keeps it when text is
typed, moved or restyled.

- "List Bullet", "List Number" and "Panel List" carry their numbering (``w:numPr`` in
  the style, the first level linked back to the style): a template's own is kept, a
  style without one gets cspdoc's. Nested items take the next level of the same list;
  each ordered list restarts at 1 (a ``w:num`` of its own, overriding the start).
- The heading styles are linked to one multilevel list ("1", "1.1", "1.1.1"), so Word
  renumbers when a section is added or moved; an unnumbered heading says numId 0.

Indents are the shared geometry's (``--list-indent``, ``--panel-indent``,
``--heading-indent``).
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from cspdoc.writers.docx.house import twips
from cspdoc.writers.docx.oxml import PPR_ORDER, STYLE_ORDER, el, get_or_add

_BULLETS = ("•", "–", "◦")
_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
LEVELS = 6
# A bullet hangs this much (in ems of the body text) before its text, as the PDF's list
# marker does; a number hangs the whole indent.
BULLET_HANG = 0.62


def _hanging(indent: int, ordered: bool, size_pt: float) -> int:
    return indent if ordered else min(indent, twips(BULLET_HANG * size_pt))


def _level(ilvl: int, *, ordered: bool, indent: int, size_pt: float,
           style: str | None) -> Any:
    if ordered:
        fmt, text = _FORMATS[ilvl % 3], f"%{ilvl + 1}."
    else:
        fmt, text = "bullet", _BULLETS[ilvl % 3]
    return el("w:lvl",
              el("w:start", val=1),
              el("w:numFmt", val=fmt),
              el("w:pStyle", val=style) if style and ilvl == 0 else None,
              el("w:lvlText", val=text),
              el("w:lvlJc", val="left"),
              el("w:pPr", el("w:ind", left=indent * (ilvl + 1),
                             hanging=_hanging(indent, ordered, size_pt))),
              ilvl=ilvl)


def _heading_level(ilvl: int, style: str, indent: int) -> Any:
    text = ".".join(f"%{i + 1}" for i in range(ilvl + 1))
    return el("w:lvl",
              el("w:start", val=1),
              el("w:numFmt", val="decimal"),
              el("w:pStyle", val=style),
              el("w:suff", val="tab"),
              el("w:lvlText", val=text),
              el("w:lvlJc", val="left"),
              el("w:pPr", el("w:ind", left=indent, hanging=indent)),
              ilvl=ilvl)


def style_num_id(style: Any) -> str | None:
    """The ``w:numId`` a style's own paragraph properties give, if any."""
    num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if num is None else str(num.get(qn("w:val")))


def set_style_numbering(style: Any, num_id: int | str, ilvl: int = 0) -> None:
    """Make ``style`` carry list ``num_id`` at level ``ilvl`` (0: no numbering)."""
    ppr = get_or_add(style, "w:pPr", STYLE_ORDER)
    old = ppr.find(qn("w:numPr"))
    if old is not None:
        ppr.remove(old)
    num_pr = get_or_add(ppr, "w:numPr", PPR_ORDER)
    if ilvl:
        num_pr.append(el("w:ilvl", val=ilvl))
    num_pr.append(el("w:numId", val=num_id))


def remove_style_numbering(style: Any) -> None:
    ppr = style.find(qn("w:pPr"))
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num_pr is not None:
        ppr.remove(num_pr)


class Lists:
    """Numbering definitions in one document's numbering part: the lists its styles
    carry, a restarting ``w:num`` per ordered list, the heading list."""

    def __init__(self, numbering_element: Any) -> None:
        self._numbering = numbering_element
        abstract = [int(a.get(qn("w:abstractNumId")))
                    for a in numbering_element.iterchildren(qn("w:abstractNum"))]
        nums = [int(n.get(qn("w:numId"))) for n in numbering_element.iterchildren(qn("w:num"))]
        self._next_abstract = max([0, *abstract]) + 1
        self._next_num = max([0, *nums]) + 1
        self._carried: dict[str, str] = {}

    def _abstract_of(self, num_id: str) -> str | None:
        for num in self._numbering.iterchildren(qn("w:num")):
            if num.get(qn("w:numId")) == num_id:
                return str(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        return None

    def carried(self, style: Any, *, ordered: bool, indent_pt: float, size_pt: float) -> str:
        """The list ``style`` carries: its own, or a new one of cspdoc's linked to it
        (indented ``indent_pt`` a level, for text of ``size_pt``)."""
        style_id = str(style.get(qn("w:styleId")))
        if style_id in self._carried:
            return self._carried[style_id]
        num_id = style_num_id(style)
        if num_id is None or num_id == "0" or self._abstract_of(num_id) is None:
            levels = [_level(i, ordered=ordered, indent=twips(indent_pt), size_pt=size_pt,
                             style=style_id) for i in range(LEVELS)]
            num_id = str(self._add(levels, "hybridMultilevel"))
            set_style_numbering(style, num_id)
        self._carried[style_id] = num_id
        return num_id

    def set_indents(self, num_id: str, indent_pt: float, size_pt: float) -> None:
        """Indent each level of list ``num_id`` by ``indent_pt`` more than the last, its
        marker hanging as the PDF's does for text of ``size_pt``."""
        abstract_id = self._abstract_of(num_id)
        for abstract in self._numbering.iterchildren(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) != abstract_id:
                continue
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
                fmt = lvl.find(qn("w:numFmt"))
                ordered = fmt is not None and fmt.get(qn("w:val")) != "bullet"
                if ind is not None:
                    ilvl = int(lvl.get(qn("w:ilvl")))
                    ind.set(qn("w:left"), str(twips(indent_pt) * (ilvl + 1)))
                    ind.set(qn("w:hanging"),
                            str(_hanging(twips(indent_pt), ordered, size_pt)))

    def restarted(self, num_id: str) -> int:
        """A new ``w:num`` of list ``num_id``'s definition, starting again at 1."""
        abstract_id = self._abstract_of(num_id)
        if abstract_id is None:
            raise KeyError(f"no list {num_id} in the numbering part")
        new = self._next_num
        self._next_num += 1
        overrides = [el("w:lvlOverride", el("w:startOverride", val=1), ilvl=i)
                     for i in range(LEVELS)]
        self._numbering.append(el("w:num", el("w:abstractNumId", val=abstract_id),
                                  *overrides, numId=new))
        return new

    def headings(self, style_ids: list[str], indent_pt: float) -> int:
        """A multilevel list whose level n numbers heading style ``style_ids[n]``."""
        levels = [_heading_level(i, style, twips(indent_pt))
                  for i, style in enumerate(style_ids)]
        return self._add(levels, "multilevel")

    def _add(self, levels: list[Any], kind: str) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        abstract = el("w:abstractNum", el("w:multiLevelType", val=kind), *levels,
                      abstractNumId=abstract_id)
        first_num = self._numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # every abstractNum precedes every num
        else:
            self._numbering.append(abstract)
        num_id = self._next_num
        self._next_num += 1
        self._numbering.append(el("w:num", el("w:abstractNumId", val=abstract_id),
                                  numId=num_id))
        return num_id
