"""Small-number suppression: what is withheld, what is warned about, what is left."""

from __future__ import annotations

import json

import pytest

from cspdoc import snapshot
from cspdoc.errors import InputError
from cspdoc.model import Missing, Table
from cspdoc.pipeline import check, compare, prepare, publish
from tests.conftest import MINIMAL_YAML, MakeReport

# Domestic abuse outcomes by offence, as a police performance return gives them: arson
# has 3 offences in 2023 and 2 outcomes in 2024, both under the threshold of 5.
SUPPRESS_YAML = MINIMAL_YAML.replace("figures:", "suppress: {below: 5}\nfigures:").replace(
    "      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}\n",
    "      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}\n"
    "      - {key: fat, label: FAT 2024, kind: rate, base: y2024}\n")
SUPPRESS_CSV = ("offence,2023,2024,Variance,FAT 2024\n"
                "Robbery,19,21,2,5 (23.8%)\n"
                "Arson,3,6,3,2 (33.3%)\n"
                "Theft,1712,1805,93,221 (12.2%)\n"
                "Total,1734,1832,98,228 (12.4%)\n")
SUPPRESS_TEXT = ("Crime rose[^src], see [@fig:crime]. Arson stood at {= crime.arson.y2023} "
                 "offences in 2023; [3]{= crime.arson.y2023} were recorded, with "
                 "{= crime.arson.fat} outcomes in 2024 out of {= crime.arson.y2024}.\n\n"
                 "[^src]: Police data.\n")


def suppressed_report(make_report: MakeReport, yaml: str = SUPPRESS_YAML,
                      csv: str = SUPPRESS_CSV, text: str = SUPPRESS_TEXT):
    return make_report(yaml, files={"tables/crime.csv": csv, "narrative/crime.md": text})


def shown(report) -> list[list[str]]:
    table = next(f for f in report.figures() if isinstance(f, Table))
    return [[getattr(c, "display", None) or "" for c in row.cells[1:]] for row in table.rows]


class DescribeWithholding:
    def it_withholds_small_counts_and_the_rates_built_on_them(self, make_report):
        prepared = prepare(suppressed_report(make_report))
        assert shown(prepared.publishable) == [
            ["19", "21", "2", "5 (23.8%)"],
            ["[c]", "6", "3", "[c]"],
            ["1,712", "1,805", "93", "221 (12.2%)"],
            ["1734", "1832", "98", "228 (12.4%)"]]
        arson = prepared.publishable.figures()[0].rows[1].cells
        assert isinstance(arson[1], Missing) and arson[1].suppressed
        assert shown(prepared.report)[1] == ["3", "6", "3", "2 (33.3%)"]  # checked as is

    def it_prints_the_code_for_bound_and_checked_figures_that_read_one(self, make_report):
        prepared = prepare(suppressed_report(make_report))
        paragraph = prepared.publishable.sections[0].blocks[0]
        printed = "".join(getattr(n, "text", "") or "" for n in paragraph.content)
        assert printed == ("Crime rose, see . Arson stood at [c] offences in 2023; [c] were "
                           "recorded, with [c] outcomes in 2024 out of 6.")

    def it_warns_of_totals_and_differences_that_give_a_cell_away(self, make_report):
        findings = check(suppressed_report(make_report)).findings
        secondary = [(f.where.row, f.where.column, f.stated) for f in findings
                     if f.code == "secondary-suppression"]
        assert secondary == [("Arson", "Variance", "3"), ("Total", "2023", "1734"),
                             ("Total", "FAT 2024", "228 (12.4%)")]
        first = next(f for f in findings if f.code == "secondary-suppression")
        assert first.message == ("Figure 1, Arson, Variance: 3 is printed, and with the "
                                 "other figures of its row it gives away '2023', which is "
                                 "suppressed ([c]); suppress another cell it reads too, or "
                                 "this one.")
        total = [f.message for f in findings if f.code == "secondary-suppression"][1]
        assert total.startswith("Figure 1, Total, 2023: 1734 is printed, and with the other "
                                "rows it adds up it gives away 'Arson'")
        text = next(f for f in findings if f.code == "suppressed-in-text")
        assert text.where.source == "narrative/crime.md:1" and text.stated == "[c]"
        assert text.message == ("Section 1 'Crime': crime.arson.y2023 is suppressed, so the "
                                "figure the text states for it prints [c]; say it in words, "
                                "or leave it out.")

    def it_keeps_zeros_when_asked_and_follows_a_columns_own_rule(self, make_report):
        yaml = SUPPRESS_YAML.replace("suppress: {below: 5}", "suppress: {below: 5, keep_zero: "
                                     "true}").replace(
            "{key: y2024, label: \"2024\", kind: count}",
            "{key: y2024, label: \"2024\", kind: count, suppress: false}")
        csv = SUPPRESS_CSV.replace("Arson,3,6,3,2 (33.3%)", "Arson,0,4,4,0 (0.0%)").replace(
            "Total,1734,1832,98,228 (12.4%)", "Total,1731,1830,99,226 (12.3%)")
        rows = shown(prepare(suppressed_report(make_report, yaml, csv)).publishable)
        assert rows[1] == ["0", "4", "4", "0 (0.0%)"]

    def it_checks_the_figures_before_suppression(self, make_report):
        csv = SUPPRESS_CSV.replace("Arson,3,6,3,2 (33.3%)", "Arson,3,6,3,2 (40.0%)")
        verification = check(suppressed_report(make_report, csv=csv))
        [wrong] = [f for f in verification.findings if f.code == "rate-mismatch"]
        assert (wrong.where.row, wrong.where.column, wrong.stated, wrong.expected) == (
            "Arson", "FAT 2024", "[c]", None)
        assert wrong.message == ("Figure 1, Arson, FAT 2024: suppressed ([c]), so its "
                                 "figures are not shown here; checked before suppression: "
                                 "a rate (n (x%) or x% of a base) does not equal n over its "
                                 "base.")

    def it_refuses_a_rule_on_a_column_that_is_not_a_count(self, make_report):
        yaml = SUPPRESS_YAML.replace(
            "kind: change, formula: y2024 - y2023}",
            "kind: change, formula: y2024 - y2023, suppress: {below: 5}}")
        with pytest.raises(InputError) as info:
            prepare(suppressed_report(make_report, yaml))
        assert "only count and rate columns are suppressed" in info.value.line()


