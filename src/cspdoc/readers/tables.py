"""Table data from CSV, XLSX, inline YAML rows or a pandas DataFrame, as typed rows.

Every source is reduced to records (line number, header → raw text) and goes through one
conversion, so a cell means the same thing wherever it came from:

* blank, "-", "—", "n/a": missing (never zero);  "=": computed by cspdoc;
* GSS shorthand (``numbers.SHORTHAND``): "[c]", "[x]" ... alone are missing (never
  zero), printed as typed; "123 [r]" is a revised 123;
* a derived (formula) column: blank or "=" is computed, a written value is checked;
* a label or comment column: inline Markdown (footnote references allowed);
* a data row of an input column: an input number ("1,108" is 1108), a count must be a
  whole number and not negative;
* a derived column, a total or subtotal row, a rate "n (x%)": the text as published,
  checked later by the verifier.

Reserved headers: ``_id`` (a row id for expressions) and ``_kind`` (data, subtotal,
total). A row labelled "Total" is a total row unless ``_kind`` says otherwise.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cspdoc.errors import InputError, Problems
from cspdoc.limits import MAX_CELL_CHARS, MAX_TABLE_BYTES, size_message, too_many_digits
from cspdoc.model import (
    Cell,
    Column,
    ColumnKind,
    Derived,
    Input,
    Missing,
    Row,
    RowKind,
    Stated,
    TextCell,
    TotalRule,
    plain_text,
)
from cspdoc.numbers import (
    decimal_from_float,
    is_missing_marker,
    parse_number,
    parse_rate,
    split_shorthand,
)
from cspdoc.readers.markdown_inline import parse_inlines
from cspdoc.readers.textfile import check_characters
from cspdoc.readers.workbook import Cell as SheetCell
from cspdoc.readers.workbook import read_sheet_table
from cspdoc.where import Where

RESERVED = ("_id", "_kind")
_TOTAL_LABEL = re.compile(r"^(grand\s+)?total$", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    """One row of a source: where it was typed and its raw text by header; from a
    workbook, each cell too (its address, a formula with no saved value)."""

    line: int | None
    values: dict[str, str]
    cells: dict[str, SheetCell] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """Where records come from (for messages): a file (and worksheet), or a description."""

    file: str | None
    header_line: int | None = 1
    sheet: str | None = None


@dataclass(frozen=True)
class Loaded:
    """A table read from a workbook: header and records, where they came from, and the
    notes and source line found under the table."""

    header: list[str]
    records: list[Record]
    source: Source
    notes: tuple[str, ...] = ()
    source_note: str | None = None


# ---------------------------------------------------------------- sources


def csv_records(path: Path, display: str) -> tuple[list[str], list[Record]]:
    """Header and records of a CSV file (UTF-8, a BOM is accepted)."""
    if path.is_file() and path.stat().st_size > MAX_TABLE_BYTES:
        raise InputError(size_message(path.stat().st_size, MAX_TABLE_BYTES, "a table file"),
                         Where(file=display, line=1))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("table file not found", Where(file=display)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the CSV as UTF-8",
                         Where(file=display, line=line)) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:  # a cell over csv's own limit (128 KiB), mostly
        problem = (f"a cell is longer than {MAX_CELL_CHARS:,} characters (the most a "
                   "spreadsheet cell holds)" if "field limit" in str(exc)
                   else f"cannot read the CSV: {exc}")
        raise InputError(problem, Where(file=display, line=max(reader.line_num, 1))) from None
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError("the CSV file has no header row", Where(file=display, line=1))
    _, header = rows[0]
    header = [h.strip() for h in header]
    records: list[Record] = []
    for line, row in rows[1:]:
        if len(row) != len(header):
            quoted = any("\n" in cell for cell in row)
            raise InputError(
                f"row has {len(row)} cells but the header has {len(header)}"
                + ("; a quoted cell runs over several lines: is a closing quote (\") "
                   "missing?" if quoted else ""),
                Where(file=display, line=line))
        records.append(Record(line, dict(zip(header, row, strict=True))))
    return header, records


def xlsx_records(path: Path, display: str, columns: Sequence[Column], *,
                 sheet: str | None = None, header_row: int | None = None,
                 area: str | None = None) -> Loaded:
    """The table of ``columns`` in a workbook, as analysts save them (``workbook``):
    found on its sheet under any title rows, merged header cells matched to the
    columns' groups, notes under it kept apart; lines are Excel rows."""
    if path.is_file() and path.stat().st_size > MAX_TABLE_BYTES:
        raise InputError(size_message(path.stat().st_size, MAX_TABLE_BYTES, "a table file"),
                         Where(file=display, line=1))
    found = read_sheet_table(path, display, tuple(columns), sheet=sheet,
                             header_row=header_row, area=area)
    records = [Record(line, {h: c.text for h, c in zip(found.header, cells, strict=True)},
                      dict(zip(found.header, cells, strict=True)))
               for line, cells in found.rows]
    return Loaded(found.header, records, Source(display, found.header_line, found.sheet),
                  tuple(found.notes), found.source)


