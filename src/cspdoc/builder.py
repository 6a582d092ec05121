"""Building a report in Python: tables from DataFrames, sections and text from strings.

    import cspdoc
    from cspdoc.builder import column, markdown, section, table_from_dataframe
    table = table_from_dataframe(df, id="headline", caption="Recorded crime",
                                 columns=[column("offence", "Offence", "label"),
                                          column("y2024", "2024", "count")])
    report = cspdoc.replace_table(report, "headline", df)   # this quarter's data

Text and cells go through the same readers as a report folder, so a DataFrame cell
means what a CSV cell means (blank or NaN is missing, "1,108" is 1108, "=" is computed).
This module sits above the model and the readers (the model imports neither); misuse
raises ``UsageError`` or ``ModelError``, bad data ``InputError``, all with plain messages.
"""

from __future__ import annotations

import re
from typing import Any

from cspdoc.errors import Problems, UsageError
from cspdoc.model import Block, Column, ColumnKind, Inlines, Report, Section, Table
from cspdoc.readers.markdown_inline import parse_inlines
from cspdoc.readers.narrative import read_narrative
from cspdoc.readers.tables import Source, build_rows, dataframe_records
from cspdoc.transforms.walk import map_report
from cspdoc.where import Where


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        kind = "None" if value is None else type(value).__name__
        raise UsageError(f"{what} must be a string, not {kind}")
    return value


def inline(text: str) -> Inlines:
    """Inline Markdown (``**bold**``, ``[^note]``, ``[@fig:id]``, ``{= expr}``)."""
    return parse_inlines(_text(text, "inline text"), Where(file="<python>"))


def markdown(text: str) -> tuple[Block, ...]:
    """Markdown paragraphs and lists as blocks (footnote definitions are not allowed here:
    give footnotes to the Report)."""
    problems = Problems()
    narrative = read_narrative(_text(text, "markdown text"), "<python>", problems)
    if narrative.footnotes:
        problems.add("define footnotes on the Report, not inside markdown()",
                     narrative.footnotes[0].where)
    problems.raise_if_any()
    return tuple(narrative.blocks)


def column(key: str, label: str, kind: str | ColumnKind, **options: Any) -> Column:
    """A column: ``column("fat2024", "FAT Outcomes 2024", "rate", base="y2024")``; an
    unknown kind or option is a ModelError naming it."""
    return Column(key=key, label=inline(label), kind=kind, **options)


def section(title: str, *content: Block | tuple[Block, ...], id: str | None = None,
            sections: tuple[Section, ...] = ()) -> Section:
    """A section from a title and blocks (``markdown()`` results may be passed as is)."""
    blocks: list[Block] = []
    for item in content:
        blocks.extend(item if isinstance(item, tuple) else (item,))
    title = _text(title, "a section title")
    sec_id = id or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
    return Section(id=sec_id, title=inline(title), blocks=tuple(blocks), sections=sections)


def _frame(df: Any) -> Any:
    if not (hasattr(df, "columns") and hasattr(df, "itertuples")):
        raise UsageError(f"expected a pandas DataFrame, not {type(df).__name__}")
    return df


def table_from_dataframe(df: Any, *, id: str, caption: str,
                         columns: list[Column] | None = None, source: str | None = None
                         ) -> Table:
    """A table from a pandas DataFrame. Without ``columns``, the first column is the
    label, whole-number columns are counts, other numeric columns numbers, the rest
    text. Reserved columns ``_id`` and ``_kind`` work as in a CSV."""
    header, records = dataframe_records(_frame(df))
    cols = columns if columns is not None else _infer_columns(df)
    if not all(isinstance(c, Column) for c in cols):
        raise UsageError("columns must be a list of Column (made with column())")
    problems = Problems()
    rows = build_rows(id, cols, header, records, Source("<DataFrame>"), problems)
    problems.raise_if_any()
    return Table(id=id, caption=inline(caption), columns=tuple(cols), rows=tuple(rows),
                 source=inline(source) if source else None)


def _infer_columns(df: Any) -> list[Column]:
    out: list[Column] = []
    for i, name in enumerate(c for c in df.columns if str(c) not in ("_id", "_kind")):
        key = _key(str(name), {c.key for c in out})
        dtype = str(df[name].dtype)
        if i == 0:
            kind = ColumnKind.LABEL
        elif dtype.startswith(("int", "Int", "uint")):
            kind = ColumnKind.COUNT
        elif dtype.startswith(("float", "Float")):
            kind = ColumnKind.NUMBER
        else:
            kind = ColumnKind.TEXT
        out.append(Column(key=key, label=inline(str(name)), kind=kind))
    return out


def _key(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "column"
    if not base[0].isalpha():
        base = "c_" + base
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def replace_table(report: Report, figure_id: str, data: Any) -> Report:
    """The report with table ``figure_id`` holding new rows (a DataFrame, or a Table)
    under the same id, caption and columns unless a Table brings its own."""
    if not isinstance(report, Report):
        raise UsageError(f"replace_table() takes a Report first, not "
                         f"{type(report).__name__}")
    tables = [f for f in report.figures() if isinstance(f, Table)]
    found = [t for t in tables if t.id == figure_id]
    if not found:
        known = ", ".join(t.id for t in tables) or "none"
        raise UsageError(f"the report has no table {figure_id!r} (tables: {known})")
    old = found[0]
    if isinstance(data, Table):
        new = data
    else:
        new = table_from_dataframe(_frame(data), id=old.id, caption="",
                                   columns=list(old.columns))
        new = new.rebuilt(caption=old.caption, source=old.source)

    def swap(block: Block) -> Block:
        return new if isinstance(block, Table) and block.id == figure_id else block

    return map_report(report, block_fn=swap)
