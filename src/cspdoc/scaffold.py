"""``cspdoc new``: a report folder to start from, or next period's paper from last's.

In: a folder to create, and optionally last period's report folder. Out: the folder,
written whole or not at all (staged beside it, then moved into place), and the list of
what the officer must fill in or check before publishing, each at its ``file:line``.

* Without ``source``: the teaching example in ``templates/new-report`` (a table, a
  footnote, a bound and a checked figure), which builds first time.
* With ``source``: the same outline, figures and text. The definition a report
  ``extends`` is folded in (the new folder stands alone); the version becomes 1.0, the
  status draft; the corrections history and the issue date are dropped; the period moves
  on by its own length (April-June to July-September) unless given, and the meeting
  date with it; tables keep last period's figures, or with ``empty_tables`` keep their
  rows and labels with every figure blank (missing, never zero) for this period's.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from cspdoc.errors import InputError, OutputError
from cspdoc.model import Column, ColumnKind, Period, Report, RowKind, Table, TotalRule
from cspdoc.readers import tables as table_io
from cspdoc.readers.definition import MERGED_KEYS, DefinitionReader
from cspdoc.readers.yamlsrc import Node, load_yaml
from cspdoc.resources import templates_dir
from cspdoc.where import Where

STARTER = "new-report"


@dataclass
class Started:
    """What ``new_report`` wrote: the folder, its files, and what to fill in."""

    folder: Path
    files: list[str]
    todo: list[str] = field(default_factory=list)


def new_report(target: str | Path, *, source: str | Path | None = None,
               empty_tables: bool = False, period: Period | None = None,
               meeting_date: dt.date | None = None) -> Started:
    """Write a new report folder at ``target`` (which must not exist, or be empty):
    the starter example, or, given ``source``, next period's paper from last period's."""
    folder = Path(target)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError("is not empty: cspdoc new writes a new folder and never over "
                          "an existing one; name a new folder", Where(file=str(folder)))
    slug = slug_for(folder)
    stage = folder.parent / f".{folder.name}.partial"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        if source is None:
            shutil.copytree(templates_dir() / STARTER, stage, dirs_exist_ok=True)
            _set_slug(stage / "report.yaml", slug)
            started = Started(folder, _listing(stage), _starter_todo(stage))
        else:
            started = _from_previous(Path(source), stage, folder, slug, empty_tables,
                                     period, meeting_date)
        if folder.exists():
            folder.rmdir()
        stage.rename(folder)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return started


def parse_period(text: str) -> Period:
    """``2025-07-01/2025-09-30`` (ISO 8601's interval) as a Period."""
    start, _, end = text.partition("/")
    try:
        return Period(start=dt.date.fromisoformat(start.strip()),
                      end=dt.date.fromisoformat(end.strip()))
    except ValueError as exc:
        raise InputError(f"--period {text!r}: write it as START/END, e.g. "
                         f"2025-07-01/2025-09-30 ({exc})") from None


def parse_date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} {text!r}: write a date as YYYY-MM-DD") from None


