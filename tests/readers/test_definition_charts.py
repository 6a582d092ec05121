"""report.yaml charts (``type: chart``): read with the line of every reference, and each
malformed entry named by file, line and field in one sentence."""

from __future__ import annotations

import pytest

from cspdoc.model import Chart
from cspdoc.readers import read_report
from tests.conftest import CHART_YAML, MakeReport, with_chart
from tests.readers.test_errors import only_error

ALT = "    alt: Column chart of robbery and theft in 2023 and 2024; theft is far higher.\n"


def read_chart(folder) -> Chart:
    charts = [f for f in read_report(folder).figures() if isinstance(f, Chart)]
    assert len(charts) == 1
    return charts[0]


class DescribeReadingCharts:
    def it_reads_what_the_chart_draws(self, make_report: MakeReport):
        chart = read_chart(make_report(with_chart(CHART_YAML + "    rows: [theft, robbery]\n"
                                                  "    labels: true\n")))
        assert (chart.id, chart.kind, chart.table, chart.x, chart.series, chart.rows,
                chart.labels) == ("crime-chart", "column", "crime", "offence",
                                  ("y2023", "y2024"), ("theft", "robbery"), True)
        assert chart.alt == ("Column chart of robbery and theft in 2023 and 2024; theft is "
                             "far higher.")

    def it_keeps_the_line_and_field_of_each_reference(self, make_report: MakeReport):
        chart = read_chart(make_report(with_chart(CHART_YAML + "    rows:\n      - theft\n")))
        places = chart.places
        assert [(w.line, w.field) for w in (places.table, places.x, *places.series,
                                            *places.rows)] == [
            (24, "figures.crime-chart.table"), (25, "figures.crime-chart.x"),
            (26, "figures.crime-chart.series[0]"), (26, "figures.crime-chart.series[1]"),
            (28, "figures.crime-chart.rows[0]")]
        assert chart.where.source == "report.yaml:19"

    def it_takes_one_series_given_without_a_list(self, make_report: MakeReport):
        chart = read_chart(make_report(with_chart(CHART_YAML.replace(
            "series: [y2023, y2024]", "series: y2024"))))
        assert chart.series == ("y2024",)
        assert chart.places.series[0].source == "report.yaml:26"


class DescribeChartErrors:
    @pytest.mark.parametrize(("chart", "error"), [
        (CHART_YAML.replace(ALT, ""),
         "report.yaml:19: figures.crime-chart: chart 'crime-chart' needs 'alt'"),
        (CHART_YAML.replace(ALT, '    alt: "  "\n'),
         "report.yaml:23: figures.crime-chart.alt: alt text must describe the chart"),
        (CHART_YAML.replace("kind: column", "kind: pie"),
         "report.yaml:21: figures.crime-chart.kind: input should be 'column', 'bar' or "
         "'line'"),
        (CHART_YAML.replace("    kind: column\n", ""),
         "report.yaml:19: figures.crime-chart: chart 'crime-chart' needs 'kind'"),
        (CHART_YAML.replace("type: chart", "type: graph"),
         "report.yaml:20: figures.crime-chart.type: figure type 'graph' is not 'table', "
         "'image' or 'chart'"),
        (CHART_YAML + "    colour: red\n",
         "report.yaml:27: figures.crime-chart.colour: unknown key 'colour' in chart "
         "'crime-chart' (expected one of: alt, caption, kind, labels, rows, series, table, "
         "type, x)"),
        (CHART_YAML.replace("series: [y2023, y2024]", "series: []"),
         "report.yaml:26: figures.crime-chart.series: a chart needs at least one series "
         "column"),
        (CHART_YAML.replace("series: [y2023, y2024]", "series: [y2023, y2023]"),
         "report.yaml:26: figures.crime-chart.series: 'y2023' is listed twice"),
        (CHART_YAML + "    rows: []\n",
         "report.yaml:27: figures.crime-chart.rows: list at least one row, or leave 'rows' "
         "out"),
        (CHART_YAML.replace("x: offence", "x: Offence"),
         "report.yaml:25: figures.crime-chart.x: 'Offence' is not allowed here: use "
         "lower-case letters, digits and _, starting with a letter"),
    ])
    def it_names_a_malformed_chart_on_its_line(self, make_report: MakeReport, chart: str,
                                               error: str):
        assert only_error(make_report(with_chart(chart))) == error