def mapping_records(rows: Iterable[tuple[int | None, Any]], header: Sequence[str],
                    where: Where) -> list[Record]:
    """Records from inline rows: each a mapping by key or a list in column order."""
    records = []
    for line, row in rows:
        here = where.but(line=line)
        if isinstance(row, dict):
            values = {str(k): _scalar_text(v) for k, v in row.items()}
        elif isinstance(row, list):
            if len(row) != len(header):
                raise InputError(f"row has {len(row)} cells for {len(header)} columns", here)
            values = {h: _scalar_text(v) for h, v in zip(header, row, strict=True)}
        else:
            raise InputError("each row must be a list of cells or a mapping by column key",
                             here)
        records.append(Record(line, values))
    return records


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _float_text(value)
    return str(value)


def _float_text(value: float) -> str:
    """A float carries no typed precision: 60.0 (a count in a column pandas made float
    because of a blank) is 60; 2.25 is 2.25, never 2.2499999."""
    return str(int(value)) if value.is_integer() else str(decimal_from_float(value))


def dataframe_records(df: Any) -> tuple[list[str], list[Record]]:
    """Header and records of a pandas DataFrame; a record's line is its 1-based position."""
    header = [str(c) for c in df.columns]
    records = []
    for pos, row in enumerate(df.itertuples(index=False, name=None), start=1):
        values = {h: _frame_text(v) for h, v in zip(header, row, strict=True)}
        records.append(Record(pos, values))
    return header, records


def _frame_text(value: Any) -> str:
    if value is None:
        return ""
    try:
        if value != value:  # NaN, pandas.NA raises TypeError below
            return ""
    except TypeError:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _frame_text(value.item())
    return str(value)


# ---------------------------------------------------------------- conversion


def header_map(header: Sequence[str], columns: Sequence[Column], source: Source
               ) -> dict[str, str]:
    """Map each header to a column key (by key or by label, case-insensitive)."""
    lookup: dict[str, str] = {}
    for col in columns:
        lookup.setdefault(col.key.lower(), col.key)
        lookup.setdefault(" ".join(col.label_text.split()).lower(), col.key)
    where = Where(file=source.file, line=source.header_line, sheet=source.sheet)
    mapping: dict[str, str] = {}
    for head in header:
        if head in RESERVED:
            mapping[head] = head
            continue
        key = lookup.get(" ".join(head.split()).lower())
        if key is None:
            known = ", ".join(c.key for c in columns)
            raise InputError(f"header {head!r} is not a declared column (columns: {known})",
                             where.but(field=head))
        if key in mapping.values():
            raise InputError(f"column {key!r} appears twice in the header",
                             where.but(field=head))
        mapping[head] = key
    for col in columns:
        if col.key not in mapping.values() and col.formula is None:
            raise InputError(f"column {col.key!r} ({col.label_text!r}) is missing from the "
                             "data and has no formula to compute it", where)
    return mapping


