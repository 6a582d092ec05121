"""Table data from an Excel workbook and from rows typed in report.yaml."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from cspdoc.errors import InputError
from cspdoc.model import Input, Missing, Stated
from cspdoc.pipeline import check, prepare
from cspdoc.readers import read_report
from tests.conftest import MINIMAL_YAML, MakeReport

XLSX_YAML = MINIMAL_YAML.replace("data: tables/crime.csv", "data: tables/crime.xlsx\n"
                                 "    sheet: Crime").replace(
    "      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}\n",
    "      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}\n"
    "      - {key: pct, label: \"% change\", kind: percent_change, formula: "
    "\"pct_change(y2023, y2024)\"}\n")


def workbook(path, rows, sheet="Crime", percent_format="0.0%"):
    book = Workbook()
    ws = book.active
    ws.title = "Cover"
    ws["A1"] = "not this sheet"
    data = book.create_sheet(sheet)
    for row in rows:
        data.append(row)
    for cell in data["E"][1:]:
        cell.number_format = percent_format
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def it_reads_a_named_sheet_with_excel_row_numbers(make_report: MakeReport):
    folder = make_report(XLSX_YAML)
    workbook(folder / "tables" / "crime.xlsx", [
        ["offence", "2023", "2024", "Variance", "% change"],
        [None, None, None, None, None],  # a blank row is skipped, rows keep their numbers
        ["Robbery", 19, 21, 2, 0.105],
        ["Theft", 1712, 1805.0, 93, 0.054],
        ["Total", 1731, 1826, 95, 0.055],
    ])
    table = read_report(folder).figures()[0]
    rows = table.rows
    assert [r.line for r in rows] == [3, 4, 5]
    assert isinstance(rows[1].cells[2], Input) and rows[1].cells[2].value == 1805
    pct = rows[0].cells[4]
    assert isinstance(pct, Stated)
    assert (pct.text, pct.value, pct.decimals) == ("10.5%", Decimal("10.5"), 1)
    assert check(folder).errors == 0


def it_names_the_sheet_that_is_not_there(make_report: MakeReport):
    folder = make_report(XLSX_YAML)
    workbook(folder / "tables" / "crime.xlsx", [["offence"]], sheet="Other")
    with pytest.raises(InputError) as info:
        prepare(folder)
    assert info.value.line() == ("tables/crime.xlsx: no sheet named 'Crime' (sheets: "
                                 "Cover, Other)")


def it_points_at_the_excel_row_of_a_bad_cell(make_report: MakeReport):
    folder = make_report(XLSX_YAML)
    workbook(folder / "tables" / "crime.xlsx", [
        ["offence", "2023", "2024", "Variance", "% change"],
        ["Robbery", 19, "twenty-one", 2, 0.105],
    ])
    with pytest.raises(InputError) as info:
        prepare(folder)
    assert info.value.line() == "tables/crime.xlsx:Crime!C2: y2024: 'twenty-one' is not a number"


INLINE_YAML = MINIMAL_YAML.replace("    data: tables/crime.csv\n", "").replace(
    "sections:", """    rows:
      - [Robbery, 19, 21, 2]
      - {offence: Theft, y2023: "1,712", y2024: 1805, variance: "="}
      - [Total, 1731, "", 95]
sections:""")


def it_reads_rows_typed_in_the_definition(make_report: MakeReport):
    folder = make_report(INLINE_YAML)
    table = prepare(folder).report.figures()[0]
    assert [r.line for r in table.rows] == [19, 20, 21]
    assert table.file is None
    assert [c.display for c in table.rows[1].cells[1:]] == ["1,712", "1,805", "93"]
    assert isinstance(table.rows[2].cells[2], Missing)


def it_names_the_yaml_line_of_a_short_inline_row(make_report: MakeReport):
    folder = make_report(INLINE_YAML.replace("- [Robbery, 19, 21, 2]", "- [Robbery, 19]"))
    with pytest.raises(InputError) as info:
        prepare(folder)
    assert info.value.line() == "report.yaml:19: figures.crime.rows: row has 2 cells for 4 columns"
