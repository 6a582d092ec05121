"""Excel workbooks as analysts save them: titles, merged headers, notes, formulas,
fractions, numbers stored as text, several sheets, shorthand."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cspdoc.errors import InputError
from cspdoc.model import Derived, Input, Missing, Stated, plain_text
from cspdoc.pipeline import check, prepare
from tests.conftest import MakeReport
from tests.readers.workbooks import (
    CRIME_RESULTS,
    GROUPED_YAML,
    add_excel_table,
    crime_workbook,
    save_results,
)

CLI = [sys.executable, "-m", "cspdoc.cli"]


def printed(folder) -> list[list[str]]:
    table = prepare(folder).report.figures()[0]
    return [[plain_text(c.content) if c.type == "text" else (c.display or "")
             for c in row.cells] for row in table.rows]


def error_line(folder) -> str:
    with pytest.raises(InputError) as info:
        prepare(folder)
    return info.value.line()


def cli_check(folder) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "check", str(folder)], capture_output=True, text=True,
                          check=False)


def report(make_report: MakeReport, yaml: str = GROUPED_YAML):
    return make_report(yaml, drop=("tables/crime.csv",))


class DescribeATableAsSaved:
    def it_finds_the_sheet_header_and_notes_and_maps_merged_groups(self, make_report):
        folder = report(make_report)
        book = folder / "tables" / "crime.xlsx"
        crime_workbook(book)
        save_results(book, CRIME_RESULTS)
        assert printed(folder) == [
            ["Robbery", "19", "21", "2", "10.5%"],
            ["Theft", "1,712", "1,805", "93", "5.4%"],
            ["Burglary", "310", "296", "-14", "-4.5%"],
            ["Total", "2041", "2122", "81", "4.0%"]]  # a total prints as Excel shows it
        table = prepare(folder).report.figures()[0]
        assert [r.line for r in table.rows] == [6, 7, 8, 9]
        assert plain_text(table.source or ()) == "Hampshire & IoW Constabulary"
        assert [plain_text(n) for n in table.notes] == ["Note 1: April to December of each year."]
        total = table.rows[3].cells[1]
        assert isinstance(total, Stated) and total.where.source == "tables/crime.xlsx:Crime!B9"
        assert check(folder).errors == 0

    def it_checks_a_saved_result_that_is_wrong_at_its_cell(self, make_report):
        folder = report(make_report)
        book = folder / "tables" / "crime.xlsx"
        crime_workbook(book)
        save_results(book, {**CRIME_RESULTS, "Crime!B9": 2040})
        [finding] = [f for f in check(folder).findings if f.code == "total-mismatch"]
        assert finding.where.source == "tables/crime.xlsx:Crime!B9"
        assert finding.message == ("Figure 1, Total, 2023: the rows above add up to 2,041, "
                                   "but 2040 is printed.")

    def it_computes_formulas_with_no_saved_result_in_derived_cells(self, make_report):
        folder = report(make_report)
        crime_workbook(folder / "tables" / "crime.xlsx")  # never opened in Excel
        rows = printed(folder)
        assert [r[3:] for r in rows] == [["2", "10.5%"], ["93", "5.4%"], ["-14", "-4.5%"],
                                         ["81", "4.0%"]]
        assert [r[1:3] for r in rows][3] == ["2,041", "2,122"]  # the Total row's SUMs
        table = prepare(folder).report.figures()[0]
        assert all(isinstance(row.cells[3], Derived) for row in table.rows)

    def it_refuses_an_input_formula_with_no_saved_result(self, make_report):
        folder = report(make_report)
        data = [("Robbery", 19, "=10+11", None, None), ("Theft", 1712, 1805, None, None)]
        crime_workbook(folder / "tables" / "crime.xlsx", data)
        done = cli_check(folder)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            f"{folder}/tables/crime.xlsx:Crime!C6: y2024: the formula =10+11 has no saved "
            "result: the workbook was saved by a program that does not calculate (it was "
            "never opened in Excel); open it in Excel or LibreOffice and save it, or type "
            "the figure")

    def it_reads_blank_cells_anywhere_as_missing_or_computed(self, make_report):
        folder = report(make_report)
        data = [("Robbery", 19, None, None, None), (None, None, None, None, None),
                ("Theft", 1712, 1805, None, None), ("Total", 1731, None, None, None)]
        crime_workbook(folder / "tables" / "crime.xlsx", data)
        table = prepare(folder).report.figures()[0]
        assert [r.line for r in table.rows] == [6, 8, 9]  # the blank row is skipped
        robbery = table.rows[0].cells
        assert isinstance(robbery[2], Missing) and isinstance(robbery[3], Derived)
        assert robbery[3].value is None  # 2024 is missing: no variance, never 19
        assert printed(folder)[2] == ["Total", "1731", "", "", ""]
        assert check(folder).errors == 0

    def it_reads_numbers_stored_as_text(self, make_report):
        folder = report(make_report)
        data = [("Robbery", "19", " 21 ", None, None), ("Theft", "1,712", "1,805\u00a0", None,
                                                          None)]
        crime_workbook(folder / "tables" / "crime.xlsx", data)
        table = prepare(folder).report.figures()[0]
        cell = table.rows[0].cells[2]
        assert isinstance(cell, Input) and cell.value == 21
        assert printed(folder)[1][1] == "1,712"

    def it_reads_a_first_sheet_whose_first_cells_are_blank(self, make_report):
        """The crash of the issue: a merged header over a blank first cell."""
        folder = report(make_report)
        crime_workbook(folder / "tables" / "crime.xlsx", cover=False, notes=())
        assert printed(folder)[0][:3] == ["Robbery", "19", "21"]


class DescribeNamingTheTable:
    @staticmethod
    def located(where: str) -> str:
        return GROUPED_YAML.replace("    data: tables/crime.xlsx\n",
                                    f"    data: tables/crime.xlsx\n    {where}\n")

    def with_second_block(self, folder):
        """The table, and a second block of figures lower down the same sheet."""
        book = folder / "tables" / "crime.xlsx"
        crime_workbook(book, notes=())
        from openpyxl import load_workbook

        wb = load_workbook(book)
        ws = wb["Crime"]
        for i, row in enumerate([("Offence", "2023", "2024"), ("Arson", 5, 7)], start=20):
            for col, value in zip("ABC", row, strict=True):
                ws[f"{col}{i}"] = value
        wb.save(book)
        return book

    @pytest.mark.parametrize("where", ["header_row: 5", "range: A4:E9", "range: Crime!A4:E9",
                                       "range: CrimeTable", "range: crime_data"])
    def it_takes_the_header_row_a_range_a_name_or_an_excel_table(self, make_report, where):
        folder = report(make_report, self.located(where))
        book = crime_workbook(folder / "tables" / "crime.xlsx", notes=())
        from openpyxl.workbook.defined_name import DefinedName

        book.defined_names["crime_data"] = DefinedName("crime_data", attr_text="Crime!$A$4:$E$9")
        book.save(folder / "tables" / "crime.xlsx")
        if where == "range: CrimeTable":
            # An Excel table has one header row: the label row, groups kept out of it.
            crime = book["Crime"]
            crime.unmerge_cells("A4:A5")
            crime["A5"] = "Offence"
            book.save(folder / "tables" / "crime.xlsx")
            add_excel_table(folder / "tables" / "crime.xlsx", "Crime", "A5:E9", "CrimeTable")
        rows = printed(folder)
        assert [r[0] for r in rows] == ["Robbery", "Theft", "Burglary", "Total"]
        assert rows[3][1] == "2,041"

    def it_names_the_range_that_is_not_there(self, make_report):
        folder = report(make_report, self.located("range: Offences"))
        crime_workbook(folder / "tables" / "crime.xlsx")
        assert error_line(folder) == (
            "tables/crime.xlsx: range 'Offences' is not cells such as A3:F20, a defined name "
            "or an Excel table of this workbook (names and tables: none)")

    def it_lists_the_sheets_for_a_wrong_sheet(self, make_report):
        folder = report(make_report, self.located("sheet: Crimes"))
        crime_workbook(folder / "tables" / "crime.xlsx")
        assert error_line(folder) == ("tables/crime.xlsx: no sheet named 'Crimes' (sheets: "
                                      "Cover, Crime)")

    def it_lists_the_sheets_when_two_hold_the_table(self, make_report):
        folder = report(make_report)
        book = folder / "tables" / "crime.xlsx"
        wb = crime_workbook(book)
        copy = wb.copy_worksheet(wb["Crime"])
        copy.title = "Crime 2023"
        wb.save(book)
        assert error_line(folder) == ("tables/crime.xlsx: sheets 'Crime' and 'Crime 2023' "
                                      "each hold these columns: name the one to read with "
                                      "'sheet:'")

    def it_lists_the_sheets_when_none_holds_the_table(self, make_report):
        folder = report(make_report)
        book = folder / "tables" / "crime.xlsx"
        wb = crime_workbook(book, data=[("Robbery", 19, 21)])
        wb["Crime"].delete_rows(4, 2)  # the header rows
        wb.save(book)
        assert error_line(folder) == (
            "tables/crime.xlsx: no sheet names the table's columns (Offence, 2023, 2024, "
            "Variance, % change) in a header row (sheets: Cover, Crime); name it with "
            "'sheet:', and 'header_row:' or 'range:'")

    def it_stops_at_the_notes_and_ignores_a_block_below_them(self, make_report):
        folder = report(make_report)
        book = crime_workbook(folder / "tables" / "crime.xlsx")
        ws = book["Crime"]
        ws["A20"], ws["B20"], ws["C20"] = "Arson", 5, 7
        book.save(folder / "tables" / "crime.xlsx")
        assert [r[0] for r in printed(folder)] == ["Robbery", "Theft", "Burglary", "Total"]

    def it_names_the_column_of_a_value_beyond_the_header(self, make_report):
        folder = report(make_report)
        data = [("Robbery", 19, 21, None, None, None, "check with police")]
        book = crime_workbook(folder / "tables" / "crime.xlsx", data)
        book["Crime"]["G6"] = "check with police"
        book.save(folder / "tables" / "crime.xlsx")
        assert error_line(folder) == ("tables/crime.xlsx:Crime!6:6: row has values beyond "
                                      "the table's 5 header columns (column G)")


class DescribePercentCells:
    YAML = GROUPED_YAML.replace('formula: "pct_change(y2023, y2024)", group: Change}',
                                'group: Change}')

    def it_refuses_fractions_in_general_format(self, make_report):
        folder = report(make_report, self.YAML)
        data = [("Robbery", 19, 21, None, 0.102), ("Theft", 1712, 1805, None, -0.1373)]
        crime_workbook(folder / "tables" / "crime.xlsx", data, percent_format="General")
        assert error_line(folder) == (
            "tables/crime.xlsx:Crime!E6: pct: 0.102 looks like a fraction, not a percentage: "
            "every number in this percent column lies between -1 and 1 and none is "
            "formatted as a percentage; format the column as a percentage in Excel (0.102 "
            "then shows as 10.2%), or type the percentages")

    def it_reads_fractions_with_a_percent_format_as_percentages(self, make_report):
        folder = report(make_report, self.YAML)
        data = [("Robbery", 19, 21, None, 0.102), ("Theft", 1712, 1805, None, -0.1373)]
        crime_workbook(folder / "tables" / "crime.xlsx", data, percent_format="0.0%")
        assert [r[4] for r in printed(folder)] == ["10.2%", "-13.7%"]

    def it_keeps_percentages_typed_as_numbers_over_one(self, make_report):
        folder = report(make_report, self.YAML)
        data = [("Robbery", 19, 21, None, 10.5), ("Theft", 1712, 1805, None, 0.4)]
        crime_workbook(folder / "tables" / "crime.xlsx", data, percent_format="General")
        assert [r[4] for r in printed(folder)] == ["10.5%", "0.4%"]


class DescribeShorthandInAWorkbook:
    def it_prints_codes_as_typed_and_never_counts_them(self, make_report):
        folder = report(make_report)
        data = [("Robbery", "[c]", 21, None, None), ("Theft", 1712, "1805 [r]", None, None),
                ("Burglary", "[x]", "[x]", None, None),
                ("Total", "=SUM(B6:B8)", "=SUM(C6:C8)", None, None)]
        crime_workbook(folder / "tables" / "crime.xlsx", data)
        rows = printed(folder)
        assert rows == [["Robbery", "[c]", "21", "[c]", "[c]"],
                        ["Theft", "1,712", "1,805 [r]", "93", "5.4%"],
                        ["Burglary", "[x]", "[x]", "[x]", "[x]"],
                        ["Total", "[x]", "[x]", "[x]", "[x]"]]
        messages = [f.message for f in check(folder).findings if f.code == "shorthand-value"]
        assert messages[0] == ("Figure 1, Robbery, Variance: cannot be computed, because "
                               "'2023' is [c] (confidential); shorthand is missing, never "
                               "zero, so the cell prints [c].")
        assert ("Figure 1, Total, 2023: cannot be computed, because 'Robbery' is [c] "
                "(confidential) and 'Burglary' is [x] (not available); shorthand is missing, "
                "never zero, so the cell prints [x].") in messages

    def it_names_a_code_that_is_not_shorthand(self, make_report):
        folder = report(make_report)
        crime_workbook(folder / "tables" / "crime.xlsx", [("Robbery", "[q]", 21, None, None)])
        assert error_line(folder) == (
            "tables/crime.xlsx:Crime!B6: y2023: '[q]': [q] is not GSS shorthand (codes: [c], "
            "[x], [z], [low], [u], [r], [p], [e], [b])")


class DescribeOddWorkbooks:
    def it_names_the_sheets_of_an_empty_workbook(self, make_report):
        from openpyxl import Workbook

        folder = report(make_report)
        (folder / "tables").mkdir(exist_ok=True)
        Workbook().save(folder / "tables" / "crime.xlsx")
        assert error_line(folder).startswith(
            "tables/crime.xlsx: no sheet names the table's columns (Offence, 2023, 2024, "
            "Variance, % change) in a header row (sheets: Sheet)")

    def it_ignores_formatting_far_below_the_table_and_chart_sheets(self, make_report):
        from openpyxl.chart import BarChart, Reference

        folder = report(make_report)
        book = crime_workbook(folder / "tables" / "crime.xlsx")
        ws = book["Crime"]
        ws["A200000"].number_format = "0.0"  # a formatted cell with nothing in it
        chart = BarChart()
        chart.add_data(Reference(ws, min_col=2, min_row=5, max_row=9))
        book.create_chartsheet("Chart").add_chart(chart)
        book.save(folder / "tables" / "crime.xlsx")
        assert [r[0] for r in printed(folder)] == ["Robbery", "Theft", "Burglary", "Total"]

    def it_reads_numbers_and_dates_typed_as_header_labels(self, make_report):
        import datetime as dt

        folder = report(make_report)
        book = crime_workbook(folder / "tables" / "crime.xlsx")
        ws = book["Crime"]
        ws["B5"] = 2023
        ws["C5"] = dt.date(2024, 1, 1)
        ws["C5"].number_format = "yyyy"
        book.save(folder / "tables" / "crime.xlsx")
        assert printed(folder)[0][:3] == ["Robbery", "19", "21"]

    def it_reports_excel_error_values_as_figures_that_are_not_numbers(self, make_report):
        folder = report(make_report)
        crime_workbook(folder / "tables" / "crime.xlsx",
                       [("Robbery", 19, 21, "#DIV/0!", None), ("Theft", "#N/A", 1805, None,
                                                                None)])
        assert error_line(folder) == "tables/crime.xlsx:Crime!B7: y2023: '#N/A' is not a number"
