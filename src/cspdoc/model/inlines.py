"""Inline content: text, emphasis, links, footnote references, cross-references, figures.

Readers parse Markdown into these nodes once; writers walk them and never parse again.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from cspdoc.model.base import DocumentText, Node
from cspdoc.where import NOWHERE, Where


class Text(Node):
    """Plain text, printed as is (writers escape it)."""

    type: Literal["text"] = "text"
    text: Annotated[str, DocumentText]


class Literal_(Node):
    """Text whose digits are not figures ("101", "16 Days of Activism"): never verified."""

    type: Literal["literal"] = "literal"
    text: Annotated[str, DocumentText]


class Strong(Node):
    """Bold text."""

    type: Literal["strong"] = "strong"
    children: tuple[Inline, ...]


class Emph(Node):
    """Italic text."""

    type: Literal["emph"] = "emph"
    children: tuple[Inline, ...]


class Code(Node):
    """Inline code, rarely used in a committee paper but valid Markdown."""

    type: Literal["code"] = "code"
    text: Annotated[str, DocumentText]


class Link(Node):
    """A hyperlink; ``url`` is absolute (http, https or mailto)."""

    type: Literal["link"] = "link"
    url: str
    children: tuple[Inline, ...]


class LineBreak(Node):
    """A hard line break inside a paragraph."""

    type: Literal["break"] = "break"


class FootnoteRef(Node):
    """A reference to footnote ``id``; ``number`` is set by the numbering transform, and
    ``repeat`` marks every reference after the first (the note is printed at the first)."""

    type: Literal["footnote-ref"] = "footnote-ref"
    id: str
    number: int | None = None
    repeat: bool = False
    where: Where = NOWHERE


class CrossRef(Node):
    """``[@fig:id]`` prints "Figure 7" ("Table 7" when tables are numbered separately:
    ``label``); ``[-@fig:id]`` prints just "7" (no prefix)."""

    type: Literal["cross-ref"] = "cross-ref"
    id: str
    prefix: bool = True
    number: int | None = None
    label: Literal["Figure", "Table"] = "Figure"
    where: Where = NOWHERE


class Bound(Node):
    """``{= expr}``: a figure printed from the data, so it cannot disagree with it.

    ``places`` fixes the decimals (None: the unit's default); ``text`` is the printed
    figure, set by the present transform.
    """

    type: Literal["bound"] = "bound"
    expr: str
    places: int | None = None
    text: str | None = None
    where: Where = NOWHERE


class Checked(Node):
    """``[92%]{= pct(a, b)}``: a figure stated as typed, checked against an expression."""

    type: Literal["checked"] = "checked"
    text: str
    expr: str
    where: Where = NOWHERE


class Mark(Node):
    """A figure of the text as the verifier saw it, for the reviewer's copy only: its
    ``status`` (bound, checked, auto, wrong, doubtful, ambiguous, unverified), what it was
    checked against (``note``) and the finding about it, if any (``finding``: code and
    message). The paper's own writers never receive one."""

    type: Literal["mark"] = "mark"
    text: str
    status: str
    note: str | None = None
    code: str | None = None
    finding: str | None = None


Inline = Annotated[
    Text | Literal_ | Strong | Emph | Code | Link | LineBreak | FootnoteRef | CrossRef | Bound
    | Checked | Mark,
    Field(discriminator="type"),
]
Inlines = tuple[Inline, ...]

for _cls in (Strong, Emph, Link):
    _cls.model_rebuild()


def plain_text(inlines: Inlines) -> str:
    """The text a reader sees, without footnote markers (for messages, ids, bookmarks)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Literal_ | Code | Checked | Mark):
            out.append(node.text)
        elif isinstance(node, Strong | Emph | Link):
            out.append(plain_text(node.children))
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, Bound):
            out.append(node.text or f"{{= {node.expr}}}")
        elif isinstance(node, CrossRef):
            number = str(node.number) if node.number is not None else "?"
            out.append(f"{node.label} {number}" if node.prefix else number)
    return "".join(out)
