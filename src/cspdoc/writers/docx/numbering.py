"""List numbering: one bullet definition, and a restarting definition per ordered list.

cspdoc adds its own abstract numbering definitions to the document's numbering part (a
council's template keeps its own untouched); nested items use the next level down.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from cspdoc.writers.docx.oxml import el

_BULLETS = ("•", "–", "◦")
_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
LEVELS = 6
INDENT = 357  # twips per level: a quarter inch, as Word's list styles


def _level(ilvl: int, ordered: bool) -> Any:
    if ordered:
        fmt, text = _FORMATS[ilvl % 3], f"%{ilvl + 1}."
    else:
        fmt, text = "bullet", _BULLETS[ilvl % 3]
    return el("w:lvl",
              el("w:start", val=1),
              el("w:numFmt", val=fmt),
              el("w:lvlText", val=text),
              el("w:lvlJc", val="left"),
              el("w:pPr", el("w:ind", left=INDENT * (ilvl + 1), hanging=INDENT)),
              ilvl=ilvl)


class Lists:
    """Hands out ``w:numId`` values for bulleted lists (one, shared) and ordered lists
    (a fresh, restarting one each)."""

    def __init__(self, numbering_element: Any) -> None:
        self._numbering = numbering_element
        abstract = [int(a.get(qn("w:abstractNumId")))
                    for a in numbering_element.iterchildren(qn("w:abstractNum"))]
        nums = [int(n.get(qn("w:numId"))) for n in numbering_element.iterchildren(qn("w:num"))]
        self._next_abstract = max([0, *abstract]) + 1
        self._next_num = max([0, *nums]) + 1
        self._bullet: int | None = None

    def bullet(self) -> int:
        if self._bullet is None:
            self._bullet = self._add(ordered=False)
        return self._bullet

    def ordered(self) -> int:
        return self._add(ordered=True)

    def _add(self, *, ordered: bool) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        abstract = el("w:abstractNum",
                      el("w:multiLevelType", val="hybridMultilevel"),
                      *(_level(i, ordered) for i in range(LEVELS)),
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
