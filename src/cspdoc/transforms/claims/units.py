"""Prose units: every paragraph, list item, table comment cell and footnote of a report,
in reading order, as plain text with its numbers, sentences and place in the paper.

In: a computed Report. Out: ``Unit``s. The claim finder reads these and never the files:
a unit's text is what the reader sees (footnote markers dropped, a cross-reference as
"Figure 7"), and each piece of it remembers the inline node it came from, so a number an
author annotated (``[92%]{= ...}``) is told apart from one typed plainly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from cspdoc.model import (
    Bound,
    BulletList,
    Chart,
    Checked,
    Code,
    ColumnKind,
    CrossRef,
    Emph,
    Image,
    Inline,
    Inlines,
    LineBreak,
    Link,
    ListItem,
    Literal_,
    Panel,
    PanelColumn,
    Paragraph,
    Report,
    Row,
    Section,
    Strong,
    Table,
    Text,
    TextCell,
    plain_text,
)
from cspdoc.transforms.claims.tokens import Token, tokenize, with_source
from cspdoc.where import Where


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a unit's text and the node it came from: ``kind`` is "text" (plain
    prose), "checked" or "bound" (an annotated figure) or "other" (literal text, code, a
    cross-reference, a bare URL: never figures)."""

    start: int
    end: int
    kind: str
    node: Inline | None = None


@dataclass
class Unit:
    """One paragraph, list item, comment cell or footnote, ready to be read for claims."""

    index: int
    text: str
    pieces: tuple[Piece, ...]
    where: Where
    kind: str
    heading: str | None = None
    table: Table | None = None
    row: Row | None = None
    figures_here: tuple[str, ...] = ()
    figures_referenced: tuple[str, ...] = ()
    following_list: int | None = None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    node: object = None

    def piece_of(self, node: object) -> Piece | None:
        """The piece an inline node printed as (an annotated figure's place)."""
        return next((p for p in self.pieces if p.node is node), None)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= pos < end:
                return start, end
        return (0, len(self.text))

    def quote(self, pos: int) -> str:
        start, end = self.sentence_of(pos)
        return self.text[start:end].strip()


def section_label(section: Section) -> str:
    """"2.1 HM Prison and Probation Service": the number and title as printed."""
    title = plain_text(section.title)
    if section.number:
        return f"{'.'.join(str(n) for n in section.number)} {title}"
    return title


def units(report: Report) -> list[Unit]:
    """Every prose unit of the report in reading order (body, then footnotes)."""
    out: list[Unit] = []
    for blocks, path in _block_lists(report):
        section = path[-1] if path else None
        label = section_label(section) if section is not None else None
        here = tuple(b.id for b in (section.blocks if section is not None else report.lead)
                     if isinstance(b, Table | Image | Chart))
        for unit in _blocks(blocks, label, here, None):
            unit.index = len(out)
            out.append(unit)
    for note in report.footnotes:
        if note.number is None:
            continue
        unit = _unit(note.content, note.where.but(section=f"footnote {note.number}"),
                     "footnote")
        unit.node = note
        unit.index = len(out)
        out.append(unit)
    return out


def _block_lists(report: Report) -> Iterator[tuple[tuple[object, ...], tuple[Section, ...]]]:
    yield report.lead, ()

    def visit(section: Section, path: tuple[Section, ...]) -> Iterator[
            tuple[tuple[object, ...], tuple[Section, ...]]]:
        inner = (*path, section)
        yield section.blocks, inner
        for sub in section.sections:
            yield from visit(sub, inner)

    for section in report.sections:
        yield from visit(section, ())


def _blocks(blocks: tuple[object, ...], section: str | None, here: tuple[str, ...],
            heading: str | None) -> Iterator[Unit]:
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            unit = _unit(block.content, block.where.but(section=section), "paragraph",
                         heading, here)
            unit.node = block
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(nxt, BulletList) and unit.text.rstrip().endswith(":"):
                unit.following_list = len(nxt.items)
            yield unit
        elif isinstance(block, BulletList):
            yield from _items(block, section, here, heading)
        elif isinstance(block, Table):
            yield from _cells(block, section, here)
        elif isinstance(block, Panel):
            for column in block.columns:
                yield from _panel_column(column, section, here)


def _panel_column(column: PanelColumn, section: str | None, here: tuple[str, ...]
                  ) -> Iterator[Unit]:
    yield from _blocks(column.blocks, section, here, plain_text(column.heading))


