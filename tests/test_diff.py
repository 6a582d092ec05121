"""diff: what changed between two versions, as a reviewer reads it."""

from __future__ import annotations

from cspdoc.diff import diff, excerpt
from cspdoc.pipeline import prepare
from tests.conftest import CHART_YAML, MakeReport, with_chart


def it_shows_only_the_changed_words_with_context():
    old = "one two three four five six seven eight nine ten eleven twelve"
    new = "one two three four five SIX seven eight nine ten eleven twelve"
    assert excerpt(old, new) == ("…two three four five six seven eight nine ten…",
                                 "…two three four five SIX seven eight nine ten…")


def it_shows_far_apart_changes_separately():
    words = [f"w{i}" for i in range(40)]
    new = list(words)
    new[5], new[30] = "X", "Y"
    a, b = excerpt(" ".join(words), " ".join(new))
    assert b == "…w1 w2 w3 w4 X w6 w7 w8 w9 … w26 w27 w28 w29 Y w31 w32 w33 w34…"
    assert a.count("…") == 3


def it_lists_cells_rows_and_text(make_report: MakeReport, tmp_path):
    old = prepare(make_report()).report
    folder = make_report(files={
        "tables/crime.csv": "offence,2023,2024,Variance\nRobbery,19,22,3\n"
                            "Burglary,5,6,1\nTotal,24,28,4\n",
        "narrative/crime.md": "Crime fell[^src], see [@fig:crime].\n\n[^src]: Police data.\n"})
    new = prepare(folder).report
    changes = [c.describe() for c in diff(old, new)]
    assert changes == [
        "Figure 1, Robbery, 2024: 21 → 22",
        "Figure 1, Robbery, Variance: 2 → 3",
        "Figure 1, Burglary: row added: Burglary",
        "Figure 1, Total, 2023: 1731 → 24",
        "Figure 1, Total, 2024: 1826 → 28",
        "Figure 1, Total, Variance: 95 → 4",
        "Figure 1, Theft: row removed: Theft",
        "Section 'Crime': Crime rose, see Figure 1. → Crime fell, see Figure 1.",
    ]


class DescribeCharts:
    def it_lists_a_changed_chart_definition_as_a_figure_change(self, make_report: MakeReport):
        old = prepare(make_report(with_chart())).report
        new = prepare(make_report(with_chart(CHART_YAML.replace(
            "kind: column", "kind: bar").replace("series: [y2023, y2024]",
                                                 "series: [y2024]\n    rows: [theft]")))).report
        assert [(c.kind, c.figure_id) for c in diff(old, new)] == [("figure", "crime-chart")]
        assert [c.describe() for c in diff(old, new)] == [
            "Figure 2: column chart of crime: y2023, y2024 by offence → bar chart of crime: "
            "y2024 by offence, rows theft"]

    def it_lists_a_changed_caption_and_alt_text(self, make_report: MakeReport):
        old = prepare(make_report(with_chart())).report
        new = prepare(make_report(with_chart(CHART_YAML.replace(
            "caption: Robbery and theft", "caption: Theft and robbery").replace(
            "theft is far higher.", "theft is much higher.")))).report
        assert [c.describe() for c in diff(old, new)] == [
            "Figure 2: caption: Robbery and theft, 2023 and 2024 → Theft and robbery, 2023 "
            "and 2024",
            "Figure 2: Column chart of robbery and theft in 2023 and 2024; theft is far "
            "higher. → Column chart of robbery and theft in 2023 and 2024; theft is much "
            "higher."]

    def it_sees_no_change_in_a_chart_when_nothing_changed(self, make_report: MakeReport):
        report = prepare(make_report(with_chart())).report
        assert diff(report, report) == []
