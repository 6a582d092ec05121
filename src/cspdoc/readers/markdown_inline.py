"""Inline Markdown to model inlines, through Python-Markdown's inline patterns.

Only the inline machinery runs (block structure is split by ``narrative.py``, which
keeps line numbers). Raw HTML is not a pattern here, so ``<script>`` stays text.
cspdoc's own inline syntax:

* ``[^id]`` footnote reference;  ``[@fig:id]`` "Figure 7";  ``[-@fig:id]`` "7";
* ``{= expr}`` a figure printed from the data (``{= expr | 1dp}`` fixes the decimals);
* ``[92%]{= expr}`` a figure stated as typed and checked against ``expr``;
* ``[101]{.literal}`` text whose digits are not figures (a phone number, a name).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import InlineProcessor

from cspdoc import expr
from cspdoc.errors import ExpressionError, InputError
from cspdoc.limits import MAX_INLINE_DEPTH, too_many_digits
from cspdoc.model import (
    Bound,
    Checked,
    Code,
    CrossRef,
    Emph,
    FootnoteRef,
    Inline,
    Inlines,
    LineBreak,
    Link,
    Literal_,
    Strong,
    Text,
)
from cspdoc.readers.textfile import check_characters
from cspdoc.where import Where

_TAG = "cspdoc"
_FOOTNOTE = r"\[\^([A-Za-z0-9_-]+)\]"
_XREF = r"\[(-?)@fig:([a-z0-9][a-z0-9_-]*)\]"
_CHECKED = r"\[([^\[\]]+)\]\{=\s*([^{}|]+?)\s*\}"
_BOUND = r"\{=\s*([^{}|]+?)\s*(?:\|\s*(\d)\s*dp\s*)?\}"
_LITERAL = r"\[([^\[\]]+)\]\{\.literal\}"
# What an author meant as a footnote reference but _FOOTNOTE does not read ("[^a.b]").
_NOT_A_NOTE = re.compile(r"\[\^[^\]\n]*\]")
_NOT_AN_EXPR = re.compile(r"\{=[^{}\n]*\}?")
_SAFE_URL = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)


class _Special(InlineProcessor):  # type: ignore[misc]
    """Turns one cspdoc construct into a placeholder element carrying its groups."""

    def __init__(self, pattern: str, kind: str, md: markdown.Markdown) -> None:
        super().__init__(pattern, md)
        self.kind = kind

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        el = etree.Element(_TAG)
        el.set("kind", self.kind)
        el.set("source", m.group(0))
        for i, group in enumerate(m.groups(), start=1):
            el.set(f"g{i}", group or "")
        return el, m.start(0), m.end(0)


def _new_markdown() -> markdown.Markdown:
    md = markdown.Markdown()
    for name in ("html", "entity", "automail", "image_link", "image_reference",
                 "short_image_ref", "reference", "short_reference"):
        md.inlinePatterns.deregister(name)
    # After escapes (180), before links (160): a checked "[92%]{= ...}" is not a link.
    md.inlinePatterns.register(_Special(_LITERAL, "literal", md), "cspdoc-literal", 177)
    md.inlinePatterns.register(_Special(_CHECKED, "checked", md), "cspdoc-checked", 176)
    md.inlinePatterns.register(_Special(_FOOTNOTE, "footnote", md), "cspdoc-footnote", 175)
    md.inlinePatterns.register(_Special(_XREF, "xref", md), "cspdoc-xref", 174)
    md.inlinePatterns.register(_Special(_BOUND, "bound", md), "cspdoc-bound", 173)
    return md


_MD = _new_markdown()


class _Locator:
    """Finds the line of a construct inside a multi-line block (best effort)."""

    def __init__(self, raw: str, where: Where) -> None:
        self.raw = raw
        self.where = where
        self.cursor = 0

    def at(self, source: str) -> Where:
        if self.where.line is None:
            return self.where
        idx = self.raw.find(source, self.cursor)
        if idx < 0:
            idx = self.raw.find(source)
        if idx < 0:
            return self.where
        self.cursor = idx + len(source)
        return self.where.but(line=self.where.line + self.raw.count("\n", 0, idx))


def parse_inlines(text: str, where: Where) -> Inlines:
    """Parse inline Markdown typed at ``where`` (a file and the block's first line).

    Every text of the paper passes here (narrative, captions, labels, table cells from
    any source), so this is where a character no document can carry is refused."""
    check_characters(text, where)
    _MD.reset()
    root = etree.Element("div")
    para = etree.SubElement(root, "p")
    para.text = text.strip()
    _MD.treeprocessors["inline"].run(root)
    _MD.treeprocessors["unescape"].run(root)
    if _depth(para) > MAX_INLINE_DEPTH:
        raise InputError(f"bold, italics and links nest more than {MAX_INLINE_DEPTH} deep "
                         "here; check the * and _ marks", where)
    locator = _Locator(text.strip(), where)
    inlines = tuple(_merge(_convert_children(para, locator)))
    stack = list(inlines)
    while stack:
        node = stack.pop()
        if isinstance(node, Strong | Emph | Link):
            stack.extend(node.children)
        elif isinstance(node, Text):
            _refuse_lookalikes(node.text, locator)
    return inlines


def _refuse_lookalikes(text: str, locator: _Locator) -> None:
    """Text an author meant as cspdoc syntax but that did not parse would be printed as
    typed ("[^police data]", "{= x" without its "}"): say so where it was typed."""
    if (m := _NOT_A_NOTE.search(text)) is not None:
        raise InputError(f"{m[0]} is not a footnote reference: a footnote id holds "
                         "only letters, digits, _ and -", locator.at(m[0]))
    if (m := _NOT_AN_EXPR.search(text)) is not None:
        raise InputError(f"{m[0][:40]!r} is not a figure cspdoc can read: write {{= name}} "
                         "or {= name | 1dp}, closed with }", locator.at(m[0]))


def _depth(el: etree.Element) -> int:
    """How deep elements nest under ``el`` (without recursion: the input may be deep)."""
    deepest, stack = 0, [(el, 0)]
    while stack:
        here, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in here)
    return deepest


def _convert_children(el: etree.Element, loc: _Locator) -> list[Inline]:
    out: list[Inline] = []
    if el.text:
        out.append(_text(el.text))
    for child in el:
        out.extend(_convert(child, loc))
        if child.tail:
            out.append(_text(child.tail))
    return out


def _text(text: str) -> Text:
    """Soft line breaks inside a paragraph are spaces."""
    return Text(text=re.sub(r"[ \t]*\n[ \t]*", " ", text))


def _convert(el: etree.Element, loc: _Locator) -> list[Inline]:
    tag = el.tag
    if tag == "strong":
        return [Strong(children=tuple(_merge(_convert_children(el, loc))))]
    if tag == "em":
        return [Emph(children=tuple(_merge(_convert_children(el, loc))))]
    if tag == "code":
        return [Code(text="".join(el.itertext()))]
    if tag == "br":
        return [LineBreak()]
    if tag == "a":
        url = el.get("href", "")
        if not _SAFE_URL.match(url):
            raise InputError(f"link {url!r} must be an absolute http(s) or mailto address",
                             loc.at(url))
        return [Link(url=url, children=tuple(_merge(_convert_children(el, loc))))]
    if tag == _TAG:
        return [_special(el, loc)]
    # Any other element would be a Markdown feature cspdoc does not print: keep its text.
    return [Text(text="".join(el.itertext()))]


def _special(el: etree.Element, loc: _Locator) -> Inline:
    kind = el.get("kind")
    where = loc.at(el.get("source", ""))
    g1, g2 = el.get("g1", ""), el.get("g2", "")
    if kind == "footnote":
        return FootnoteRef(id=g1, where=where)
    if kind == "xref":
        return CrossRef(id=g2, prefix=g1 != "-", where=where)
    if kind == "literal":
        return Literal_(text=g1)
    if kind == "checked":
        if (problem := too_many_digits(g1)) is not None:
            raise InputError(f"[{g1[:30]}]: {problem}", where)
        _parse_expr(g2, where)
        return Checked(text=g1, expr=g2, where=where)
    tree = expr.parse(g1, where)
    for func in expr.calls(tree):
        if func in expr.CHECK_ONLY:
            raise ExpressionError(f"{func}() can only check a stated figure, as in "
                                  f"[41.2%]{{= {func}(...)}}; it cannot print one", where)
    return Bound(expr=g1, places=int(g2) if g2 else None, where=where)


def _parse_expr(source: str, where: Where) -> None:
    expr.parse(source, where)


def _merge(nodes: list[Inline]) -> list[Inline]:
    """Join adjacent Text nodes (the tree splits text around placeholders)."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(text=out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return out


