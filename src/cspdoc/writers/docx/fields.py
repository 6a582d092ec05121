"""Fields and bookmarks: SEQ captions, REF and NOTEREF cross-references, PAGEREF, TOC.

Every field is written with its cached result, so the document reads right before anyone
updates fields, and Word's update recomputes the same text.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from docx.oxml.ns import qn

from cspdoc.writers.docx.oxml import el, text_run

_BOOKMARK_CHARS = re.compile(r"[^A-Za-z0-9_]")
BOOKMARK_MAX = 40  # Word drops longer names


def bookmark_name(prefix: str, key: str) -> str:
    """A hidden bookmark name (Word hides names starting with "_") for ``key``."""
    name = f"_{prefix}_{_BOOKMARK_CHARS.sub('_', key)}"
    if len(name) > BOOKMARK_MAX:
        name = name[:BOOKMARK_MAX - 9] + "_" + _short_hash(key)
    return name


def _short_hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


class Bookmarks:
    """Hands out bookmark ids, unique in the document (after the template's own)."""

    def __init__(self, first_id: int) -> None:
        self._next = first_id

    def wrap(self, name: str, content: Iterable[Any]) -> list[Any]:
        """``content`` (runs) between a bookmark start and end named ``name``."""
        ident = self._next
        self._next += 1
        return [el("w:bookmarkStart", id=ident, name=name), *content,
                el("w:bookmarkEnd", id=ident)]


def field(instruction: str, result: Iterable[Any], rpr: Any = None, *,
          dirty: bool = False) -> list[Any]:
    """A complex field: begin, instruction, separate, the cached ``result`` runs, end;
    ``dirty`` asks Word to update it when the document opens."""

    def props() -> Any:
        return _copy(rpr)

    begin = el("w:fldChar", fldCharType="begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [el("w:r", props(), begin), el("w:r", props(), instr),
            el("w:r", props(), el("w:fldChar", fldCharType="separate")),
            *result,
            el("w:r", props(), el("w:fldChar", fldCharType="end"))]


def seq(identifier: str, number: int, rpr: Any = None) -> list[Any]:
    """``SEQ Figure \\* ARABIC`` showing ``number``."""
    return field(f"SEQ {identifier} \\* ARABIC", [text_run(str(number), _copy(rpr))], rpr)


def ref(bookmark: str, cached: str, rpr: Any = None) -> list[Any]:
    """``REF bookmark \\h``: the bookmarked text, as a link to it."""
    return field(f"REF {bookmark} \\h", [text_run(cached, _copy(rpr))], rpr)


def noteref(bookmark: str, cached: str, rpr: Any = None) -> list[Any]:
    """``NOTEREF bookmark \\f \\h``: a footnote's number, formatted as a reference mark."""
    return field(f"NOTEREF {bookmark} \\f \\h", [text_run(cached, _copy(rpr))], rpr)


def pageref(bookmark: str, cached: str, *, dirty: bool = False) -> list[Any]:
    """``PAGEREF bookmark \\h``: the page a bookmark is on (``cached``, when known)."""
    return field(f"PAGEREF {bookmark} \\h", [text_run(cached)] if cached else [],
                 dirty=dirty)


def _copy(rpr: Any) -> Any:
    return copy.deepcopy(rpr) if rpr is not None else None
