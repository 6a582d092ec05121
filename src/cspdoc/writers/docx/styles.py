"""Style names the writer uses, and their ids in the template it writes into.

The writer asks for Word's built-in styles by their internal names ("heading 1",
"footnote text"), which every Word template spells the same whatever its language or
style ids. A council's template that lacks one gets cspdoc's own definition, copied from
``templates/committee.docx``, so the body always has the styles it refers to.
"""

from __future__ import annotations

import copy
import zipfile
from functools import cache
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from cspdoc.resources import templates_dir

HEADINGS = tuple(f"heading {n}" for n in range(1, 7))
CAPTION = "caption"
FIGURE_LABEL = "Figure Label"
FOOTNOTE_TEXT = "footnote text"
FOOTNOTE_REFERENCE = "footnote reference"
HYPERLINK = "Hyperlink"
VERBATIM = "Verbatim Char"
LIST_BULLET = "List Bullet"
LIST_NUMBER = "List Number"
TABLE = "Committee Table"
TABLE_COMPACT = "Committee Table Compact"
TABLE_TEXT = "Table Text"
TABLE_HEADING = "Table Heading"
TABLE_NUMBER = "Table Number"
TABLE_NUMBER_HEADING = "Table Number Heading"
TABLE_GROUP_HEADING = "Table Group Heading"
TABLE_TOTAL = "Table Total"
COMPACT = " Compact"  # the compact variant of each table paragraph style
SOURCE_NOTE = "Source Note"
FIGURE = "Figure"
FIGURE_PLACEHOLDER = "Figure Placeholder"
PANEL = "Panel Table"
PANEL_HEADING = "Panel Heading"
PANEL_TEXT = "Panel Text"
PANEL_LIST = "Panel List"
BLOCK_END = "Block End"
NOTICE_RULE = "Notice Rule"
TOC_HEADING = "TOC Heading"
TOC_LEVELS = ("toc 1", "toc 2", "toc 3")
TABLE_OF_FIGURES = "table of figures"


@cache
def _house_styles_xml() -> bytes:
    with zipfile.ZipFile(templates_dir() / "committee.docx") as zf:
        return zf.read("word/styles.xml")


def _house_styles() -> Any:
    return parse_xml(_house_styles_xml())


def _name(style: Any) -> str | None:
    name = style.find(qn("w:name"))
    return None if name is None else str(name.get(qn("w:val")))


class StyleMap:
    """Style name → style id in one document's styles part (adding missing styles).

    ``adopted`` names (lower case) the styles copied in from cspdoc's template; they come
    without numbering (it would point into cspdoc's numbering part, not this one's:
    ``numbering.Lists`` links them again)."""

    def __init__(self, styles_element: Any) -> None:
        self._styles = styles_element
        self._ids: dict[str, str] = {}
        self._taken: set[str] = set()
        self.adopted: set[str] = set()
        for style in styles_element.iterchildren(qn("w:style")):
            name = _name(style)
            self._taken.add(style.get(qn("w:styleId")))
            if name is not None:
                self._ids.setdefault(name.lower(), style.get(qn("w:styleId")))
        self._house: Any = None

    def id(self, name: str) -> str:
        """The id of style ``name``, copying cspdoc's definition in when it is missing."""
        found = self._ids.get(name.lower())
        if found is None:
            found = self._copy_from_house(name)
        return found

    def element(self, name: str) -> Any:
        """The ``w:style`` element of style ``name`` (copied in when missing)."""
        return self.element_by_id(self.id(name))

    def element_by_id(self, style_id: str) -> Any:
        for style in self._styles.iterchildren(qn("w:style")):
            if style.get(qn("w:styleId")) == style_id:
                return style
        raise KeyError(style_id)

    def _copy_from_house(self, name: str) -> str:
        if self._house is None:
            self._house = _house_styles()
        for style in self._house.iterchildren(qn("w:style")):
            if (_name(style) or "").lower() == name.lower():
                return self._adopt(style)
        raise KeyError(f"cspdoc's house template has no style {name!r}")

    def _adopt(self, style: Any) -> str:
        new = copy.deepcopy(style)
        style_id = str(new.get(qn("w:styleId")))
        while style_id in self._taken:  # the id names another style here
            style_id += "X"
        new.set(qn("w:styleId"), style_id)
        self._taken.add(style_id)
        self._ids[(_name(new) or style_id).lower()] = style_id
        self.adopted.add((_name(new) or style_id).lower())
        num_pr = new.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_pr.getparent().remove(num_pr)
        for ref_tag in ("w:basedOn", "w:next", "w:link"):
            ref = new.find(qn(ref_tag))
            if ref is not None:
                ref_id = ref.get(qn("w:val"))
                target = self._house_name_of(ref_id)
                if target is None or (ref_tag == "w:link" and target.lower() not in self._ids):
                    new.remove(ref)
                else:
                    ref.set(qn("w:val"), self.id(target))
        self._styles.append(new)
        return style_id

    def _house_name_of(self, style_id: str) -> str | None:
        for style in self._house.iterchildren(qn("w:style")):
            if style.get(qn("w:styleId")) == style_id:
                return _name(style)
        return None


def set_language(styles_element: Any, language: str) -> None:
    """Make ``language`` (en-GB) the document's default proofing language."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f'<w:docDefaults xmlns:w="{_W}"/>')
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f'<w:rPrDefault xmlns:w="{_W}"/>')
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f'<w:rPr xmlns:w="{_W}"/>')
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f'<w:lang xmlns:w="{_W}"/>')
        rpr.append(lang)
    lang.set(qn("w:val"), language)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
