"""Tables from Excel workbooks as analysts save them, as records for ``tables.build_rows``.

Step 1  open the workbook (formulas and their saved values, merged cells, names, tables)
Step 2  the sheet and the area: ``sheet:``, ``range:`` (A1 cells, a defined name or an
        Excel table name); without them, the one sheet whose rows name the columns
Step 3  the header: the row (``header_row:``, or found) naming the most declared columns;
        the rows just above it (merged group cells, titles) form each column's header path,
        matched to the model's ``group`` and ``label``; a blank or title row above is skipped
Step 4  the rows under it: data until the notes; a note is a single cell under the table
        ("Source: ...", "Note 1 ...", or any line after a blank row); "Source:" lines give
        the table's source, the others its notes, never rows
Step 5  each cell as text: numbers exactly (a % number format gives "10.2%"), numbers
        stored as text as typed, a formula's saved value; a formula with no saved value is
        marked (computed where the column or row is derived, an error elsewhere)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cspdoc.errors import InputError
from cspdoc.model import Column
from cspdoc.numbers import decimal_from_float, round_half_away
from cspdoc.where import Where

MAX_HEADER_ROWS = 3  # rows of a header above the row of labels (groups, a title)
HEADER_SEARCH_ROWS = 100  # the header is looked for in the area's first rows
_NOTE = re.compile(r"^\s*(sources?\b|notes?\b|\*|†|‡|\[note|\(?\d{1,2}[.):]\s|[¹²³⁴⁵⁶⁷⁸⁹⁰])",
                   re.IGNORECASE)
_SOURCE = re.compile(r"^\s*sources?\s*[:\-–]\s*", re.IGNORECASE)
_A1 = re.compile(r"^(?:(?P<sheet>'[^']+'|[^!]+)!)?(?P<ref>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}"
                 r"\$?\d+)?)$", re.IGNORECASE)
_DATE_FORMATS = (("mmm-yy", "%b-%y"), ("mmm yy", "%b %y"), ("mmmm yyyy", "%B %Y"),
                 ("mmm yyyy", "%b %Y"), ("mmm-yyyy", "%b-%Y"), ("yyyy", "%Y"),
                 ("dd/mm/yyyy", "%d/%m/%Y"), ("d/m/yyyy", "%d/%m/%Y"))


@dataclass(frozen=True)
class Cell:
    """One worksheet cell's text, and what the reader must know about where it came from:
    its address, a formula with no saved value, a number stored in General format."""

    text: str
    address: str
    formula: str | None = None  # a formula with no saved value
    general_number: bool = False


@dataclass
class SheetTable:
    """A table found in a worksheet: ``header`` (per column: the declared column key it
    matched, else its header text), the data rows by Excel row number, notes and source."""

    sheet: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[Cell]]]
    notes: list[str] = field(default_factory=list)
    source: str | None = None


@dataclass(frozen=True)
class _Area:
    min_col: int
    min_row: int
    max_col: int
    max_row: int


# ---------------------------------------------------------------- step 1 and 2


def read_sheet_table(path: Path, display: str, columns: tuple[Column, ...], *,
                     sheet: str | None = None, header_row: int | None = None,
                     area: str | None = None) -> SheetTable:
    """The table of ``columns`` in the workbook at ``path`` (shown as ``display``)."""
    from openpyxl import load_workbook  # imported here: only XLSX users pay for it

    where = Where(file=display)
    try:
        book = load_workbook(path, data_only=False)
    except FileNotFoundError:
        raise InputError("table file not found", where) from None
    except Exception as exc:  # openpyxl raises several unrelated types for bad files
        raise InputError(f"cannot read the workbook: {exc}", where) from None
    names = [ws.title for ws in book.worksheets]  # chart sheets hold no table
    if sheet is not None and sheet not in names:
        raise InputError(f"no sheet named {sheet!r} (sheets: {', '.join(names)})", where)
    located = _named_area(book, area, where) if area is not None else (None, None)
    if located[0] is not None:
        if sheet is not None and located[0] != sheet:
            raise InputError(f"range {area!r} is on sheet {located[0]!r}, not {sheet!r}",
                             where)
        sheet = located[0]
    reader = _Reader(path, book, display, columns)
    if sheet is not None:
        return reader.read(sheet, located[1], header_row)
    found: list[SheetTable] = []
    problems: list[InputError] = []
    for name in names:
        try:
            found.append(reader.read(name, located[1], header_row))
        except _NoHeader:
            continue
        except InputError as exc:
            problems.append(exc)
    if len(found) == 1:
        return found[0]
    if found:
        raise InputError(f"sheets {_and([t.sheet for t in found])} each hold these "
                         "columns: name the one to read with 'sheet:'", where)
    if problems:
        raise problems[0]
    raise InputError(f"no sheet names the table's columns ({_column_words(columns)}) in a "
                     f"header row (sheets: {', '.join(names)}); name it with 'sheet:', and "
                     "'header_row:' or 'range:'", where)


def _named_area(book: Any, area: str, where: Where) -> tuple[str | None, _Area]:
    """``range:``: an Excel table, a defined name, or A1 cells ("Sheet!A3:F20"; without
    a sheet, on the sheet named by ``sheet:`` or the one whose cells there hold the
    table: None)."""
    from openpyxl.utils.cell import range_boundaries

    for ws in book.worksheets:
        if area in ws.tables:
            return ws.title, _area(range_boundaries(ws.tables[area].ref))
    defined = book.defined_names.get(area)
    scoped = [(ws, ws.defined_names[area]) for ws in book.worksheets
              if area in ws.defined_names]
    if defined is None and scoped:
        defined = scoped[0][1]
    if defined is not None:
        destinations = list(defined.destinations)
        if len(destinations) != 1:
            raise InputError(f"the name {area!r} does not refer to one block of cells "
                             f"({defined.attr_text})", where)
        title, ref = destinations[0]
        return title, _area(range_boundaries(ref.replace("$", "")))
    m = _A1.match(area.strip())
    if m is not None:
        title = (m["sheet"] or "").strip("'") or None
        if title is not None and title not in book.sheetnames:
            raise InputError(f"no sheet named {title!r} (sheets: "
                             f"{', '.join(book.sheetnames)})", where)
        ref = m["ref"].replace("$", "")
        return title, _area(range_boundaries(ref if ":" in ref else f"{ref}:{ref}"))
    tables = [name for ws in book.worksheets for name in ws.tables]
    known = ", ".join([*book.defined_names, *tables]) or "none"
    raise InputError(f"range {area!r} is not cells such as A3:F20, a defined name or an "
                     f"Excel table of this workbook (names and tables: {known})", where)


def _area(bounds: tuple[Any, ...]) -> _Area:
    min_col, min_row, max_col, max_row = (int(b) for b in bounds)
    return _Area(min_col, min_row, max_col, max_row)


class _NoHeader(InputError):
    """No row of the sheet names enough of the declared columns."""


# ---------------------------------------------------------------- step 3 and 4


class _Reader:
    def __init__(self, path: Path, book: Any, display: str, columns: tuple[Column, ...]
                 ) -> None:
        self.path, self.book, self.display, self.columns = path, book, display, columns
        self._values: Any = None

    def read(self, title: str, area: _Area | None, header_row: int | None) -> SheetTable:
        ws = self.book[title]
        typed = _typed(ws)  # cells holding something (formatting alone makes no row)
        if area is None:
            area = _Area(1, 1, max((c for _, c in typed), default=1),
                         max((r for r, _ in typed), default=1))
        else:
            area = _Area(area.min_col, area.min_row, area.max_col,
                         min(area.max_row, max((r for r, _ in typed), default=1)))
        grid = _Grid(ws, area, self)
        where = Where(file=self.display, sheet=title)
        if header_row is not None:
            if not area.min_row <= header_row <= area.max_row:
                raise InputError(f"header_row {header_row} is outside the table's rows "
                                 f"({area.min_row}-{area.max_row})", where)
            label_row = header_row
        else:
            label_row = self._find_header(grid, where)
        paths = grid.header_paths(label_row)
        span = [c for c in paths if paths[c] or self._blank_label_allowed(c, paths)]
        header = [match_header(paths[c], self.columns) or " ".join(paths[c]) for c in span]
        table = SheetTable(title, header, label_row, [])
        self._body(grid, label_row, span, table, where)
        return table

    def saved_values(self, title: str) -> Any:
        """The worksheet's saved formula results (a second read of the file)."""
        from openpyxl import load_workbook

        if self._values is None:
            self._values = load_workbook(self.path, data_only=True)
        return self._values[title]

    def _blank_label_allowed(self, col: int, paths: dict[int, tuple[str, ...]]) -> bool:
        """A blank header cell is a column when the model declares a column without a
        label (the seed's area column) and it lies at the table's left edge, or when it
        sits between named columns."""
        named = [c for c, p in paths.items() if p]
        if not named:
            return False
        if min(named) < col < max(named):
            return True
        return col == min(named) - 1 and any(not c.label_text.strip() for c in self.columns)

    def _find_header(self, grid: _Grid, where: Where) -> int:
        wanted = [c for c in self.columns if c.formula is None] or list(self.columns)
        need = max(1, (len(wanted) + 1) // 2)
        best, best_score = 0, 0
        for row in grid.rows()[:HEADER_SEARCH_ROWS]:
            paths = grid.header_paths(row)
            keys = {match_header(p, self.columns) for p in paths.values() if p}
            score = len(keys - {None})
            if score > best_score:
                best, best_score = row, score
        if best_score < need:
            raise _NoHeader(f"no header row names the table's columns "
                            f"({_column_words(self.columns)}); name the row with "
                            "'header_row:' or the cells with 'range:'", where)
        return best

    def _body(self, grid: _Grid, label_row: int, span: list[int], table: SheetTable,
              where: Where) -> None:
        first = span[0] if span else grid.area.min_col
        last = span[-1] if span else grid.area.min_col
        blank_after_data = False
        in_notes = False
        for row in range(label_row + 1, grid.area.max_row + 1):
            typed = {c: grid.cell(row, c, fill=False) for c in range(grid.area.min_col,
                                                                     grid.area.max_col + 1)}
            used = [c for c, cell in typed.items() if cell.text.strip() or cell.formula]
            if not used:
                blank_after_data = blank_after_data or bool(table.rows)
                continue
            single = len(used) == 1 and used[0] <= first
            text = typed[used[0]].text.strip()
            if single and (in_notes or blank_after_data or _NOTE.match(text)
                           or grid.merged_across(row, first, last)):
                in_notes = True
                self._note(text, table)
                continue
            if in_notes:
                break  # another block below the notes: not this table
            beyond = [c for c in used if c > last or c < first]
            if beyond:
                from openpyxl.utils import get_column_letter

                letters = ", ".join(get_column_letter(c) for c in beyond)
                raise InputError(f"row has values beyond the table's {len(span)} header "
                                 f"columns (column {letters})", where.but(line=row))
            table.rows.append((row, [grid.cell(row, c, fill=self._fills(table, span, c))
                                     for c in span]))

    def _fills(self, table: SheetTable, span: list[int], col: int) -> bool:
        """Whether a merged cell's value is repeated down this column: labels and text
        only (a merged number would be counted twice)."""
        key = table.header[span.index(col)]
        return any(c.key == key and c.kind.is_text for c in self.columns)

    @staticmethod
    def _note(text: str, table: SheetTable) -> None:
        if _SOURCE.match(text) and table.source is None:
            table.source = _SOURCE.sub("", text, count=1).strip()
        else:
            table.notes.append(text)


def _typed(ws: Any) -> set[tuple[int, int]]:
    """The (row, column) of every cell holding a value or a formula."""
    return {key for key, cell in ws._cells.items() if cell.value is not None}


class _Grid:
    """The cells of an area of a worksheet, with merged cells resolved."""

    def __init__(self, ws: Any, area: _Area, reader: _Reader) -> None:
        self.ws, self.area, self.reader = ws, area, reader
        self.merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for rng in ws.merged_cells.ranges:
            bounds = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.merged[(r, c)] = bounds

    def rows(self) -> range:
        return range(self.area.min_row, self.area.max_row + 1)

    def merged_across(self, row: int, first: int, last: int) -> bool:
        bounds = self.merged.get((row, first))
        return bounds is not None and bounds[3] >= min(last, first + 1) and bounds[0] == row

    def cell(self, row: int, col: int, *, fill: bool = True) -> Cell:
        """The cell's text; inside a merged range, the range's value when ``fill``."""
        bounds = self.merged.get((row, col))
        r, c = (bounds[0], bounds[1]) if bounds is not None and fill else (row, col)
        from openpyxl.utils import get_column_letter

        address = f"{get_column_letter(col)}{row}"
        # Looked up, not ws.cell(): that would create the cell (and rows) it asks for.
        source = self.ws._cells.get((r, c))
        if source is None:
            return Cell("", address)
        value = source.value
        if getattr(source, "data_type", "") == "f":  # a formula: its saved result
            saved_cell = self.reader.saved_values(self.ws.title)._cells.get((r, c))
            saved = saved_cell.value if saved_cell is not None else None
            if saved is None:
                return Cell("", address, formula=str(getattr(value, "text", value)))
            value = saved
        text, general = cell_text(value, str(source.number_format or "General"))
        return Cell(text, address, None, general)

    def header_paths(self, label_row: int) -> dict[int, tuple[str, ...]]:
        """For each column of the area, the header texts from the rows above the label
        row (up to MAX_HEADER_ROWS, stopping at a blank row) down to it; a merged cell
        counts once."""
        top = label_row
        while top > max(self.area.min_row, label_row - MAX_HEADER_ROWS):
            above = top - 1
            if not any(self.cell(above, c).text.strip() for c in range(
                    self.area.min_col, self.area.max_col + 1)):
                break
            top = above
        paths: dict[int, tuple[str, ...]] = {}
        for c in range(self.area.min_col, self.area.max_col + 1):
            parts: list[str] = []
            if not self.cell(label_row, c).text.strip():
                paths[c] = ()  # a blank label cell: whatever stands above is a title
                continue
            for r in range(top, label_row + 1):
                text = " ".join(self.cell(r, c).text.split())
                if text and (not parts or parts[-1] != text):
                    parts.append(text)
            paths[c] = tuple(parts)
        return paths


# ---------------------------------------------------------------- matching and text


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def match_header(path: tuple[str, ...], columns: tuple[Column, ...]) -> str | None:
    """The key of the declared column a header path names, or None.

    The last text is the column's label (or key); a column with a ``group`` needs that
    group among the texts above it; texts above that name no group (a title, a group
    the model does not declare) are ignored unless the label alone is ambiguous. The
    whole path read as one label ("Recorded crime 2023") matches too.
    """
    if not path:
        return None
    parts = [_norm(p) for p in path]
    label, above = parts[-1], parts[:-1]
    joined = " ".join(parts)
    by_label = [c for c in columns if label in (_norm(c.label_text), c.key.lower())]
    grouped = [c for c in by_label if c.group is not None and _norm(c.group) in above]
    if grouped:
        return grouped[0].key
    plain = [c for c in by_label if c.group is None]
    if len(plain) == 1:
        return plain[0].key
    whole = [c for c in columns if joined == _norm(c.label_text)
             or (c.group is not None and joined.endswith(_norm(f"{c.group} {c.label_text}")))]
    return whole[0].key if len(whole) == 1 else None


def cell_text(value: Any, number_format: str) -> tuple[str, bool]:
    """A cell's value as text, and whether it is a number in a plain (not percent)
    format, which the reader checks for fractions in percent columns."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return str(value), False
    if isinstance(value, int | float):
        number = Decimal(value) if isinstance(value, int) else decimal_from_float(value)
        if "%" in number_format:  # shown as a percentage: Excel rounds half away too
            return f"{round_half_away(number * 100, _percent_places(number_format))}%", False
        if number == number.to_integral_value():
            number = number.to_integral_value()  # 60.0, a float only for a blank nearby
        return str(number), True
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value, number_format), False
    text = str(value).replace("\u00a0", " ").strip()
    return text, False


def _percent_places(number_format: str) -> int:
    body = number_format.split(";")[0]
    if "." not in body:
        return 0
    return len(re.sub(r"[^0#]", "", body.split(".")[1]))


def _date_text(value: dt.date, number_format: str) -> str:
    """A date as its number format shows it ("Apr-24"), for header labels."""
    fmt = number_format.lower().replace("\\", "").replace('"', "")
    for excel, python in _DATE_FORMATS:
        if fmt.startswith(excel):
            return value.strftime(python)
    return value.strftime("%Y-%m-%d")


def _column_words(columns: tuple[Column, ...]) -> str:
    return ", ".join(c.label_text or c.key for c in columns)


def _and(items: list[str]) -> str:
    quoted = [repr(i) for i in items]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1] if len(quoted) > 1 else quoted[0]