def slug_for(folder: Path) -> str:
    """The output name a folder's report gets: its name, lower-case, hyphenated."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    return slug or "report"


def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _set_slug(path: Path, slug: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  # slug: .*$",
                  f"  slug: {slug}                # the output files' name: "
                  f"out/{slug}/draft/{slug}-v1.0.pdf", text, count=1)
    path.write_text(text, encoding="utf-8")


def _starter_todo(stage: Path) -> list[str]:
    root = load_yaml(stage / "report.yaml", "report.yaml")
    meta = root.child("meta")
    return [f"{_at(meta, key)}: {what}" for key, what in (
        ("title", "your paper's title"),
        ("organisation", "your partnership or council"),
        ("committee", "the committee it goes to"),
        ("meeting_date", "the meeting's date"),
        ("reference", "the committee's reference for the paper"),
        ("period", "the months the figures cover"),
        ("status", "draft until the paper is ready: publish needs final"),
        ("contact", "the contact officer"),
    )] + ["tables/crime.csv, narrative/*.md: your figures and your text"]


def _at(node: Node, key: str) -> str:
    child = node.get(key)
    line = child.line if child is not None else node.line
    return f"report.yaml:{line}: {node.field}.{key}" if node.field else f"report.yaml:{line}"


# ---------------------------------------------------------------- from last period


def _from_previous(source: Path, stage: Path, folder: Path, slug: str, empty: bool,
                   period: Period | None, meeting: dt.date | None) -> Started:
    if not (source / "report.yaml").is_file():
        raise InputError("not a report folder (no report.yaml)", Where(file=str(source)))
    reader = DefinitionReader(source)
    report = reader.read()
    roots = reader.roots
    files: dict[str, Path] = {}
    for path in dict.fromkeys(reader.sources):
        if path.name == "report.yaml" and path.parent in roots:
            continue
        root = next(r for r in roots if path.is_relative_to(r))
        files.setdefault(path.relative_to(root).as_posix(), path)
    for rel, path in files.items():
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, stage / rel)
    yaml = _yaml()
    data = _merged(yaml, roots)
    new_period, new_meeting = _next_dates(report, period, meeting)
    _reset_meta(data["meta"], slug, new_period, new_meeting)
    emptied: list[str] = []
    if empty:
        emptied = _empty_tables(report, data, stage, roots)
    out = io.StringIO()
    yaml.dump(data, out)
    (stage / "report.yaml").write_text(out.getvalue(), encoding="utf-8")
    todo = _previous_todo(stage, report, new_period, new_meeting, period is not None,
                          emptied, files)
    return Started(folder, _listing(stage), todo)


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # never re-wrap a long caption or alt text
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # "  columns:\n      - {...}", as typed
    return yaml


def _merged(yaml: YAML, roots: list[Path]) -> CommentedMap:
    """The definitions of ``roots`` (a report, then each it extends) as one: the base
    first, each extending definition laid over it as ``extends`` does."""
    merged: CommentedMap | None = None
    for root in reversed(roots):
        data = yaml.load((root / "report.yaml").read_text(encoding="utf-8-sig"))
        data.pop("extends", None)
        if merged is None:
            merged = data
            continue
        for key, value in data.items():
            if key in MERGED_KEYS and isinstance(merged.get(key), dict) and isinstance(
                    value, dict):
                for name, item in value.items():
                    merged[key][name] = item
            else:
                merged[key] = value
    assert merged is not None
    return merged


def _reset_meta(meta: CommentedMap, slug: str, period: Period, meeting: dt.date) -> None:
    meta["version"] = "1.0"
    meta["status"] = "draft"
    meta["slug"] = slug
    for key in ("corrections", "issued"):
        meta.pop(key, None)
    if isinstance(meta.get("period"), dict):
        meta["period"]["start"], meta["period"]["end"] = period.start, period.end
    else:
        meta["period"] = {"start": period.start, "end": period.end}
    meta["meeting_date"] = meeting


def _next_dates(report: Report, period: Period | None, meeting: dt.date | None
                ) -> tuple[Period, dt.date]:
    """The period given, else the one after last paper's, of the same length (whole
    months move by months: April-June 2025 to July-September 2025); the meeting date
    given, else last meeting's moved on as far."""
    old = report.meta.period
    months = _whole_months(old)
    if period is None:
        if months:
            period = Period(start=_add_months(old.start, months),
                            end=_month_end(_add_months(old.end.replace(day=1), months)))
        else:
            length = old.end - old.start + dt.timedelta(days=1)
            period = Period(start=old.start + length, end=old.end + length)
    if meeting is None:
        moved = period.start - old.start
        meeting = (_add_months(report.meta.meeting_date, months) if months and
                   _add_months(old.start, months) == period.start
                   else report.meta.meeting_date + moved)
    return period, meeting


