"""Shared WordprocessingML helpers: qualified names, element construction, run content.

Writers build the body as lxml elements directly (python-docx's proxies cover neither
footnotes nor fields); these helpers keep that terse and in schema order.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def el(tag: str, *children: Any, **attrs: str | int) -> Any:
    """An element ``tag`` ("w:p") with ``w:``-prefixed attributes and children.

    Attribute names are given without the prefix (``val="x"`` is ``w:val="x"``); a name
    with a double underscore keeps its own prefix (``xml__space`` is ``xml:space``).
    """
    element = OxmlElement(tag)
    for name, value in attrs.items():
        key = name.replace("__", ":") if "__" in name else f"w:{name}"
        element.set(qn(key), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def text_run(text: str, rpr: Any = None) -> Any:
    """A run holding ``text``; tabs and line feeds become ``w:tab`` and ``w:br``."""
    run = el("w:r", rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(el("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                run.append(el("w:tab"))
            if piece:
                t = el("w:t")
                t.text = piece
                if piece != piece.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run.append(t)
    return run


def rpr(*, style: str | None = None, bold: bool = False, italic: bool = False) -> Any:
    """Run properties in schema order (rStyle, b, bCs, i, iCs), or None when empty."""
    if not (style or bold or italic):
        return None
    props = el("w:rPr")
    if style:
        props.append(el("w:rStyle", val=style))
    if bold:
        props.append(el("w:b"))
        props.append(el("w:bCs"))
    if italic:
        props.append(el("w:i"))
        props.append(el("w:iCs"))
    return props


def paragraph(style: str | None = None, *, keep_next: bool = False,
              align: str | None = None) -> Any:
    """An empty paragraph with its style, keep-with-next and alignment."""
    ppr = el("w:pPr")
    if style:
        ppr.append(el("w:pStyle", val=style))
    if keep_next:
        ppr.append(el("w:keepNext"))
    if align:
        ppr.append(el("w:jc", val=align))
    return el("w:p", ppr if len(ppr) else None)


def ppr_of(p: Any) -> Any:
    """The paragraph's ``w:pPr``, created first in the paragraph when missing."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    return ppr


# Child order of w:pPr and w:rPr (ECMA-376 Part 1, CT_PPr and CT_RPr).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
             "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
             "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
             "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
             "em", "lang", "eastAsianLayout", "specVanish", "oMath")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")
STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
               "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal",
               "personalCompose", "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr",
               "tcPr", "tblStylePr")


def get_or_add(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """``parent``'s ``tag`` ("w:numPr") child, created at its place in ``order`` (the
    local names of the children the schema allows, in sequence) when missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = el(tag)
    position = order.index(tag.split(":")[1])
    later = {qn(f"w:{name}") for name in order[position + 1:]}
    for child in parent:
        if child.tag in later:
            child.addprevious(found)
            return found
    parent.append(found)
    return found
