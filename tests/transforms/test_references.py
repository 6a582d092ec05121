"""transforms/references.py: a chart's table, columns and rows resolve, or each one that
does not is named where it was typed, in one sentence."""

from __future__ import annotations

import pytest

from cspdoc.model import Chart, Text
from cspdoc.pipeline import prepare
from cspdoc.readers import read_report
from tests.conftest import CHART_YAML, MakeReport, with_chart
from tests.readers.test_errors import error_lines, only_error

COLUMNS = "(columns: offence, y2023, y2024, variance)"


class DescribeChartReferences:
    def it_accepts_a_chart_whose_references_resolve(self, make_report: MakeReport):
        assert prepare(make_report(with_chart())).findings == []

    @pytest.mark.parametrize(("before", "after", "error"), [
        ("table: crime", "table: crimes",
         "report.yaml:24: figures.crime-chart.table: chart 'crime-chart' draws from "
         "'crimes', which is not a table of this report (tables: crime)"),
        ("x: offence", "x: offences",
         "report.yaml:25: figures.crime-chart.x: chart 'crime-chart': x column 'offences' "
         f"is not a column of table 'crime' {COLUMNS}"),
        ("x: offence", "x: y2023",
         "report.yaml:25: figures.crime-chart.x: chart 'crime-chart': x column 'y2023' "
         "holds numbers; x names the label column whose text names each category"),
        ("series: [y2023, y2024]", "series: [y2023, y2025]",
         "report.yaml:26: figures.crime-chart.series[1]: chart 'crime-chart': series column "
         f"'y2025' is not a column of table 'crime' {COLUMNS}"),
        ("series: [y2023, y2024]", "series:\n      - offence\n      - y2024",
         "report.yaml:27: figures.crime-chart.series[0]: chart 'crime-chart': series column "
         "'offence' holds text, not numbers"),
        ("series: [y2023, y2024]", "series: [y2024]\n    rows: [robbery, burglary]",
         "report.yaml:27: figures.crime-chart.rows[1]: chart 'crime-chart': row 'burglary' "
         "is not a row of table 'crime' (rows: robbery, theft, total)"),
    ])
    def it_names_a_reference_that_does_not_resolve(self, make_report: MakeReport,
                                                   before: str, after: str, error: str):
        assert before in CHART_YAML
        assert only_error(make_report(with_chart(CHART_YAML.replace(before, after)))) == error

    def it_refuses_a_chart_of_an_image_or_of_another_chart(self, make_report: MakeReport):
        other = CHART_YAML.replace("crime-chart:", "again:").replace("table: crime",
                                                                     "table: crime-chart")
        yaml = with_chart(CHART_YAML + other) + "      - figure: again\n"
        assert only_error(make_report(yaml)) == (
            "report.yaml:32: figures.again.table: chart 'again' draws from 'crime-chart', "
            "which is not a table of this report (tables: crime)")

    def it_refuses_series_in_different_units(self, make_report: MakeReport):
        yaml = with_chart(CHART_YAML.replace("series: [y2023, y2024]",
                                             "series: [y2024, share]")).replace(
            "formula: y2024 - y2023}",
            "formula: y2024 - y2023}\n      - {key: share, kind: percent, "
            "formula: 'pct(y2024, y2023)'}")
        files = {"tables/crime.csv": "offence,2023,2024\nRobbery,19,21\nTheft,1712,1805\n"}
        assert only_error(make_report(yaml, files)) == (
            "report.yaml:27: figures.crime-chart.series[1]: chart 'crime-chart': series "
            "column 'share' is a percentage but 'y2024' is a count; a chart's series share "
            "one scale")

    def it_reports_every_bad_reference_of_a_chart_at_once(self, make_report: MakeReport):
        chart = CHART_YAML.replace("x: offence", "x: area").replace(
            "series: [y2023, y2024]", "series: [y2022, y2024]")
        assert [line.split(": ", 2)[1] for line in error_lines(make_report(
            with_chart(chart)))] == ["figures.crime-chart.x", "figures.crime-chart.series[0]"]

    def it_names_the_chart_itself_when_built_in_python(self, make_report: MakeReport):
        report = read_report(make_report(with_chart()))
        section = report.sections[0]
        stray = Chart(id="stray", caption=(Text(text="Stray"),), alt="A chart.",
                      kind="bar", table="crime", x="offence", series=("y2025",))
        report = report.rebuilt(sections=(section.rebuilt(
            blocks=(*section.blocks, stray)),))
        with pytest.raises(Exception, match=r"^chart 'stray': series column 'y2025' is not"):
            prepare(report)

    def it_refuses_a_table_with_no_data_rows_to_plot(self, make_report: MakeReport):
        files = {"tables/crime.csv": "offence,2023,2024\nTotal,1,2\n"}
        assert only_error(make_report(with_chart(), files)) == (
            "report.yaml:19: figures.crime-chart: chart 'crime-chart': table 'crime' has no "
            "data rows to plot; list the rows to plot in 'rows'")
