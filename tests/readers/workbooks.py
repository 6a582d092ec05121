"""Workbooks made the way analysts save them, for the reader and end-to-end tests.

``crime_workbook`` writes a council's crime table as it comes out of a performance
team: a cover sheet first, then the table under a title and a blank row, a two-row
header whose group cells are merged, a formula column, a Total row, and the source and
a note under it. ``save_results`` stores formula results the way Excel does when it
saves (openpyxl writes formulas without them: the "never opened in Excel" case).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.table import Table as ExcelTable

from tests.conftest import MINIMAL_YAML

# The minimal report's crime table with a grouped header: "Recorded crime" over 2023
# and 2024, "Change" over the variance and the % change.
GROUPED_YAML = MINIMAL_YAML.replace("    data: tables/crime.csv\n",
                                    "    data: tables/crime.xlsx\n").replace(
    """      - {key: offence, label: Offence, kind: label}
      - {key: y2023, label: "2023", kind: count}
      - {key: y2024, label: "2024", kind: count}
      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}
""", """      - {key: offence, label: Offence, kind: label}
      - {key: y2023, label: "2023", kind: count, group: Recorded crime}
      - {key: y2024, label: "2024", kind: count, group: Recorded crime}
      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023, group: Change}
      - {key: pct, label: "% change", kind: percent_change,
         formula: "pct_change(y2023, y2024)", group: Change}
""")

DATA: list[tuple[Any, ...]] = [
    ("Robbery", 19, 21, "=C6-B6", "=(C6-B6)/B6"),
    ("Theft", 1712, 1805, "=C7-B7", "=(C7-B7)/B7"),
    ("Burglary", 310, 296, "=C8-B8", "=(C8-B8)/B8"),
    ("Total", "=SUM(B6:B8)", "=SUM(C6:C8)", "=C9-B9", "=(C9-B9)/B9"),
]


def crime_workbook(path: Path, data: list[tuple[Any, ...]] | None = None, *,
                   sheet: str = "Crime", percent_format: str = "0.0%",
                   notes: tuple[str, ...] = ("Source: Hampshire & IoW Constabulary",
                                             "Note 1: April to December of each year."),
                   cover: bool = True) -> Workbook:
    """Write the table (title in A1, header in rows 4-5, data from row 6)."""
    book = Workbook()
    first = book.active
    if cover:
        first.title = "Cover"
        first["A1"] = "Community Safety Partnership: performance tables"
        first["A3"] = "Contents: Crime"
        ws = book.create_sheet(sheet)
    else:
        ws = first
        ws.title = sheet
    ws["A1"] = "Table 1: Recorded crime in Winchester, April to December"
    ws.merge_cells("A1:E1")
    ws["A4"] = "Offence"
    ws.merge_cells("A4:A5")
    ws["B4"] = "Recorded crime"
    ws.merge_cells("B4:C4")
    ws["D4"] = "Change"
    ws.merge_cells("D4:E4")
    for col, text in zip("BCDE", ("2023", "2024", "Variance", "% change"), strict=True):
        ws[f"{col}5"] = text
    rows = DATA if data is None else data
    for i, row in enumerate(rows, start=6):
        for col, value in zip("ABCDE", row, strict=False):
            ws[f"{col}{i}"] = value
        ws[f"E{i}"].number_format = percent_format
    below = 6 + len(rows) + 1
    for offset, text in enumerate(notes):
        ws[f"A{below + offset}"] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return book


def add_excel_table(path: Path, sheet: str, ref: str, name: str) -> None:
    """Mark ``ref`` as an Excel table called ``name`` (Insert > Table)."""
    book = load_workbook(path)
    book[sheet].add_table(ExcelTable(displayName=name, ref=ref))
    book.save(path)


def save_results(path: Path, results: dict[str, Any]) -> None:
    """Store each formula's result ("Crime!D6": 2) as Excel does when it saves."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    book = load_workbook(path)
    for ref, value in results.items():
        sheet, cell = ref.split("!")
        part = f"xl/worksheets/sheet{book.sheetnames.index(sheet) + 1}.xml"
        xml = parts[part].decode("utf-8")
        xml, count = re.subn(rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?',
                             rf"\g<1><v>{value}</v>", xml)
        assert count == 1, f"no formula in {ref}"
        parts[part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


CRIME_RESULTS = {"Crime!D6": 2, "Crime!E6": 0.105263157894737, "Crime!D7": 93,
                 "Crime!E7": 0.0543224299065421, "Crime!D8": -14,
                 "Crime!E8": -0.0451612903225806, "Crime!B9": 2041, "Crime!C9": 2122,
                 "Crime!D9": 81, "Crime!E9": 0.0396864282214601}
