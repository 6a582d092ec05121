"""Transforms: Report → Report, pure, applied in the order of ``STAGES``.

1. ``references.check_references``  every footnote and figure reference resolves
2. ``number.number``                figures, footnotes, sections, cross-references
3. ``compute.compute``              derived cells and narrative expressions, exactly
4. ``present.present``              the display text of every figure (numbers.py)

Verification (``verify``) reads the computed report and returns findings; it never
changes the report.
"""

from __future__ import annotations

from collections.abc import Callable

from cspdoc.model import Bound, Derived, Inline, Input, Report, Table
from cspdoc.transforms.compute import compute
from cspdoc.transforms.number import number
from cspdoc.transforms.present import present
from cspdoc.transforms.walk import visit_inlines

STAGES: tuple[tuple[str, Callable[[Report], Report]], ...] = (
    ("number figures, footnotes and sections", number),
    ("compute derived figures", compute),
    ("format figures for display", present),
)


def is_prepared(report: Report) -> bool:
    """Has ``report`` been through every stage? Numbering gives every figure its number
    and presenting gives every computed cell and bound figure its text, so a report a
    writer must not print has a figure without a number or a figure without its text."""
    if any(fig.number is None for fig in report.figures()):
        return False
    for fig in report.figures():
        if isinstance(fig, Table) and any(isinstance(cell, Input | Derived) and
                                          cell.display is None
                                          for row in fig.rows for cell in row.cells):
            return False
    unprinted: list[Bound] = []

    def find(node: Inline) -> None:
        if isinstance(node, Bound) and node.text is None:
            unprinted.append(node)

    visit_inlines(report, find, footnotes=True)
    return not unprinted


def prepare(report: Report) -> Report:
    """Run every stage in order (reference checks run first, in the pipeline)."""
    for _, stage in STAGES:
        report = stage(report)
    return report


__all__ = ["STAGES", "is_prepared", "prepare"]
