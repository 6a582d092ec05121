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

from cspdoc.model import Report
from cspdoc.transforms.compute import compute
from cspdoc.transforms.number import number
from cspdoc.transforms.present import present

STAGES: tuple[tuple[str, Callable[[Report], Report]], ...] = (
    ("number figures, footnotes and sections", number),
    ("compute derived figures", compute),
    ("format figures for display", present),
)


def prepare(report: Report) -> Report:
    """Run every stage in order (reference checks run first, in the pipeline)."""
    for _, stage in STAGES:
        report = stage(report)
    return report


__all__ = ["STAGES", "prepare"]
