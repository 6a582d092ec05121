"""Report → ``<slug>-tables.xlsx``: the paper's tables as an accessible workbook, in the
Government Analysis Function's style for releasing statistics in spreadsheets.

Step 1  a cover sheet (what the workbook is, the paper it belongs to, the period, the
        contact, and the shorthand the tables use, explained), a contents sheet and a
        notes sheet, each a titled sheet with its one table
Step 2  one sheet per table: a title row ("Figure 3: ..." with its [note N] marks), its
        source, a line saying what the sheet holds, then the table as an Excel table
        with one header row (a grouped column's header names its group: "Recorded crime:
        2023"), no merged cells and no blank cells: figures stored as numbers with the
        number format the paper prints them in, a rate "n (x%)" as two columns, a blank
        as [x], shorthand as typed, a code beside a figure in the row's notes column
Step 3  fixed document properties and zip entry times from the report's metadata, so
        the same input gives the same bytes

It prints what the model holds: values are the model's (``numbers.spreadsheet_value``
stores them, ``spreadsheet_format`` sets the places the paper prints); nothing here
rounds or computes a figure. openpyxl writes it (a dependency already, for reading);
ONS's gptables was weighed and not used: it needs pandas (optional here) and
XlsxWriter, formats whole columns rather than the per-cell precision a transcribed
paper has, and leaves the archive's times to the clock.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cspdoc.model import (
    Column,
    ColumnKind,
    Derived,
    Emph,
    FootnoteRef,
    Inlines,
    Input,
    Link,
    Missing,
    Report,
    RowKind,
    Stated,
    Strong,
    Table,
    TextCell,
    plain_text,
)
from cspdoc.numbers import (
    SHORTHAND_CODES,
    Unit,
    format_date,
    spreadsheet_format,
    spreadsheet_value,
)
from cspdoc.writers.docx.package import normalise_archive

NOT_AVAILABLE = "[x]"  # a blank cell of the paper: no blank cells in a data table
TITLE_SIZE = 14
MAX_WIDTH = 60


@dataclass
class _Notes:
    """The notes sheet's rows, numbered in order of first mention."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)  # number, text, where
    by_text: dict[str, str] = field(default_factory=dict)

    def mark(self, text: str, applies_to: str) -> str:
        if text not in self.by_text:
            self.by_text[text] = f"[note {len(self.by_text) + 1}]"
            self.rows.append((self.by_text[text], text, applies_to))
        return self.by_text[text]


def _sheet_name(table: Table) -> str:
    return f"{table.label}_{table.number}" if table.number else table.id[:31]


def _header(col: Column, percent: bool = False) -> str:
    label = col.label_text.strip() or ("Area" if col.kind.is_text else col.key)
    text = f"{col.group}: {label}" if col.group else label
    return f"{text} (%)" if percent else text


def _places(col: Column, cell: object) -> int:
    if col.decimals is not None:
        return col.decimals
    if isinstance(cell, Stated):
        return cell.decimals
    if isinstance(cell, Input):
        exponent = cell.value.as_tuple().exponent
        return max(-exponent, 0) if isinstance(exponent, int) else 0
    return col.kind.default_places


def _unit(col: Column) -> Unit:
    return Unit.COUNT if col.kind == ColumnKind.RATE else col.kind.unit


class _Cells:
    """The workbook's value (and number format) for each cell of the model."""

    def __init__(self) -> None:
        self.codes: list[str] = []  # shorthand the workbook prints, in order

    def code(self, text: str) -> str:
        for code in text.split():
            if code in SHORTHAND_CODES and code not in self.codes:
                self.codes.append(code)
        return text

    def figure(self, col: Column, cell: object) -> tuple[Any, str | None]:
        """The count or figure of a cell; a code or [x] where it holds none."""
        if isinstance(cell, Missing):
            return self.code(cell.text if cell.shorthand else NOT_AVAILABLE), None
        value = cell.value if isinstance(cell, Input | Stated | Derived) else None
        if value is None:
            codes = getattr(cell, "shorthand", ())
            return self.code(" ".join(codes) if codes else NOT_AVAILABLE), None
        unit = _unit(col)
        places = _places(col, cell) if col.kind != ColumnKind.RATE else 0
        return spreadsheet_value(value, unit), spreadsheet_format(unit, places)

    def share(self, col: Column, cell: object) -> tuple[Any, str | None]:
        """The percentage of a rate "n (x%)" (as published, or as computed)."""
        if isinstance(cell, Stated) and cell.percent is not None:
            places = cell.percent_decimals or 0
            return (spreadsheet_value(cell.percent, Unit.PERCENT),
                    spreadsheet_format(Unit.PERCENT, places))
        value = cell.percent if isinstance(cell, Input | Derived) else None
        if value is None:  # no percentage: the count's code, or [x]
            figure = self.figure(col, cell)[0]
            return (figure if isinstance(figure, str) else self.code(NOT_AVAILABLE)), None
        places = col.decimals if col.decimals is not None else Unit.PERCENT.default_places
        return spreadsheet_value(value, Unit.PERCENT), spreadsheet_format(Unit.PERCENT, places)