class DescribeNoOutputShowsAWithheldValue:
    def it_leaves_them_out_of_verification_the_snapshot_and_the_diff(self, make_report,
                                                                    tmp_path):
        csv = SUPPRESS_CSV.replace("Arson,3,6,3,2 (33.3%)", "Arson,3,6,3,2 (40.0%)")
        folder = suppressed_report(make_report, SUPPRESS_YAML.replace(
            "  slug: test-report", "  slug: test-report\n  status: final"), csv=csv)
        result = publish(folder, tmp_path / "out", allow_errors="testing")
        model = json.loads((result.folder / snapshot.SNAPSHOT).read_text(encoding="utf-8"))
        table = model["report"]["sections"][0]["blocks"][1]
        arson = table["rows"][1]["cells"]
        assert [c["type"] for c in arson[1:]] == ["missing", "input", "stated", "missing"]
        assert {arson[1]["text"], arson[4]["text"]} == {"[c]"}
        assert "2 (40.0%)" not in json.dumps(model)
        verification = (result.folder / "verification.json").read_text(encoding="utf-8")
        assert "40.0%" not in verification and "33.3%" not in verification
        assert "[3]" not in verification and "3 were recorded" not in verification
        changes = compare(result.folder, folder)
        assert changes == []  # the report folder compares as published: withheld

    def it_never_draws_a_withheld_cell_in_a_chart(self, make_report):
        from cspdoc.writers.charts import chart_data
        from tests.conftest import CHART_YAML

        yaml = SUPPRESS_YAML.replace("sections:", CHART_YAML + "sections:") + \
            "      - figure: crime-chart\n"
        report = prepare(suppressed_report(make_report, yaml)).publishable
        chart = report.figures()[1]
        data = chart_data(chart, report.table("crime"))
        assert data.series[0].values[1] is None and data.series[0].texts[1] == "[c]"


def it_prints_the_code_for_a_bound_figure_in_a_caption(make_report):
    yaml = SUPPRESS_YAML.replace("caption: Recorded crime",
                                 "caption: \"Recorded crime (arson: {= crime.arson.y2023})\"")
    table = prepare(suppressed_report(make_report, yaml)).publishable.figures()[0]
    from cspdoc.model import plain_text

    assert plain_text(table.caption) == "Recorded crime (arson: [c])"