def _items(lst: BulletList, section: str | None, here: tuple[str, ...],
           heading: str | None) -> Iterator[Unit]:
    for item in lst.items:
        yield _item(item, section, here, heading)
        for child in item.children:
            yield from _items(child, section, here, heading)


def _item(item: ListItem, section: str | None, here: tuple[str, ...],
          heading: str | None) -> Unit:
    unit = _unit(item.content, item.where.but(section=section), "item", heading, here)
    unit.node = item
    return unit


def _cells(table: Table, section: str | None, here: tuple[str, ...]) -> Iterator[Unit]:
    for row in table.rows:
        for col, cell in zip(table.columns, row.cells, strict=True):
            if col.kind != ColumnKind.TEXT or not isinstance(cell, TextCell):
                continue
            where = Where(file=cell.where.file or table.file, line=row.line,
                          figure=table.number, table=table.id, row=table.row_label(row),
                          column=col.label_text or col.key, section=section)
            unit = _unit(cell.content, where, "cell", None, here)
            unit.table, unit.row, unit.node = table, row, cell
            yield unit


def _unit(inlines: Inlines, where: Where, kind: str, heading: str | None = None,
          here: tuple[str, ...] = ()) -> Unit:
    parts: list[str] = []
    pieces: list[Piece] = []
    refs: list[str] = []
    _flatten(inlines, parts, pieces, refs)
    text = "".join(parts)
    unit = Unit(index=0, text=text, pieces=tuple(pieces), where=where, kind=kind,
                heading=heading, figures_here=here, figures_referenced=tuple(refs))
    unit.tokens = _tokens(text, unit.pieces)
    unit.sentences = split_sentences(text)
    return unit


def _flatten(inlines: Inlines, parts: list[str], pieces: list[Piece], refs: list[str]
             ) -> None:
    def add(text: str, kind: str, node: Inline | None) -> None:
        start = sum(len(p) for p in parts)
        parts.append(text)
        if text:
            pieces.append(Piece(start, start + len(text), kind, node))

    for node in inlines:
        if isinstance(node, Text):
            add(node.text, "text", node)
        elif isinstance(node, Checked):
            add(node.text, "checked", node)
        elif isinstance(node, Bound):
            add(node.text or "", "bound", node)
        elif isinstance(node, Literal_ | Code):
            add(node.text, "other", node)
        elif isinstance(node, CrossRef):
            refs.append(node.id)
            number = str(node.number) if node.number is not None else "?"
            add(f"Figure {number}" if node.prefix else number, "other", node)
        elif isinstance(node, Link):
            if plain_text(node.children) == node.url:
                add(node.url, "other", node)
            else:
                _flatten(node.children, parts, pieces, refs)
        elif isinstance(node, Strong | Emph):
            _flatten(node.children, parts, pieces, refs)
        elif isinstance(node, LineBreak):
            add(" ", "other", node)


def _tokens(text: str, pieces: tuple[Piece, ...]) -> list[Token]:
    """The unit's numbers: plain ones from text pieces, annotated ones from checked and
    bound pieces; none from literal text, code or cross-references."""
    out = []
    for token in tokenize(text):
        piece = next((p for p in pieces if p.start <= token.start < p.end), None)
        if piece is None or piece.kind == "other":
            continue
        if piece.kind in ("checked", "bound"):
            out.append(with_source(token, piece.kind))
        elif all(p.kind == "text" for p in pieces if p.start < token.end and
                 token.start < p.end):
            out.append(token)
    return out


_ABBREVIATIONS = frozenset({
    "i.e", "e.g", "etc", "vs", "no", "nos", "approx", "c", "st", "dr", "mr", "mrs", "ms",
    "cllr", "inc", "incl", "cf", "fig", "figs", "para", "paras", "ref", "refs", "dept",
    "est", "ltd", "co", "sq", "min", "max", "av", "avg", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "govt", "corp", "mt", "ave", "rd",
})
_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(]?[A-Z0-9£])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a full stop, question or exclamation mark followed by a capital or a
    digit ends a sentence, unless it closes an abbreviation ("i.e.", "St.") or an
    initial; decimals ("7.8%") and addresses ("www.gov.uk") never split."""
    spans = []
    start = 0
    for m in _END.finditer(text):
        word = re.search(r"([\w.]+)$", text[start:m.start()])
        last = word.group(1).lower().rstrip(".") if word else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


__all__ = ["Piece", "Unit", "section_label", "split_sentences", "units"]
