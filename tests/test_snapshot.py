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


# The fields format 2 added, by the node type that holds them (None: any node).
ADDED_IN_FORMAT_2 = {None: {"sheet", "cell", "shorthand", "suppressed", "numbering",
                            "suppress", "exempt"},
                     "table": {"notes", "symbols", "label"}, "cross-ref": {"label"},
                     "input": {"percent"}}


def _format_1(node):
    """A format-2 snapshot as format 1 wrote it: without the fields format 2 added."""
    if isinstance(node, dict):
        added = ADDED_IN_FORMAT_2[None] | ADDED_IN_FORMAT_2.get(node.get("type"), set())
        return {k: _format_1(v) for k, v in node.items() if k not in added}
    if isinstance(node, list):
        return [_format_1(v) for v in node]
    return node


def it_reads_a_format_1_snapshot_of_an_earlier_publication():
    import json

    report = prepare(FIXTURES / "winchester-2024-25").report
    data = json.loads(snapshot.dumps(report))
    older = {"cspdoc-snapshot": 1, "cspdoc": "0.1.0", "report": _format_1(data["report"])}
    assert '"sheet"' not in json.dumps(older) and '"label": "Figure"' not in json.dumps(older)
    back = snapshot.loads(json.dumps(older), "model.json")
    assert _format_1(json.loads(snapshot.dumps(back))["report"]) == older["report"]
    assert back.figures()[0].rows[0].cells[1] == report.figures()[0].rows[0].cells[1]