def build_rows(table_id: str, columns: Sequence[Column], header: Sequence[str],
               records: Iterable[Record], source: Source, problems: Problems) -> list[Row]:
    """Typed rows from records; every bad cell is recorded with its line and column."""
    mapping = header_map(header, columns, source)
    records = list(records)
    for error in fraction_errors(columns, mapping, records, source):
        problems.extend(error)
    rows: list[Row] = []
    ids: set[str] = set()
    for record in records:
        by_key = {mapping[h]: v for h, v in record.values.items() if h in mapping}
        sheet_cells = {mapping[h]: c for h, c in record.cells.items() if h in mapping}
        where = Where(file=source.file, line=record.line, table=table_id, sheet=source.sheet)
        try:
            kind = _row_kind(by_key, columns, where)
            cells = tuple(_sheet_cell(col, kind, by_key.get(col.key), sheet_cells.get(col.key),
                                      where.but(column=col.label_text or col.key,
                                                field=col.key)) for col in columns)
            row_id = _row_id(by_key.get("_id"), columns, cells, ids, where)
        except InputError as exc:
            problems.extend(exc)
            continue
        ids.add(row_id)
        rows.append(Row(id=row_id, kind=kind, cells=cells, line=record.line))
    return rows


def _sheet_cell(col: Column, kind: RowKind, raw: str | None, sheet_cell: SheetCell | None,
                where: Where) -> Cell:
    """A cell, located at its worksheet address when it comes from a workbook; a formula
    with no saved value is computed where cspdoc derives the cell, an error elsewhere."""
    if sheet_cell is None:
        return _cell(col, kind, raw, where)
    where = where.but(cell=sheet_cell.address)
    if sheet_cell.formula is not None:
        derived = col.formula is not None or (kind != RowKind.DATA
                                              and col.total_rule != TotalRule.NONE)
        if not derived:
            raise InputError(
                f"the formula {sheet_cell.formula} has no saved result: the workbook was "
                "saved by a program that does not calculate (it was never opened in Excel); "
                "open it in Excel or LibreOffice and save it, or type the figure", where)
        raw = "="  # cspdoc computes what the formula would (and a total's rule checks it)
    return _cell(col, kind, raw, where)


def fraction_errors(columns: Sequence[Column], mapping: dict[str, str],
                    records: Sequence[Record], source: Source) -> list[InputError]:
    """A percent column whose workbook numbers all lie between -1 and 1 in a plain
    number format holds fractions (0.102 for 10.2%): one error per column, at its first
    such cell, rather than printing "0.1%"."""
    errors = []
    by_key = {key: head for head, key in mapping.items()}
    for col in columns:
        head = by_key.get(col.key)
        if head is None or col.kind not in (ColumnKind.PERCENT, ColumnKind.PERCENT_CHANGE):
            continue
        plain = [(r, r.cells[head]) for r in records
                 if head in r.cells and r.cells[head].general_number]
        values = [Decimal(c.text) for _, c in plain]
        if not values or any(abs(v) > 1 for v in values) or not any(values):
            continue
        record, first = plain[0]
        errors.append(InputError(
            f"{first.text} looks like a fraction, not a percentage: every number in this "
            f"percent column lies between -1 and 1 and none is formatted as a percentage; "
            f"format the column as a percentage in Excel ({first.text} then shows as "
            f"{format((Decimal(first.text) * 100).normalize(), 'f')}%), or type the "
            "percentages",
            Where(file=source.file, line=record.line, sheet=source.sheet,
                  cell=first.address, field=col.key)))
    return errors


def _row_kind(values: dict[str, str], columns: Sequence[Column], where: Where) -> RowKind:
    given = values.get("_kind", "").strip().lower()
    if given:
        try:
            return RowKind(given)
        except ValueError:
            raise InputError(f"row kind {given!r} is not data, subtotal or total",
                             where.but(field="_kind")) from None
    first_label = next((values.get(c.key, "") for c in columns if c.kind == ColumnKind.LABEL),
                       "")
    return RowKind.TOTAL if _TOTAL_LABEL.match(first_label.strip()) else RowKind.DATA


