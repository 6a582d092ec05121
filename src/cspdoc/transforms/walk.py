"""Rebuild a report with a function applied to inline nodes, in reading order.

Reading order is the order of the printed paper: lead, then each section's heading,
blocks and subsections; in a table its header, rows, source note, notes, then the caption
(captions stand under tables); in a panel each column's heading and blocks, left to
right. Unchanged subtrees are returned as they are (same objects), so mapping a
100,000-row table that holds no matching node costs one pass and no rebuilding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from cspdoc.model import (
    Block,
    BulletList,
    Cell,
    Chart,
    Column,
    Emph,
    Footnote,
    Image,
    Inline,
    Inlines,
    Link,
    ListItem,
    Panel,
    PanelColumn,
    Paragraph,
    Report,
    Row,
    Section,
    Strong,
    Table,
    TextCell,
)

# An inline function returns the node (changed or not) or several nodes in its place.
InlineFn = Callable[[Inline], Inline | tuple[Inline, ...]]
BlockFn = Callable[[Block], Block]
T = TypeVar("T")


def _keep(block: Block) -> Block:
    return block


def _same(old: tuple[T, ...], new: list[T]) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


def map_inlines(inlines: Inlines, fn: InlineFn) -> Inlines:
    """Apply ``fn`` to each inline (after its children); same tuple when nothing changed."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Strong | Emph | Link):
            children = map_inlines(node.children, fn)
            if children is not node.children:
                node = node.rebuilt(children=children)
        done = fn(node)
        if isinstance(done, tuple):
            out.extend(done)
        else:
            out.append(done)
    return inlines if _same(inlines, out) else tuple(out)


def map_table(table: Table, fn: InlineFn, *, caption_last: bool = True) -> Table:
    columns = [_map_column(c, fn) for c in table.columns]
    rows = [_map_row(r, fn) for r in table.rows]
    source = map_inlines(table.source, fn) if table.source is not None else None
    notes = [map_inlines(note, fn) for note in table.notes]
    caption = map_inlines(table.caption, fn)
    if (_same(table.columns, columns) and _same(table.rows, rows) and source is table.source
            and _same(table.notes, notes) and caption is table.caption):
        return table
    return table.rebuilt(columns=tuple(columns), rows=tuple(rows), source=source,
                         notes=tuple(notes), caption=caption)


def _map_column(col: Column, fn: InlineFn) -> Column:
    label = map_inlines(col.label, fn)
    return col if label is col.label else col.rebuilt(label=label)


def _map_row(row: Row, fn: InlineFn) -> Row:
    cells: list[Cell] = []
    for cell in row.cells:
        if isinstance(cell, TextCell):
            content = map_inlines(cell.content, fn)
            cells.append(cell if content is cell.content else cell.rebuilt(content=content))
        else:
            cells.append(cell)
    return row if _same(row.cells, cells) else row.rebuilt(cells=tuple(cells))


def map_block(block: Block, fn: InlineFn, block_fn: BlockFn = _keep) -> Block:
    return block_fn(_map_block_inlines(block, fn, block_fn))


def _map_block_inlines(block: Block, fn: InlineFn, block_fn: BlockFn) -> Block:
    if isinstance(block, Paragraph):
        content = map_inlines(block.content, fn)
        return block if content is block.content else block.rebuilt(content=content)
    if isinstance(block, BulletList):
        return _map_list(block, fn)
    if isinstance(block, Table):
        return map_table(block, fn)
    if isinstance(block, Image | Chart):
        caption = map_inlines(block.caption, fn)
        return block if caption is block.caption else block.rebuilt(caption=caption)
    if isinstance(block, Panel):
        cols = [_map_panel_column(c, fn, block_fn) for c in block.columns]
        return block if _same(block.columns, cols) else block.rebuilt(columns=tuple(cols))
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover


def _map_panel_column(col: PanelColumn, fn: InlineFn, block_fn: BlockFn) -> PanelColumn:
    heading = map_inlines(col.heading, fn)
    blocks = map_blocks(col.blocks, fn, block_fn)
    if heading is col.heading and blocks is col.blocks:
        return col
    return col.rebuilt(heading=heading, blocks=blocks)


def _map_list(lst: BulletList, fn: InlineFn) -> BulletList:
    items = [_map_item(i, fn) for i in lst.items]
    return lst if _same(lst.items, items) else lst.rebuilt(items=tuple(items))


def _map_item(item: ListItem, fn: InlineFn) -> ListItem:
    content = map_inlines(item.content, fn)
    children = [_map_list(c, fn) for c in item.children]
    if content is item.content and _same(item.children, children):
        return item
    return item.rebuilt(content=content, children=tuple(children))


def map_blocks(blocks: tuple[Block, ...], fn: InlineFn, block_fn: BlockFn = _keep
               ) -> tuple[Block, ...]:
    out = [map_block(b, fn, block_fn) for b in blocks]
    return blocks if _same(blocks, out) else tuple(out)


def _map_section(section: Section, fn: InlineFn, block_fn: BlockFn) -> Section:
    title = map_inlines(section.title, fn)
    blocks = map_blocks(section.blocks, fn, block_fn)
    subs = [_map_section(s, fn, block_fn) for s in section.sections]
    if title is section.title and blocks is section.blocks and _same(section.sections, subs):
        return section
    return section.rebuilt(title=title, blocks=blocks, sections=tuple(subs))


def map_report(report: Report, fn: InlineFn = lambda node: node, *, footnotes: bool = False,
               block_fn: BlockFn = _keep) -> Report:
    """Apply ``fn`` to every inline of the body in reading order (then, if ``footnotes``,
    to the footnotes' own text), and ``block_fn`` to each block after its inlines."""
    lead = map_blocks(report.lead, fn, block_fn)
    sections = [_map_section(s, fn, block_fn) for s in report.sections]
    notes: list[Footnote] = list(report.footnotes)
    if footnotes:
        notes = [_map_footnote(n, fn) for n in report.footnotes]
    if lead is report.lead and _same(report.sections, sections) and _same(
            report.footnotes, notes):
        return report
    return report.rebuilt(lead=lead, sections=tuple(sections), footnotes=tuple(notes))


def _map_footnote(note: Footnote, fn: InlineFn) -> Footnote:
    content = map_inlines(note.content, fn)
    return note if content is note.content else note.rebuilt(content=content)


def visit_inlines(report: Report, fn: Callable[[Inline], None], *,
                  footnotes: bool = False) -> None:
    """Call ``fn`` on every inline in reading order (nothing is rebuilt)."""

    def run(node: Inline) -> Inline:
        fn(node)
        return node

    map_report(report, run, footnotes=footnotes)
