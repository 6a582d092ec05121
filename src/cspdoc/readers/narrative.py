"""Narrative Markdown files: paragraphs, bullet and numbered lists, footnote definitions.

Block structure is split here, line by line, so every paragraph, list item and footnote
keeps the line it starts on; inline content goes through ``markdown_inline``. Headings
belong in report.yaml's outline, so a ``#`` line is an error that says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from cspdoc.errors import InputError, ModelError, Problems
from cspdoc.limits import MAX_LIST_DEPTH, MAX_TEXT_BYTES
from cspdoc.model import Block, BulletList, Footnote, ListItem, Paragraph
from cspdoc.readers.markdown_inline import parse_inlines
from cspdoc.readers.textfile import read_text
from cspdoc.where import Where

_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+•]|\d{1,3}[.)])[ \t]+(?P<text>.*)$")
_FOOTDEF = re.compile(r"^\[\^(?P<id>[^\]\s]+)\]:[ \t]*(?P<text>.*)$")
_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_NOTE_ID = re.compile(r"^[A-Za-z0-9_-]+$")  # as the model's Footnote.id
_Built = TypeVar("_Built")


@dataclass
class _Item:
    indent: int
    ordered: bool
    line: int
    lines: list[str]
    children: list[_Item] = field(default_factory=list)


@dataclass
class Narrative:
    """What one Markdown file holds: its blocks and the footnotes it defines."""

    blocks: list[Block]
    footnotes: list[Footnote]


def read_narrative_file(path: Path, display: str, problems: Problems) -> Narrative:
    """Read a Markdown file; problems are recorded with their file and line."""
    try:
        text = read_text(path, display, MAX_TEXT_BYTES, "a Markdown file")
    except InputError as exc:
        problems.extend(exc)
        return Narrative([], [])
    return read_narrative(text, display, problems)


def read_narrative(text: str, display: str, problems: Problems, first_line: int = 1
                   ) -> Narrative:
    """Split ``text`` (typed from ``first_line`` of ``display``) into blocks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    notes: list[Footnote] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        lineno = first_line + i
        where = Where(file=display, line=lineno)
        if not line.strip():
            i += 1
            continue
        if _HEADING.match(line):
            problems.add("headings belong in report.yaml's outline (a section's 'title'), "
                         "not in a Markdown file", where)
            i += 1
            continue
        if (m := _FOOTDEF.match(line)) is not None:
            body = [m["text"]]
            i += 1
            while i < len(lines) and lines[i].strip() and not _FOOTDEF.match(lines[i]):
                body.append(lines[i].strip())
                i += 1
            if not _NOTE_ID.match(m["id"]):
                problems.add(f"footnote id {m['id']!r} may hold only letters, digits, _ "
                             f"and - (write [^{_suggest_id(m['id'])}] here and where it "
                             "is referenced)", where.but(field=f"[^{m['id']}]"))
                continue
            note = _add(problems, where, _footnote, m["id"], body, where)
            if note is not None:
                notes.append(note)
            continue
        if _ITEM.match(line):
            i, items, too_deep = _read_list(lines, i)
            if too_deep is not None:
                problems.add(f"lists nest more than {MAX_LIST_DEPTH} levels deep here (the "
                             "most the Word document lays out)", Where(file=display,
                                                         line=first_line + too_deep))
                continue
            bullets = _add(problems, where, _to_list, items, display, first_line)
            if bullets is not None:
                blocks.append(bullets)
            continue
        start = i
        para = []
        while (i < len(lines) and lines[i].strip() and not _FOOTDEF.match(lines[i])
               and not (_ITEM.match(lines[i]) and i > start) and not _HEADING.match(lines[i])):
            para.append(lines[i])
            i += 1
        paragraph = _add(problems, where, _paragraph, para, where)
        if paragraph is not None:
            blocks.append(paragraph)
    return Narrative(blocks, notes)


def _footnote(note_id: str, lines: list[str], where: Where) -> Footnote:
    return Footnote(id=note_id, content=parse_inlines("\n".join(lines), where), where=where)


def _paragraph(lines: list[str], where: Where) -> Paragraph:
    return Paragraph(content=parse_inlines("\n".join(lines), where), where=where)


def _add(problems: Problems, where: Where, build: Callable[..., _Built], *args: Any
         ) -> _Built | None:
    """``build(*args)``, or None after recording its input errors (a model error at
    ``where``)."""
    try:
        return build(*args)
    except InputError as exc:
        problems.extend(exc)
    except ModelError as exc:
        for problem in exc.problems:
            problems.add(problem.message, where.but(field=problem.field or None))
    return None


def _suggest_id(note_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", note_id).strip("-") or "note"


def _read_list(lines: list[str], i: int) -> tuple[int, list[_Item], int | None]:
    """Read list items from line ``i``; nesting follows indentation. Returns the next
    line, the items, and the first line nested deeper than ``MAX_LIST_DEPTH`` (or None)."""
    roots: list[_Item] = []
    stack: list[_Item] = []
    too_deep: int | None = None
    while i < len(lines):
        line = lines[i]
        m = _ITEM.match(line)
        if m is not None:
            indent = len(m["indent"])
            item = _Item(indent, m["marker"][0].isdigit(), i, [m["text"]])
            while stack and stack[-1].indent >= indent:
                stack.pop()
            if stack and indent >= stack[-1].indent + 2:
                if len(stack) >= MAX_LIST_DEPTH and too_deep is None:
                    too_deep = i
                stack[-1].children.append(item)
            else:
                roots.append(item)
                stack = []
            stack.append(item)
            i += 1
            continue
        if not line.strip():
            # A blank line ends the list unless an item or indented text follows.
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and (_ITEM.match(lines[j]) or lines[j].startswith("  ")):
                i = j
                continue
            break
        if _FOOTDEF.match(line) or _HEADING.match(line) or not stack:
            break
        stack[-1].lines.append(line.strip())  # continuation (indented or lazy)
        i += 1
    return i, roots, too_deep


def _to_list(items: list[_Item], display: str, first_line: int) -> BulletList:
    groups: list[BulletList] = []
    out: list[ListItem] = []
    for item in items:
        where = Where(file=display, line=first_line + item.line)
        children: tuple[BulletList, ...] = ()
        if item.children:
            children = (_to_list(item.children, display, first_line),)
        out.append(ListItem(content=parse_inlines("\n".join(item.lines), where),
                            children=children, where=where))
    groups.append(BulletList(items=tuple(out), ordered=items[0].ordered,
                             where=Where(file=display, line=first_line + items[0].line)))
    return groups[0]
