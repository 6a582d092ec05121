"""What changed between two versions of a report: table cells, captions, text, notes.

Both sides are prepared Reports (a published snapshot, or a report folder). Tables are
matched by figure id, rows by row id, columns by key; an image or chart whose definition
changed (its file, its table, series or rows, its alt text) is a "figure" change (the
numbers a chart plots change with its table's cells); text is compared section by
section, paragraph by paragraph, and a changed paragraph is shown by the words that
changed with a little context around them.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from cspdoc.model import (
    BulletList,
    Chart,
    Image,
    Inlines,
    ListItem,
    Panel,
    Paragraph,
    Report,
    Section,
    Table,
    TextCell,
    plain_text,
)

CONTEXT_WORDS = 4


@dataclass(frozen=True)
class Change:
    """One difference. ``kind``: cell, row-added, row-removed, figure-added,
    figure-removed, caption, text, section-added, section-removed, footnote, title."""

    kind: str
    old: str | None
    new: str | None
    figure: int | None = None
    figure_id: str | None = None
    row: str | None = None
    row_id: str | None = None
    column: str | None = None
    column_key: str | None = None
    section: str | None = None
    section_id: str | None = None
    figure_label: str | None = None  # "Table" when tables are numbered on their own
    reason: str | None = None  # why, from the newer version's meta.corrections

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def place(self) -> str:
        """Where the change is, in words: "Figure 7, Total, FAT Outcome 2023"."""
        if self.figure is not None or self.figure_id is not None:
            word = self.figure_label or "Figure"
            head = f"{word} {self.figure}" if self.figure is not None else self.figure_id
            return ", ".join(p for p in (head, self.row, self.column) if p)
        if self.kind == "footnote":
            return f"Footnote {self.section}"
        return f"Section '{self.section}'" if self.section else "Introduction"

    def describe(self) -> str:
        """The change in one line: place, then old → new."""
        old = self.old if self.old not in (None, "") else "(blank)"
        new = self.new if self.new not in (None, "") else "(blank)"
        what = {"row-added": "row added", "row-removed": "row removed",
                "figure-added": "figure added", "figure-removed": "figure removed",
                "section-added": "section added", "section-removed": "section removed",
                "caption": "caption", "title": "title"}.get(self.kind)
        if self.kind in ("row-added", "figure-added", "section-added"):
            return f"{self.place()}: {what}: {new}"
        if self.kind in ("row-removed", "figure-removed", "section-removed"):
            return f"{self.place()}: {what}: {old}"
        label = f"{self.place()}: {what}: " if what else f"{self.place()}: "
        return f"{label}{old} → {new}"


def _cell_text(cell: object) -> str:
    if isinstance(cell, TextCell):
        return plain_text(cell.content)
    return str(getattr(cell, "display", "") or "")


def _tables(old: Table, new: Table) -> list[Change]:
    out: list[Change] = []

    def change(kind: str, was: str | None, now: str | None, **where: str | None) -> Change:
        return Change(kind, was, now, figure=new.number, figure_id=new.id,
                      figure_label=new.label if new.label != "Figure" else None, **where)

    if plain_text(old.caption) != plain_text(new.caption):
        out.append(change("caption", plain_text(old.caption), plain_text(new.caption)))
    old_rows = {r.id: r for r in old.rows}
    new_cols = {c.key: i for i, c in enumerate(new.columns)}
    old_cols = {c.key: i for i, c in enumerate(old.columns)}
    for row in new.rows:
        label = new.row_label(row)
        if row.id not in old_rows:
            out.append(change("row-added", None, label, row=label, row_id=row.id))
            continue
        before = old_rows[row.id]
        for key, ni in new_cols.items():
            was = _cell_text(before.cells[old_cols[key]]) if key in old_cols else None
            now = _cell_text(row.cells[ni])
            if was != now:
                col = new.columns[ni]
                out.append(change("cell", was, now, row=label, row_id=row.id,
                                  column=col.label_text or col.key, column_key=key))
    new_ids = {r.id for r in new.rows}
    for row in old.rows:
        if row.id not in new_ids:
            label = old.row_label(row)
            out.append(change("row-removed", label, None, row=label, row_id=row.id))
    return out


def _figures(old: Report, new: Report) -> list[Change]:
    out: list[Change] = []
    before = {f.id: f for f in old.figures()}
    for fig in new.figures():
        was = before.get(fig.id)
        if was is None:
            out.append(Change("figure-added", None, plain_text(fig.caption),
                              figure=fig.number, figure_id=fig.id))
        elif isinstance(fig, Table) and isinstance(was, Table):
            out.extend(_tables(was, fig))
        elif isinstance(fig, Chart) and isinstance(was, Chart):
            out.extend(_charts(was, fig))
        elif plain_text(fig.caption) != plain_text(was.caption):
            out.append(Change("caption", plain_text(was.caption), plain_text(fig.caption),
                              figure=fig.number, figure_id=fig.id))
        elif isinstance(fig, Image) and isinstance(was, Image) and (
                fig.src, fig.alt, fig.unavailable) != (was.src, was.alt, was.unavailable):
            out.append(Change("figure", was.src or was.unavailable, fig.src or fig.unavailable,
                              figure=fig.number, figure_id=fig.id))
    now = {f.id for f in new.figures()}
    out += [Change("figure-removed", plain_text(f.caption), None, figure=f.number,
                   figure_id=f.id) for f in old.figures() if f.id not in now]
    return out


def chart_definition(chart: Chart) -> str:
    """What a chart draws, in words: "column chart of asb-incidents: total_2023,
    total_2024 by area"."""
    text = f"{chart.kind.value} chart of {chart.table}: {', '.join(chart.series)} by {chart.x}"
    if chart.rows is not None:
        text += f", rows {', '.join(chart.rows)}"
    return text + (", values labelled" if chart.labels else "")