def _whole_months(period: Period) -> int:
    """How many whole months the period spans (0 unless it runs from a 1st to a month's
    end)."""
    if period.start.day != 1 or period.end != _month_end(period.end):
        return 0
    return ((period.end.year - period.start.year) * 12 + period.end.month
            - period.start.month + 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


# ---------------------------------------------------------------- emptying tables


def _blank(col: Column, kind: RowKind) -> str | None:
    """What an emptied cell holds: labels kept (None), figures blank, a total's cell
    ``=`` so it is computed from this period's figures."""
    if col.kind == ColumnKind.LABEL:
        return None
    if col.kind == ColumnKind.TEXT or col.formula is not None or kind == RowKind.DATA:
        return ""
    return "=" if col.total_rule != TotalRule.NONE else ""


def _empty_tables(report: Report, data: CommentedMap, stage: Path,
                  roots: list[Path]) -> list[str]:
    """Blank every table's figures in the staged copy; the files emptied."""
    done = []
    for table in report.figures():
        if not isinstance(table, Table):
            continue
        if table.file is None:
            _empty_inline(table, data["figures"][table.id])
            done.append(f"report.yaml (table {table.id!r})")
            continue
        path = (roots[0] / table.file).resolve()
        root = next(r for r in roots if path.is_relative_to(r))
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() == ".csv":
            _empty_csv(table, stage / rel)
        else:
            _empty_workbook(table, stage / rel)
        done.append(rel)
    return done


def _empty_inline(table: Table, node: Any) -> None:
    keys = [c.key for c in table.columns]
    for row, raw in zip(table.rows, node["rows"], strict=False):
        for index, col in enumerate(table.columns):
            value = _blank(col, row.kind)
            if value is None:
                continue
            if isinstance(raw, dict) and col.key in raw:
                raw[col.key] = value or None
            elif isinstance(raw, list) and index < len(raw) and keys == keys[:len(raw)]:
                raw[index] = value or None


def _empty_csv(table: Table, path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in rows[0]]
    mapping = table_io.header_map(header, table.columns, table_io.Source(path.name, 1))
    kinds = {row.line: row.kind for row in table.rows}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    reader = csv.reader(io.StringIO(text, newline=""))
    for number, cells in enumerate(reader):
        line = reader.line_num
        if number == 0 or not any(c.strip() for c in cells):
            writer.writerow(cells)
            continue
        kind = kinds.get(line, RowKind.DATA)
        new = []
        for head, cell in zip(header, cells, strict=False):
            key = mapping.get(head)
            value = None if key in (None, "_id", "_kind") else _blank(
                table.column(key), kind)
            new.append(cell if value is None else value)
        writer.writerow(new)
    path.write_text(out.getvalue(), encoding="utf-8")


def _empty_workbook(table: Table, path: Path) -> None:
    """Blank the typed figures of the table's data rows (formulas are kept)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for row in table.rows:
        for col, cell in zip(table.columns, row.cells, strict=True):
            where = cell.where
            if where.sheet is None or where.cell is None or _blank(col, row.kind) != "":
                continue
            target = book[where.sheet][where.cell]
            if not (isinstance(target.value, str) and target.value.startswith("=")):
                target.value = None
    book.save(path)


# ---------------------------------------------------------------- what to fill in


def _previous_todo(stage: Path, report: Report, period: Period, meeting: dt.date,
                   given: bool, emptied: list[str], files: dict[str, Path]) -> list[str]:
    root = load_yaml(stage / "report.yaml", "report.yaml")
    meta = root.child("meta")
    how = "as given" if given else "moved on by its own length: check it"
    fields = [
        f"{_at(meta, 'period')}: now {period.start.isoformat()} to "
        f"{period.end.isoformat()} ({how})",
        f"{_at(meta, 'meeting_date')}: now {meeting.isoformat()}: check it",
        f"{_at(meta, 'reference')}: still {report.meta.reference!r}: this paper's own",
        f"{_at(meta, 'title')}: still {report.meta.title!r}: does it name the period?",
        f"{_at(meta, 'version')}: 1.0, status draft (publish needs final); the corrections "
        "history is dropped",
    ]
    for key in ("subtitle", "short_title", "subject"):
        if meta.get(key) is not None:
            fields.append(f"{_at(meta, key)}: still {getattr(report.meta, key)!r}")
    todo = sorted(fields, key=lambda item: int(item.split(":")[1]))
    tables = [rel for rel in files if rel.startswith("tables/") or rel.endswith(
        (".csv", ".xlsx", ".xlsm"))]
    if emptied:
        todo.append("tables emptied, labels kept, figures blank: "
                    + ", ".join(emptied) + ": type this period's figures")
    elif tables:
        todo.append("tables hold last period's figures: replace "
                    + ", ".join(sorted(tables)))
    todo.append("narrative: last period's text; `cspdoc check` flags every checked "
                "figure the new data no longer support")
    if root.get("values") is not None:
        todo.append(f"report.yaml:{root.child('values').line}: values: last period's "
                    "named values")
    return todo

