"""Helpers for officers' scripts: build tables, sections and text in Python.

    from cspdoc.model.builder import column, markdown, section
    table = Table.from_dataframe(df, id="headline", caption="Recorded crime",
                                 columns=[column("offence", "Offence", "label"),
                                          column("y2024", "2024", "count")])
    report = report.replace_table("headline", df)      # this quarter's data, same columns

Parsing goes through the same readers as a report folder, so a DataFrame cell means what
a CSV cell means (blank or NaN is missing, "1,108" is 1108, "=" is computed).
"""

from __future__ import annotations

from typing import Any

from cspdoc.errors import Problems
from cspdoc.model.blocks import Block
from cspdoc.model.inlines import Inlines
from cspdoc.model.report import Report, Section
from cspdoc.model.table import Column, ColumnKind, Table
from cspdoc.transforms.walk import map_report
from cspdoc.where import Where


def inline(text: str) -> Inlines:
    """Inline Markdown (``**bold**``, ``[^note]``, ``[@fig:id]``, ``{= expr}``)."""
    from cspdoc.readers.markdown_inline import parse_inlines

    return parse_inlines(text, Where(file="<python>"))


def markdown(text: str) -> tuple[Block, ...]:
    """Markdown paragraphs and lists as blocks (footnote definitions are not allowed here:
    give footnotes to the Report)."""
    from cspdoc.readers.narrative import read_narrative

    problems = Problems()
    narrative = read_narrative(text, "<python>", problems)
    if narrative.footnotes:
        problems.add("define footnotes on the Report, not inside markdown()",
                     narrative.footnotes[0].where)
    problems.raise_if_any()
    return tuple(narrative.blocks)


def column(key: str, label: str, kind: str | ColumnKind, **options: Any) -> Column:
    """A column: ``column("fat2024", "FAT Outcomes 2024", "rate", base="y2024")``."""
    return Column(key=key, label=inline(label), kind=ColumnKind(kind), **options)


def section(title: str, *content: Block | tuple[Block, ...], id: str | None = None,
            sections: tuple[Section, ...] = ()) -> Section:
    """A section from a title and blocks (``markdown()`` results may be passed as is)."""
    import re

    blocks: list[Block] = []
    for item in content:
        blocks.extend(item if isinstance(item, tuple) else (item,))
    sec_id = id or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
    return Section(id=sec_id, title=inline(title), blocks=tuple(blocks), sections=sections)


def table_from_dataframe(df: Any, *, id: str, caption: str,
                         columns: list[Column] | None = None, source: str | None = None
                         ) -> Table:
    """A table from a pandas DataFrame. Without ``columns``, the first column is the
    label, whole-number columns are counts, other numeric columns numbers, the rest
    text. Reserved columns ``_id`` and ``_kind`` work as in a CSV."""
    from cspdoc.readers.tables import Source, build_rows, dataframe_records

    header, records = dataframe_records(df)
    cols = columns if columns is not None else _infer_columns(df)
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
    import re

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
    found: list[Table] = [f for f in report.figures() if isinstance(f, Table)
                          and f.id == figure_id]
    if not found:
        raise KeyError(f"the report has no table {figure_id!r}")
    old = found[0]
    if isinstance(data, Table):
        new = data
    else:
        new = table_from_dataframe(data, id=old.id, caption="", columns=list(old.columns))
        new = new.rebuilt(caption=old.caption, source=old.source)

    def swap(block: Block) -> Block:
        return new if isinstance(block, Table) and block.id == figure_id else block

    return map_report(report, block_fn=swap)
