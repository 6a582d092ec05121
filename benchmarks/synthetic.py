"""A report N times as long as Winchester: its sections, figures and notes repeated,
with ids made unique, renumbered (figures 1..10N, notes 1..21N, sections 1..6N)."""

from __future__ import annotations

from pathlib import Path

from cspdoc.model import (
    Block,
    CrossRef,
    FootnoteRef,
    Image,
    Inline,
    Report,
    Section,
    Table,
)
from cspdoc.pipeline import prepare
from cspdoc.transforms.number import number
from cspdoc.transforms.walk import map_report

WINCHESTER = Path(__file__).resolve().parents[1] / "fixtures" / "winchester-2024-25"


def _copy(report: Report, k: int) -> Report:
    """The prepared report with every id suffixed ``-k`` (figures keep their printed
    figures: Bound texts were set by present, and are not evaluated again)."""

    def inline(node: Inline) -> Inline:
        if isinstance(node, FootnoteRef | CrossRef):
            return node.rebuilt(id=f"{node.id}-{k}")
        return node

    def block(node: Block) -> Block:
        if isinstance(node, Table | Image):
            return node.rebuilt(id=f"{node.id}-{k}")
        return node

    def section(node: Section) -> Section:
        return node.rebuilt(id=f"{node.id}-{k}",
                            sections=tuple(section(s) for s in node.sections))

    renamed = map_report(report, inline, footnotes=True, block_fn=block)
    notes = tuple(n.rebuilt(id=f"{n.id}-{k}") for n in renamed.footnotes)
    return renamed.rebuilt(sections=tuple(section(s) for s in renamed.sections),
                           footnotes=notes)


def synthetic(times: int = 10, source: Path = WINCHESTER) -> Report:
    """Winchester's content ``times`` over, as one prepared report."""
    base = prepare(source).report
    copies = [_copy(base, k) for k in range(1, times + 1)]
    joined = base.rebuilt(
        lead=copies[0].lead,
        sections=tuple(s for c in copies for s in c.sections),
        footnotes=tuple(n for c in copies for n in c.footnotes))
    return number(joined)