def _charts(old: Chart, new: Chart) -> list[Change]:
    out: list[Change] = []

    def change(kind: str, was: str, now: str) -> Change:
        return Change(kind, was, now, figure=new.number, figure_id=new.id)

    if plain_text(old.caption) != plain_text(new.caption):
        out.append(change("caption", plain_text(old.caption), plain_text(new.caption)))
    before, after = chart_definition(old), chart_definition(new)
    if before != after:
        out.append(change("figure", before, after))
    elif old.alt != new.alt:
        out.append(change("figure", old.alt, new.alt))
    return out


def _texts(blocks: tuple[object, ...]) -> list[str]:
    """The prose of a section's own blocks, one string per paragraph or list item."""
    out: list[str] = []

    def items(items_: tuple[ListItem, ...]) -> None:
        for item in items_:
            out.append(plain_text(item.content))
            for child in item.children:
                items(child.items)

    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(plain_text(block.content))
        elif isinstance(block, BulletList):
            items(block.items)
        elif isinstance(block, Panel):
            for col in block.columns:
                out.append(plain_text(col.heading))
                out.extend(_texts(col.blocks))
    return out


def excerpt(old: str, new: str) -> tuple[str, str]:
    """The changed words of two paragraphs, each change with a few words of context;
    changes far apart are shown separately, joined by "…"."""
    a, b = old.split(), new.split()
    ops = [op for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    if not ops:
        return old, new
    windows: list[list[int]] = []  # [lo_a, hi_a, lo_b, hi_b], merged when they overlap
    for _, i1, i2, j1, j2 in ops:
        w = [max(i1 - CONTEXT_WORDS, 0), min(i2 + CONTEXT_WORDS, len(a)),
             max(j1 - CONTEXT_WORDS, 0), min(j2 + CONTEXT_WORDS, len(b))]
        if windows and w[0] <= windows[-1][1]:
            windows[-1][1], windows[-1][3] = w[1], w[3]
        else:
            windows.append(w)

    def cut(words: list[str], spans: list[tuple[int, int]]) -> str:
        text = " … ".join(" ".join(words[lo:hi]) for lo, hi in spans)
        return ("…" if spans[0][0] > 0 else "") + text + (
            "…" if spans[-1][1] < len(words) else "")

    return (cut(a, [(w[0], w[1]) for w in windows]),
            cut(b, [(w[2], w[3]) for w in windows]))


def _section_texts(old: tuple[object, ...], new: tuple[object, ...], title: str | None,
                   sec_id: str | None) -> list[Change]:
    a, b = _texts(old), _texts(new)
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            was = olds[k] if k < len(olds) else None
            now = news[k] if k < len(news) else None
            if was is not None and now is not None:
                was, now = excerpt(was, now)
            out.append(Change("text", was, now, section=title, section_id=sec_id))
    return out


def _sections(old: Report, new: Report) -> list[Change]:
    out = _section_texts(old.lead, new.lead, None, None)
    before = {n.id: n for _, n in old.walk() if isinstance(n, Section)}
    after = [n for _, n in new.walk() if isinstance(n, Section)]
    for sec in after:
        title = plain_text(sec.title)
        was = before.get(sec.id)
        if was is None:
            out.append(Change("section-added", None, title, section=title, section_id=sec.id))
            continue
        if plain_text(was.title) != title:
            out.append(Change("title", plain_text(was.title), title, section=title,
                              section_id=sec.id))
        out.extend(_section_texts(was.blocks, sec.blocks, title, sec.id))
    now = {s.id for s in after}
    out += [Change("section-removed", plain_text(s.title), None, section=plain_text(s.title),
                   section_id=s.id) for s in before.values() if s.id not in now]
    return out


def _footnotes(old: Report, new: Report) -> list[Change]:
    before: dict[str, Inlines] = {n.id: n.content for n in old.footnotes}
    out = []
    for note in new.footnotes:
        was = before.get(note.id)
        if was is not None and plain_text(was) != plain_text(note.content):
            out.append(Change("footnote", plain_text(was), plain_text(note.content),
                              section=str(note.number), section_id=note.id))
    return out


def diff(old: Report, new: Report) -> list[Change]:
    """Every change from ``old`` to ``new``: figures first, then text and footnotes."""
    changes = _figures(old, new) + _sections(old, new) + _footnotes(old, new)
    if old.meta.title != new.meta.title:
        changes.insert(0, Change("title", old.meta.title, new.meta.title))
    return changes