def _note_refs(table: Table) -> list[str]:
    """Footnotes referenced anywhere in the table, in reading order."""
    found: list[str] = []

    def visit(inlines: Inlines) -> None:
        for node in inlines:
            if isinstance(node, FootnoteRef) and node.id not in found:
                found.append(node.id)
            elif isinstance(node, Strong | Emph | Link):
                visit(node.children)

    for col in table.columns:
        visit(col.label)
    for row in table.rows:
        for cell in row.cells:
            if isinstance(cell, TextCell):
                visit(cell.content)
    for inlines in (table.source or (), *table.notes, table.caption):
        visit(inlines)
    return found


def _table_sheet(book: Any, report: Report, table: Table, notes: _Notes,
                 cells: _Cells) -> tuple[str, str]:
    """Step 2 for one table; returns its sheet name and title."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.table import Table as ExcelTable
    from openpyxl.worksheet.table import TableStyleInfo

    ws = book.create_sheet(_sheet_name(table))
    applies = f"{table.label} {table.number}"
    marks = [notes.mark(plain_text(n), applies) for n in table.notes]
    texts = {n.id: plain_text(n.content) for n in report.footnotes}
    marks += [notes.mark(texts[ref], applies) for ref in _note_refs(table) if ref in texts]
    title = f"{applies}: {plain_text(table.caption)}"
    ws.append([" ".join([title, *marks])])
    ws["A1"].font = Font(bold=True, size=TITLE_SIZE)
    ws.append(["This worksheet contains one table. Figures are as printed in the paper; "
               "[x] marks a blank (not available) cell."])
    if table.source is not None:
        ws.append([f"Source: {plain_text(table.source)}"])
    header_row = ws.max_row + 1
    header: list[str] = []
    for col in table.columns:
        header.append(_header(col))
        if col.kind == ColumnKind.RATE:
            header.append(_header(col, percent=True))
    beside = any(isinstance(c, Input | Stated) and c.shorthand for r in table.rows
                 for c in r.cells)
    if beside:
        header.append("Notes on this row")
    header.append("Row type")
    ws.append(_unique(header))
    for row in table.rows:
        values: list[tuple[Any, str | None]] = []
        qualifiers: list[str] = []
        for col, cell in zip(table.columns, row.cells, strict=True):
            if isinstance(cell, TextCell):
                values.append((plain_text(cell.content) or NOT_AVAILABLE, None))
                continue
            values.append(cells.figure(col, cell))
            if col.kind == ColumnKind.RATE:
                values.append(cells.share(col, cell))
            if isinstance(cell, Input | Stated) and cell.shorthand:
                qualifiers.append(f"{_header(col)}: {cells.code(' '.join(cell.shorthand))}")
        if beside:
            values.append(("; ".join(qualifiers) or "None", None))
        values.append((row.kind.value.capitalize(), None))
        ws.append([v for v, _ in values])
        for index, (_, fmt) in enumerate(values, start=1):
            if fmt is not None:
                ws.cell(row=ws.max_row, column=index).number_format = fmt
            if row.kind != RowKind.DATA:
                ws.cell(row=ws.max_row, column=index).font = Font(bold=True)
    for index in range(1, len(header) + 1):
        ws.cell(row=header_row, column=index).alignment = Alignment(wrap_text=True,
                                                                    vertical="top")
    _widths(ws, header_row)
    ref = f"A{header_row}:{_letter(len(header))}{ws.max_row}"
    excel = ExcelTable(displayName=f"{table.label}{table.number}", ref=ref)
    excel.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(excel)
    return ws.title, title


def _unique(header: list[str]) -> list[str]:
    """Excel table headers must differ: a repeat gets its position."""
    out: list[str] = []
    for i, text in enumerate(header, start=1):
        out.append(text if text not in out else f"{text} ({i})")
    return out


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _widths(ws: Any, header_row: int) -> None:
    for index, column in enumerate(ws.iter_cols(min_row=header_row), start=1):
        longest = max(len(str(c.value)) for c in column if c.value is not None)
        ws.column_dimensions[_letter(index)].width = min(max(longest + 2, 10), MAX_WIDTH)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width, 40)


def _listing(book: Any, title: str, intro: str, header: list[str],
             rows: list[list[Any]], links: bool = False) -> None:
    """A contents or notes sheet: a title, a line, and its one table."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.table import Table as ExcelTable
    from openpyxl.worksheet.table import TableStyleInfo

    ws = book.create_sheet(title)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=TITLE_SIZE)
    ws.append([intro])
    ws.append(header)
    for row in rows:
        ws.append(row)
        if links:
            cell = ws.cell(row=ws.max_row, column=1)
            cell.hyperlink = f"#'{row[0]}'!A1"
            cell.style = "Hyperlink"
    _widths(ws, 3)
    if rows:
        excel = ExcelTable(displayName=title.replace(" ", ""),
                           ref=f"A3:{_letter(len(header))}{ws.max_row}")
        excel.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
        ws.add_table(excel)


