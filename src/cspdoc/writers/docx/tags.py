"""The Jinja tags of a Word template, read paragraph by paragraph, and the ones docxtpl
would mangle without a word, refused before anything is rendered.

docxtpl works on a part's XML as text: a tag left open (``{{ title ``) makes it strip
the markup up to the next closing delimiter, paragraphs included, and a paragraph tag
(``{%p if wards %}``) replaces its whole paragraph, any other text in it lost. So each
tag must open and close in one paragraph; a ``p``, ``tr`` or ``tc`` tag must be alone in
its paragraph, row or cell; a ``{{p }}``, ``{{r }}``, ``{{tr }}`` or ``{{tc }}`` output
tag prints a rich-text object, which a report has none of, except ``{{p body }}``, once,
in a paragraph of its own in the document's body.

In: the parts docxtpl renders (the body, headers, footers, footnotes), as lxml trees.
Out: the tags found, each with its part and paragraph; ``TagError`` for the first
problem, naming the part and quoting the paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

_OPENERS = re.compile(r"\{[{%#]")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
# docxtpl's own prefix syntax: a tag starting "{%p ", "{{tr " ... acts on the enclosing
# paragraph, table row, table cell or run.
_PREFIX = re.compile(r"^\{([{%#])(p|tr|tc|r) ")
_ELEMENT = {"p": "w:p", "tr": "w:tr", "tc": "w:tc", "r": "w:r"}
_WHERE = {"p": "paragraph", "tr": "table row", "tc": "table cell", "r": "run"}
BODY_TAG = re.compile(r"^\{\{p\s+body\s*\}\}$")
_QUOTE = 80  # characters of a paragraph quoted in a message


class TagError(Exception):
    """A tag docxtpl cannot render as written; ``part`` is the part's name."""

    def __init__(self, part: str, message: str) -> None:
        self.part = part
        self.message = message
        super().__init__(f"{part}: {message}")


@dataclass(frozen=True)
class Tag:
    """One tag: its text, the part and the paragraph (a ``w:p``) it is in."""

    text: str
    part: str
    paragraph: Any


def quote(text: str) -> str:
    """A paragraph's text as a message quotes it, cut short."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= _QUOTE else text[:_QUOTE - 1] + '…'}”"


def paragraph_text(p: Any) -> str:
    """The text of ``p`` itself (a text box's paragraphs inside it are their own)."""
    return "".join(t.text or "" for t in p.iter(qn("w:t"))
                   if _owner(t, qn("w:p")) is p)


def _owner(node: Any, tag: str) -> Any:
    """The nearest ancestor of ``node`` with ``tag``, or None."""
    parent = node.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _element_text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def scan(part: str, root: Any) -> list[Tag]:
    """Every tag of a part, in document order; TagError for one left open."""
    found: list[Tag] = []
    for p in root.iter(qn("w:p")):
        text = paragraph_text(p)
        at = 0
        while (opener := _OPENERS.search(text, at)) is not None:
            close = text.find(_CLOSER[opener.group()], opener.end())
            if close < 0:
                raise TagError(part, f"the tag {quote(text[opener.start():])} is not closed "
                                     f"(it needs {_CLOSER[opener.group()]!r}) in the "
                                     f"paragraph {quote(text)}: docxtpl would delete "
                                     "text up to the next closing delimiter")
            found.append(Tag(text[opener.start():close + 2], part, p))
            at = close + 2
    return found


def check(tags: list[Tag]) -> None:
    """Refuse a prefixed tag that would drop text, a rich-text output tag, and a body
    placeholder anywhere but once, alone in a paragraph of the document's body."""
    bodies = [tag for tag in tags if BODY_TAG.match(tag.text)]
    for tag in tags:
        if not BODY_TAG.match(tag.text) and re.search(r"\bbody\b", tag.text[2:-2]):
            raise TagError(tag.part, f"the tag {quote(tag.text)} uses the body: the body "
                                     "goes in once, as {{p body }} in a paragraph of its "
                                     "own, and nothing else can use it")
        prefix = _PREFIX.match(tag.text)
        if prefix is None:
            continue
        kind, scope = prefix.groups()
        if kind == "{" and not BODY_TAG.match(tag.text):
            raise TagError(tag.part, f"the tag {quote(tag.text)} prints rich text, which a "
                                     "report's placeholders are not: write "
                                     f"{{{{ {tag.text[3 + len(scope):-2].strip()} }}}}")
        if scope == "r":
            continue  # docxtpl gives the tag a run of its own: nothing is lost
        holder = tag.paragraph if scope == "p" else _owner(tag.paragraph, qn(_ELEMENT[scope]))
        if holder is None:
            raise TagError(tag.part, f"the tag {quote(tag.text)} acts on its "
                                     f"{_WHERE[scope]}, but it is not in one")
        rest = _element_text(holder).replace(tag.text, "", 1)
        if rest.strip():
            raise TagError(tag.part, f"the tag {quote(tag.text)} replaces its whole "
                                     f"{_WHERE[scope]}, so {quote(rest)} beside it would be "
                                     f"lost: put the tag in a {_WHERE[scope]} of its own")
    if not bodies:
        raise TagError("word/document.xml", "the template has no {{p body }} placeholder "
                                            "for the paper's text")
    if len(bodies) > 1:
        raise TagError(bodies[1].part, "the template has {{p body }} more than once; the "
                                       "paper's text goes in one place")
    body = bodies[0]
    if body.part != "word/document.xml" or body.paragraph.getparent().tag != qn("w:body"):
        raise TagError(body.part, "{{p body }} must be a paragraph of the document itself "
                                  "(not in a header, footer, table or text box)")


def body_paragraph(tags: list[Tag]) -> Any:
    """The paragraph holding ``{{p body }}`` (``check`` has made sure there is one)."""
    return next(tag.paragraph for tag in tags if BODY_TAG.match(tag.text))


def parts(document: Any) -> Iterator[tuple[str, Any]]:
    """The parts docxtpl renders, by name, with their XML trees: the body, then each
    header and footer, then the footnotes."""
    main = document.part
    yield main.partname.lstrip("/"), main.element
    for rel in main.rels.values():
        if rel.is_external:
            continue
        target = rel.target_part
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("header", "footer", "footnotes"):
            yield target.partname.lstrip("/"), _tree(target)


def _tree(part: Any) -> Any:
    """A part's XML tree (python-docx loads headers and footers as XML parts; a
    footnotes part it does not know is a plain part holding bytes)."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    return parse_xml(part.blob)