def _row_id(given: str | None, columns: Sequence[Column], cells: tuple[Cell, ...],
            taken: set[str], where: Where) -> str:
    if given is not None and given.strip():
        row_id = given.strip()
        if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]*", row_id):
            raise InputError(f"row id {row_id!r} may hold only letters, digits, _ and -",
                             where.but(field="_id"))
        if row_id in taken:
            raise InputError(f"row id {row_id!r} is used twice", where.but(field="_id"))
        return row_id
    label = " ".join(plain_text(c.content) for col, c in zip(columns, cells, strict=True)
                     if col.kind == ColumnKind.LABEL and isinstance(c, TextCell))
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "row"
    row_id, n = base, 2
    while row_id in taken:
        row_id, n = f"{base}_{n}", n + 1
    return row_id


def _cell(col: Column, kind: RowKind, raw: str | None, where: Where) -> Cell:
    if raw is not None and len(raw) > MAX_CELL_CHARS:
        raise InputError(f"the cell holds {len(raw):,} characters; a cell may hold at "
                         f"most {MAX_CELL_CHARS:,} (the most a spreadsheet cell holds)",
                         where)
    if raw is not None:  # a stated figure prints as typed, so it must be printable too
        check_characters(raw, where)
    if col.kind.is_text:
        return TextCell(content=parse_inlines(raw or "", where), where=where)
    # One rule for derived columns: a blank (or "=") cell is computed, a written one kept
    # as published and checked.
    if raw is None or raw.strip() == "=" or (col.formula is not None and not raw.strip()):
        return Derived(where=where)
    text = raw.strip()
    try:
        marked = split_shorthand(text)
    except ValueError as exc:
        raise InputError(f"{text!r}: {exc}", where) from None
    codes = marked.codes if marked is not None else ()
    if marked is not None and marked.alone:
        return Missing(text=text, shorthand=codes, where=where)
    figure = marked.figure if marked is not None else text
    if is_missing_marker(figure):
        return Missing(text=text, where=where)
    if (problem := too_many_digits(text)) is not None:
        raise InputError(problem, where)
    if col.kind == ColumnKind.RATE:
        return _rate_cell(col, kind, text, figure, codes, where)
    number = parse_number(figure)
    stated = col.formula is not None or kind != RowKind.DATA
    if stated:
        if number is None:
            return Stated(text=text, value=None, shorthand=codes, where=where)
        return Stated(text=text, value=number.value, decimals=number.decimals,
                      sign=number.percent, shorthand=codes, where=where)
    if number is None:
        raise InputError(f"{text!r} is not a number", where)
    _check_input(col, number.value, number.decimals, number.percent, text, where)
    return Input(value=number.value, text=text, shorthand=codes, where=where)


def _rate_cell(col: Column, kind: RowKind, text: str, figure: str, codes: tuple[str, ...],
               where: Where) -> Cell:
    rate = parse_rate(figure)
    if rate is None:
        raise InputError(f"{text!r} is not a rate: write a count, or \"n (x%)\"", where)
    if kind == RowKind.DATA:
        _check_input(col, rate.count.value, rate.count.decimals, False, text, where)
    if rate.percent is None and kind == RowKind.DATA:
        return Input(value=rate.count.value, text=text, shorthand=codes, where=where)
    return Stated(text=text, value=rate.count.value, decimals=rate.count.decimals,
                  percent=rate.percent.value if rate.percent else None,
                  percent_decimals=rate.percent.decimals if rate.percent else None,
                  percent_sign=bool(rate.percent and rate.percent.percent), shorthand=codes,
                  where=where)


def _check_input(col: Column, value: Decimal, decimals: int, percent: bool, text: str,
                 where: Where) -> None:
    if col.kind in (ColumnKind.COUNT, ColumnKind.RATE):
        if value < 0:
            raise InputError(f"{text!r}: a count cannot be negative", where)
        if decimals or value != value.to_integral_value():
            raise InputError(f"{text!r}: a count must be a whole number", where)
    if percent and not col.kind.is_percent:
        raise InputError(f"{text!r} has a % sign but column {col.key!r} is a {col.kind} "
                         "column", where)


