"""transforms/number.py: charts are figures, numbered with tables and images in order of
appearance, and cross-references to them print their number."""

from __future__ import annotations

from cspdoc.model import Chart, CrossRef, Image, Table, plain_text
from cspdoc.pipeline import prepare
from cspdoc.readers import read_report
from cspdoc.transforms.number import number
from cspdoc.transforms.walk import visit_inlines
from tests.conftest import CHART_YAML, MINIMAL_YAML, MakeReport

IMAGE = """\
  map:
    type: image
    caption: Map of the district
    alt: Map of the district's three areas.
    unavailable: not supplied
"""


def chart_first(make_report: MakeReport):
    """Image, chart, then the chart's table; the text refers to the chart."""
    yaml = MINIMAL_YAML.replace("sections:", IMAGE + CHART_YAML + "sections:").replace(
        "      - md: narrative/crime.md\n      - figure: crime\n",
        "      - figure: map\n      - figure: crime-chart\n      - md: narrative/crime.md\n"
        "      - figure: crime\n")
    return make_report(yaml, {"narrative/crime.md": "Theft rose[^src] ([@fig:crime-chart]; "
                                                    "[-@fig:crime]).\n\n[^src]: Police.\n"})


class DescribeChartNumbers:
    def it_numbers_a_chart_among_the_figures_in_order_of_appearance(
            self, make_report: MakeReport):
        report = prepare(chart_first(make_report)).report
        assert [(type(f).__name__, f.id, f.number) for f in report.figures()] == [
            ("Image", "map", 1), ("Chart", "crime-chart", 2), ("Table", "crime", 3)]

    def it_resolves_a_cross_reference_to_a_chart(self, make_report: MakeReport):
        report = prepare(chart_first(make_report)).report
        refs: list[CrossRef] = []
        visit_inlines(report, lambda n: refs.append(n) if isinstance(n, CrossRef) else None)
        assert [(r.id, r.number) for r in refs] == [("crime-chart", 2), ("crime", 3)]
        paragraph = report.sections[0].blocks[2]
        assert plain_text(paragraph.content) == "Theft rose (Figure 2; 3)."

    def it_changes_nothing_when_run_twice(self, make_report: MakeReport):
        once = number(read_report(chart_first(make_report)))
        assert number(once) == once
        assert all(isinstance(f, Table | Image | Chart) and f.number for f in once.figures())
