"""snapshot.py: model.json reads back as the report it was written from."""

from __future__ import annotations

from cspdoc import snapshot
from cspdoc.model import Chart
from cspdoc.pipeline import prepare
from tests.conftest import FIXTURES


def it_reads_back_a_report_with_charts_as_it_was():
    report = prepare(FIXTURES / "winchester-charts").report
    back = snapshot.loads(snapshot.dumps(report), "model.json")
    assert back == report
    charts = [f for f in back.figures() if isinstance(f, Chart)]
    assert [c.places.series[0].source for c in charts] == [
        "report.yaml:42", "report.yaml:69", "report.yaml:93"]
