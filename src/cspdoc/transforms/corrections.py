"""The corrections notice of a corrected version: what changed since the version it
replaces, each with the reason the correction history gives.

In: the prepared new report, the prepared report it replaces. Out: the new report with
``notice`` set. A version that replaces another must say why in ``meta.corrections``.
"""

from __future__ import annotations

from cspdoc.diff import Change, diff
from cspdoc.errors import InputError
from cspdoc.model import ChangeReason, Correction, CorrectionsNotice, NoticeItem, Report
from cspdoc.numbers import format_date
from cspdoc.where import Where


def _reason(change: Change, correction: Correction) -> str:
    """The most specific reason given for ``change``: cell, row, figure, then section."""
    best: tuple[int, str] | None = None
    for item in correction.changes:
        score = _score(item, change)
        if score and (best is None or score > best[0]):
            best = (score, item.reason)
    return best[1] if best else correction.reason


def _score(item: ChangeReason, change: Change) -> int:
    if item.figure is not None:
        if item.figure != change.figure_id:
            return 0
        if item.row is not None and item.row != change.row_id:
            return 0
        if item.column is not None and item.column != change.column_key:
            return 0
        return 1 + (item.row is not None) + (item.column is not None)
    return 1 if item.section == change.section_id else 0


def attach_notice(report: Report, previous: Report) -> Report:
    """``report`` with its corrections notice against ``previous``."""
    meta = report.meta
    entry = next((c for c in meta.corrections if c.version == meta.version), None)
    if entry is None:
        raise InputError(
            f"version {meta.version} replaces published version {previous.meta.version}: "
            f"add an entry for {meta.version} to meta.corrections (version, date, reason)",
            Where(file="report.yaml", field="meta.corrections"))
    changes = diff(previous, report)
    published = format_date(previous.meta.date)
    status = (f"Corrected version {meta.version}, replaces version {previous.meta.version} "
              f"published {published}")
    items = tuple(NoticeItem(text=c.describe(), reason=_reason(c, entry)) for c in changes)
    return report.rebuilt(notice=CorrectionsNotice(status=status, items=items))
