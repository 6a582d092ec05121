"""writers/charts.py: a chart plots the values its table holds (a gap where a cell is
missing), in the house look, and the same chart gives the same bytes."""

from __future__ import annotations

import io
import math
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import pytest
from PIL import Image as PILImage

from cspdoc.model import Chart, Report
from cspdoc.numbers import Unit
from cspdoc.pipeline import prepare
from cspdoc.writers import charts
from cspdoc.writers.docx import write_docx
from tests.conftest import CHART_YAML, MakeReport, with_chart

# Robbery as typed, Theft's 2024 figure missing (so its variance cannot be computed),
# Burglary's variance left for cspdoc to compute; Total covers them.
GAPS_CSV = ("offence,2023,2024,Variance\nRobbery,19,21,2\nTheft,1712,,=\nBurglary,5,6,=\n"
            "Total,1736,27,\n")


def only_chart(report: Report) -> Chart:
    found = [f for f in report.figures() if isinstance(f, Chart)]
    assert len(found) == 1
    return found[0]


@pytest.fixture
def gaps(make_report: MakeReport) -> Report:
    chart = CHART_YAML.replace("series: [y2023, y2024]", "series: [y2024, variance]")
    return prepare(make_report(with_chart(chart), {"tables/crime.csv": GAPS_CSV})).report


def data_of(report: Report) -> charts.ChartData:
    chart = only_chart(report)
    return charts.chart_data(chart, report.table(chart.table))


class DescribeChartData:
    def it_plots_the_values_the_cells_hold_and_a_gap_for_a_missing_one(self, gaps):
        data = data_of(gaps)
        assert data.categories == ("Robbery", "Theft", "Burglary")  # no Total
        y2024, variance = data.series
        assert y2024.values == (Decimal(21), None, Decimal(6))  # Input, Missing, Input
        assert variance.values == (Decimal(2), None, Fraction(1))  # Stated, Derived x2
        assert (y2024.label, variance.label, data.unit) == ("2024", "Variance", Unit.COUNT)

    def it_labels_each_value_as_the_table_prints_it(self, gaps):
        y2024, variance = data_of(gaps).series
        assert y2024.texts == ("21", "", "6")
        assert variance.texts == ("2", "", "1")

    def it_plots_the_rows_listed_in_their_order(self, make_report: MakeReport):
        report = prepare(make_report(with_chart(
            CHART_YAML + "    rows: [total, robbery]\n"))).report
        data = data_of(report)
        assert data.categories == ("Total", "Robbery")
        assert data.series[0].values == (Decimal(1731), Decimal(19))


class DescribeDrawing:
    def it_draws_no_bar_for_a_gap_and_says_so(self, gaps):
        fig = charts.draw(data_of(gaps))
        ax = fig.axes[0]
        # Six cells, two of them gaps: four bars, none of them a zero-height stand-in.
        assert sorted(p.get_height() for p in ax.patches) == [1.0, 2.0, 6.0, 21.0]
        assert [t.get_text() for t in ax.texts].count(charts.NO_DATA) == 2

    def it_breaks_a_line_at_a_gap(self, gaps):
        data = data_of(gaps)
        line = charts.ChartData(kind="line", x_label=data.x_label, categories=data.categories,
                                series=data.series, unit=data.unit, labels=False)
        ys = charts.draw(line).axes[0].lines[0].get_ydata()
        assert ys[0] == 21 and math.isnan(ys[1]) and ys[2] == 6

    def it_shows_a_legend_only_for_more_than_one_series(self, gaps):
        data = data_of(gaps)
        assert charts.draw(data).axes[0].get_legend() is not None
        one = charts.ChartData(kind="bar", x_label="", categories=data.categories,
                               series=data.series[:1], unit=data.unit, labels=True)
        ax = charts.draw(one).axes[0]
        assert ax.get_legend() is None
        assert ax.get_xlabel() == "2024"  # the one series names the value axis
        assert "21" in [t.get_text() for t in ax.texts]  # its value labels

    @pytest.mark.parametrize(("unit", "ticks", "expected"), [
        (Unit.COUNT, [0, 500, 1000, 1500], ["0", "500", "1,000", "1,500"]),
        (Unit.PERCENT, [0, 12.5, 25], ["0.0%", "12.5%", "25.0%"]),
        (Unit.MONEY, [0, 2000], ["£0", "£2,000"]),
        (Unit.NUMBER, [0.1, 0.2, 0.30000000000000004], ["0.1", "0.2", "0.3"]),
    ])
    def it_sets_axis_ticks_in_the_house_format(self, unit, ticks, expected):
        assert charts._tick_formatter(unit).format_ticks(ticks) == expected

    def it_wraps_long_category_names(self, make_report: MakeReport):
        files = {"tables/crime.csv": "offence,2023,2024,Variance\nVery long offence name "
                 "that would run into its neighbours,1,2,1\nTheft,1,2,1\n"}
        data = data_of(prepare(make_report(with_chart(), files)).report)
        labels = [t.get_text() for t in charts.draw(data).axes[0].get_xticklabels()]
        assert "\n" in labels[0] and "Theft" in labels


class DescribeOutput:
    def it_gives_the_same_bytes_for_the_same_chart(self, gaps):
        chart = only_chart(gaps)
        table = gaps.table(chart.table)
        assert charts.svg(chart, table) == charts.svg(chart, table)
        assert charts.png(chart, table) == charts.png(chart, table)

    def it_writes_no_date_or_creator_into_the_svg(self, gaps):
        chart = only_chart(gaps)
        svg = charts.svg(chart, gaps.table(chart.table)).decode("utf-8")
        assert svg.startswith("<?xml") and "<svg" in svg
        assert "<dc:date>" not in svg and "Matplotlib v" not in svg
        assert 'width="481.889764pt"' in svg  # 170 mm: the text width of the page

    def it_writes_a_200_dpi_png_without_a_software_stamp(self, gaps):
        chart = only_chart(gaps)
        png = charts.png(chart, gaps.table(chart.table))
        assert b"Software" not in png and b"tIME" not in png
        with PILImage.open(io.BytesIO(png)) as image:
            assert image.width == 1338  # 170 mm at 200 dpi
            assert round(image.info["dpi"][0]) == charts.PNG_DPI

    def it_hands_the_writer_the_values_with_the_gap(self, gaps, tmp_path, monkeypatch):
        seen: list[charts.ChartData] = []
        draw = charts.draw

        def spy(data: charts.ChartData):
            seen.append(data)
            return draw(data)

        monkeypatch.setattr(charts, "draw", spy)
        write_docx(gaps, tmp_path / "gaps.docx")
        assert [s.values for s in seen[0].series] == [(Decimal(21), None, Decimal(6)),
                                                     (Decimal(2), None, Fraction(1))]


def it_never_loads_matplotlib_for_a_report_without_charts(make_report: MakeReport, tmp_path):
    folder = make_report()
    code = ("import sys; import cspdoc\n"
            f"cspdoc.build({str(folder)!r}, {str(tmp_path / 'out')!r}, "
            "formats=('docx', 'pdf', 'html'))\n"
            "print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