def _cover(ws: Any, report: Report, codes: list[str]) -> None:
    from openpyxl.styles import Font

    meta = report.meta
    ws.title = "Cover"
    ws.append([f"{meta.title}: data tables"])
    ws["A1"].font = Font(bold=True, size=TITLE_SIZE)
    lines = [
        f"The tables of the {meta.organisation} paper to the {meta.committee}, "
        f"{format_date(meta.meeting_date)} (reference {meta.reference}), one table to a "
        "sheet. The Contents sheet lists them; the Notes sheet holds their notes.",
        f"Period covered: {format_date(meta.period.start)} to {format_date(meta.period.end)}",
        f"Status: {meta.status.value.capitalize()}, version {meta.version}",
        "Contact: " + ", ".join(p for p in (meta.contact.name, meta.contact.role,
                                             meta.contact.email, meta.contact.phone) if p),
    ]
    for line in lines:
        ws.append([line])
    if codes:
        ws.append(["Shorthand used in the tables"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        meanings = {s.code: s.meaning for t in report.figures() if isinstance(t, Table)
                    for s in t.symbols}
        for code in codes:
            meaning = meanings.get(code, SHORTHAND_CODES[code].meaning)
            ws.append([f"{code} {meaning}"])
    ws.column_dimensions["A"].width = 100


def write_xlsx(report: Report, path: Path) -> None:
    """Write the report's tables as ``path`` (Steps 1-3)."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    notes = _Notes()
    cells = _Cells()
    tables = [f for f in report.figures() if isinstance(f, Table)]
    made = [_table_sheet(book, report, t, notes, cells) for t in tables]
    _cover(cover, report, cells.codes)
    count = f"{len(made)} table{'s' * (len(made) != 1)}"
    _listing(book, "Contents", f"This worksheet contains one table: the {count} of "
             "the paper, one to a sheet.", ["Sheet name", "Table title"],
             [[name, title] for name, title in made], links=True)
    _listing(book, "Notes", "This worksheet contains one table: the notes the tables "
             "refer to.", ["Note number", "Note text", "Applies to"],
             [list(row) for row in notes.rows] or [["None", "The tables have no notes.",
                                                    "All tables"]])
    for place, name in ((1, "Contents"), (2, "Notes")):  # after the cover
        book.move_sheet(name, offset=place - book.sheetnames.index(name))
    _properties(book, report)
    # openpyxl's save() stamps the modified date with the clock; its writer does not.
    from openpyxl.writer.excel import ExcelWriter

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    normalise_archive(path, report.meta)


def _properties(book: Any, report: Report) -> None:
    """Step 3: document properties from the report, never the clock."""
    meta = report.meta
    stamp = dt.datetime.combine(meta.date, dt.time(0, 0))
    props = book.properties
    props.title = f"{meta.title}: data tables"
    props.creator = meta.author or meta.organisation
    props.lastModifiedBy = meta.author or meta.organisation
    props.subject = meta.subject or meta.committee
    props.keywords = ", ".join(meta.keywords)
    props.language = meta.language
    props.identifier = meta.reference
    props.created = stamp
    props.modified = stamp
