"""The corrections notice of a corrected version: what changed since the version it
replaces, each with the reason the correction history gives.

In: the prepared new report, the prepared report it replaces. Out: the new report with
``notice`` set. A version that replaces another must say why in ``meta.corrections``,
and every change reason it lists must name something that changed (a typo in a row id
or a section id is an InputError at its report.yaml line, not a reason that silently
goes nowhere). ``check_names`` makes the part of that check that needs no earlier
version: each named figure, row, column and section exists.
"""

from __future__ import annotations

from dataclasses import replace

from cspdoc.diff import Change, diff
from cspdoc.errors import InputError, Problems
from cspdoc.model import (
    ChangeReason,
    Correction,
    CorrectionsNotice,
    NoticeItem,
    Report,
    Section,
    Table,
)
from cspdoc.numbers import format_date
from cspdoc.where import Where


def current_entry(report: Report) -> Correction | None:
    """The correction history's entry for the report's own version, if any."""
    meta = report.meta
    return next((c for c in meta.corrections if c.version == meta.version), None)


def _named(item: ChangeReason) -> str:
    """What a change reason names, in the words of report.yaml."""
    if item.figure is not None:
        parts = [f"figure {item.figure!r}"]
        parts += [f"row {item.row!r}"] if item.row is not None else []
        parts += [f"column {item.column!r}"] if item.column is not None else []
        return ", ".join(parts)
    text = f" with the text {item.text!r}" if item.text is not None else ""
    return f"section {item.section!r}{text}"


def check_names(report: Report, problems: Problems) -> None:
    """Add a problem for each change reason of this version naming a figure, row,
    column or section the report does not have."""
    entry = current_entry(report)
    if entry is None:
        return
    figures = {f.id: f for f in report.figures()}
    sections = {n.id for _, n in report.walk() if isinstance(n, Section)}
    for item in entry.changes:
        if item.section is not None and item.section not in sections:
            problems.add(f"{_named(item)}: the report has no section with this id",
                         item.where)
        if item.figure is None:
            continue
        figure = figures.get(item.figure)
        if figure is None:
            problems.add(f"{_named(item)}: the report has no figure with this id",
                         item.where)
        elif (item.row is not None or item.column is not None) and \
                not isinstance(figure, Table):
            problems.add(f"{_named(item)}: rows and columns belong to tables, and this "
                         "figure is not one", item.where)
        elif isinstance(figure, Table):
            if item.row is not None and item.row not in {r.id for r in figure.rows}:
                problems.add(f"{_named(item)}: the table has no row with this id (its rows: "
                             f"{', '.join(r.id for r in figure.rows)})", item.where)
            if item.column is not None and \
                    item.column not in {c.key for c in figure.columns}:
                problems.add(f"{_named(item)}: the table has no column with this key (its "
                             f"columns: {', '.join(c.key for c in figure.columns)})",
                             item.where)


def _score(item: ChangeReason, change: Change) -> int:
    """How specifically ``item`` names ``change``: 0 not at all, more when closer."""
    if item.figure is not None:
        if item.figure != change.figure_id:
            return 0
        if item.row is not None and item.row != change.row_id:
            return 0
        if item.column is not None and item.column != change.column_key:
            return 0
        return 1 + (item.row is not None) + (item.column is not None)
    if item.section != change.section_id or change.figure_id is not None:
        return 0
    if item.text is None:
        return 1
    said = " ".join(" ".join(t.split()) for t in (change.old or "", change.new or ""))
    return 2 if " ".join(item.text.split()).lower() in said.lower() else 0


def reasons(changes: list[Change], entry: Correction | None) -> list[Change]:
    """Each change with the most specific reason ``entry`` gives for it (cell, row,
    figure; a section's passage, then the section), else the version's own reason."""
    if entry is None:
        return changes
    out = []
    for change in changes:
        best: tuple[int, str] | None = None
        for item in entry.changes:
            score = _score(item, change)
            if score and (best is None or score > best[0]):
                best = (score, item.reason)
        out.append(replace(change, reason=best[1] if best else entry.reason))
    return out


def _check_matched(entry: Correction, changes: list[Change], previous: str) -> None:
    problems = Problems()
    for item in entry.changes:
        if any(_score(item, change) for change in changes):
            continue
        near = [c.describe() for c in changes
                if (item.figure is not None and c.figure_id == item.figure)
                or (item.section is not None and c.section_id == item.section)]
        hint = f" (changes there: {'; '.join(near)[:300]})" if near else ""
        problems.add(f"{_named(item)}: nothing there changed since version {previous}; a "
                     f"change reason must name a change{hint}", item.where)
    problems.raise_if_any()


def attach_notice(report: Report, previous: Report) -> Report:
    """``report`` with its corrections notice against ``previous``."""
    meta = report.meta
    entry = current_entry(report)
    if entry is None:
        raise InputError(
            f"version {meta.version} replaces published version {previous.meta.version}: "
            f"add an entry for {meta.version} to meta.corrections (version, date, reason)",
            Where(file="report.yaml", field="meta.corrections"))
    changes = diff(previous, report)
    _check_matched(entry, changes, previous.meta.version)
    published = format_date(previous.meta.date)
    status = (f"Corrected version {meta.version}, replaces version {previous.meta.version} "
              f"published {published}")
    items = tuple(NoticeItem(text=c.describe(), reason=c.reason or entry.reason)
                  for c in reasons(changes, entry))
    return report.rebuilt(notice=CorrectionsNotice(status=status, items=items))
