"""Check references: every footnote and figure reference resolves, ids are unique, and
each chart names a table of the report, its columns and rows.

In: a Report (from a reader or the Python API). Out: the same Report, or InputErrors
naming each bad reference where it was typed (a footnote that refers to a footnote is
one: Word has no notes inside notes); a footnote defined but never referenced is
returned as a warning finding.
"""

from __future__ import annotations

from cspdoc.errors import Problems
from cspdoc.findings import Finding, Severity
from cspdoc.model import (
    Chart,
    CrossRef,
    Emph,
    Figure,
    FootnoteRef,
    Inline,
    Inlines,
    Link,
    Report,
    RowKind,
    Section,
    Strong,
    Table,
)
from cspdoc.numbers import Unit
from cspdoc.transforms.corrections import check_names
from cspdoc.transforms.walk import visit_inlines
from cspdoc.where import Where

_UNIT_WORDS = {Unit.COUNT: "a count", Unit.NUMBER: "a measure", Unit.MONEY: "money",
               Unit.PERCENT: "a percentage", Unit.POINTS: "percentage points"}


def check_references(report: Report) -> list[Finding]:
    """Raise InputErrors for broken references; return warnings for unused footnotes."""
    problems = Problems()
    notes: dict[str, object] = {}
    for note in report.footnotes:
        if note.id in notes:
            problems.add(f"footnote [^{note.id}] is defined twice", note.where)
        notes[note.id] = note
    figures: dict[str, Figure] = {}
    for fig in report.figures():
        if fig.id in figures:
            problems.add(f"figure id {fig.id!r} is used twice", fig.where)
        figures[fig.id] = fig
    for fig in figures.values():
        if isinstance(fig, Chart):
            check_chart(fig, figures, problems)
    seen_sections: set[str] = set()
    for _, node in report.walk():
        if isinstance(node, Section):
            if node.id in seen_sections:
                problems.add(f"section id {node.id!r} is used twice", node.where)
            seen_sections.add(node.id)
    check_names(report, problems)

    for note in report.footnotes:
        for ref in _footnote_refs(note.content):
            problems.add(f"footnote [^{note.id}] refers to footnote [^{ref.id}]: a note "
                         "cannot hold a note (Word has no notes inside notes); write "
                         "its text out instead", ref.where if ref.where.file else note.where)

    used: set[str] = set()

    def check(node: Inline) -> None:
        if isinstance(node, FootnoteRef):
            used.add(node.id)
            if node.id not in notes:
                problems.add(f"footnote [^{node.id}] is referenced but never defined",
                             node.where)
        elif isinstance(node, CrossRef) and node.id not in figures:
            known = ", ".join(sorted(figures)) or "none"
            problems.add(f"cross-reference [@fig:{node.id}] names no figure "
                         f"(figures: {known})", node.where)

    visit_inlines(report, check, footnotes=True)
    problems.raise_if_any()
    return [
        Finding(code="unused-footnote", severity=Severity.WARNING, where=note.where,
                message=f"Footnote [^{note.id}] is defined but never referenced, so it is "
                        "not printed.")
        for note in report.footnotes if note.id not in used
    ]


def _footnote_refs(inlines: Inlines) -> list[FootnoteRef]:
    """The footnote references in ``inlines``, however deep in bold or links."""
    found, stack = [], list(inlines)
    while stack:
        node = stack.pop()
        if isinstance(node, FootnoteRef):
            found.append(node)
        elif isinstance(node, Strong | Emph | Link):
            stack.extend(node.children)
    return found


def _placed(where: Where, default: Where) -> Where:
    """Where a chart's field was typed, or the chart itself (a chart built in Python)."""
    return where if where.file is not None else default


def _at(places: tuple[Where, ...], index: int, default: Where) -> Where:
    return _placed(places[index], default) if index < len(places) else default


def check_chart(chart: Chart, figures: dict[str, Figure], problems: Problems) -> None:
    """The chart's table is a table figure of the report; ``x`` is one of its label or
    text columns, each series one of its numeric columns (all in one unit) and each
    listed row one of its rows. Each problem is reported where it was typed."""
    name = f"chart {chart.id!r}"
    table = figures.get(chart.table)
    if not isinstance(table, Table):
        known = ", ".join(sorted(f.id for f in figures.values() if isinstance(f, Table)))
        problems.add(f"{name} draws from {chart.table!r}, which is not a table of this "
                     f"report (tables: {known or 'none'})",
                     _placed(chart.places.table, chart.where))
        return
    columns = {c.key: c for c in table.columns}
    known_columns = ", ".join(columns)
    x_where = _placed(chart.places.x, chart.where)
    x_col = columns.get(chart.x)
    if x_col is None:
        problems.add(f"{name}: x column {chart.x!r} is not a column of table {table.id!r} "
                     f"(columns: {known_columns})", x_where)
    elif not x_col.kind.is_text:
        problems.add(f"{name}: x column {chart.x!r} holds numbers; x names the label column "
                     "whose text names each category", x_where)
    first: tuple[str, str] | None = None  # the first numeric series and its unit
    for i, key in enumerate(chart.series):
        where = _at(chart.places.series, i, chart.where)
        col = columns.get(key)
        if col is None:
            problems.add(f"{name}: series column {key!r} is not a column of table "
                         f"{table.id!r} (columns: {known_columns})", where)
        elif col.kind.is_text:
            problems.add(f"{name}: series column {key!r} holds text, not numbers", where)
        else:
            unit = _UNIT_WORDS[col.kind.unit]
            if first is None:
                first = (key, unit)
            elif first[1] != unit:
                problems.add(f"{name}: series column {key!r} is {unit} but {first[0]!r} "
                             f"is {first[1]}; a chart's series share one scale", where)
    row_ids = [r.id for r in table.rows]
    for i, row_id in enumerate(chart.rows or ()):
        if row_id not in row_ids:
            problems.add(f"{name}: row {row_id!r} is not a row of table {table.id!r} "
                         f"(rows: {', '.join(row_ids)})",
                         _at(chart.places.rows, i, chart.where))
    if chart.rows is None and not any(r.kind == RowKind.DATA for r in table.rows):
        problems.add(f"{name}: table {table.id!r} has no data rows to plot; list the rows "
                     "to plot in 'rows'", chart.where)
