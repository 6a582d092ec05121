"""Each finding code, triggered by a minimal report and asserted with its location."""

from __future__ import annotations

import pytest

from cspdoc.findings import CODES, Finding
from cspdoc.pipeline import check
from tests.conftest import MINIMAL_YAML, MakeReport

RATES_YAML = MINIMAL_YAML.replace(
    "      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}\n",
    "      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}\n"
    "      - {key: pct, label: \"% change\", kind: percent_change, formula: "
    "\"pct_change(y2023, y2024)\"}\n"
    "      - {key: fat, label: FAT 2024, kind: rate, base: y2024}\n",
).replace("figures:", "values:\n  r1: \"10.0%\"\n  r2: \"11.4%\"\n  a: 2\n  b: 4\n  n: 29\n"
          "figures:")

GOOD_RATES = ("offence,2023,2024,Variance,% change,FAT 2024\n"
              "Robbery,19,21,2,10.5%,5 (23.8%)\n"
              "Theft,1712,1805,93,5.4%,221 (12.2%)\n"
              "Total,1731,1826,95,5.5%,226 (12.4%)\n")
TEXT = "Crime rose[^src], see [@fig:crime].\n\n[^src]: Police data.\n"


def findings(folder, code: str | None = None) -> list[Finding]:
    found = [f for f in check(folder).findings if f.code != "unverified-figure"]
    return [f for f in found if code is None or f.code == code]


def only(folder, code: str) -> Finding:
    found = findings(folder)
    assert [f.code for f in found] == [code], [(f.code, f.message) for f in found]
    return found[0]


def with_rates(make_report: MakeReport, csv: str = GOOD_RATES, text: str = TEXT):
    return make_report(RATES_YAML, files={"tables/crime.csv": csv,
                                           "narrative/crime.md": text})


def table_where(f: Finding) -> tuple:
    w = f.where
    return (w.source, w.figure, w.table, w.row, w.column, w.section)


def it_checks_a_correct_table_clean(make_report: MakeReport):
    assert findings(with_rates(make_report)) == []


def it_finds_a_total_that_is_not_the_sum_of_its_rows(make_report: MakeReport):
    f = only(make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                "Robbery,19,21,2\nTheft,1712,1805,93\nTotal,1731,1827,96\n"}),
             "total-mismatch")
    assert table_where(f) == ("tables/crime.csv:4", 1, "crime", "Total", "2024", "1 Crime")
    assert (f.severity, f.stated, f.expected) == ("error", "1827", "1,826")
    assert f.message == ("Figure 1, Total, 2024: the rows above add up to 1,826, but 1827 "
                         "is printed.")


def it_finds_a_variance_that_does_not_follow(make_report: MakeReport):
    f = only(make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                "Robbery,19,21,3\nTheft,1712,1805,93\nTotal,1731,1826,95\n"}),
             "change-mismatch")
    assert table_where(f)[:5] == ("tables/crime.csv:2", 1, "crime", "Robbery", "Variance")
    assert f.message == "Figure 1, Robbery, Variance: 2024 - 2023 gives 2, but 3 is printed."


def it_finds_a_rate_that_is_not_n_over_its_base(make_report: MakeReport):
    csv = GOOD_RATES.replace("5 (23.8%)", "5 (25.8%)")
    f = only(with_rates(make_report, csv), "rate-mismatch")
    assert table_where(f)[:5] == ("tables/crime.csv:2", 1, "crime", "Robbery", "FAT 2024")
    assert (f.stated, f.expected) == ("5 (25.8%)", "5 (23.8%)")
    assert f.message == "Figure 1, Robbery, FAT 2024: 5 out of 21 is 23.8%, but 25.8% is printed."


def it_warns_of_a_rate_over_100_percent(make_report: MakeReport):
    csv = GOOD_RATES.replace("5 (23.8%)", "42 (200%)").replace("226 (12.4%)", "263 (14.4%)")
    f = only(with_rates(make_report, csv), "rate-over-100")
    assert (f.severity, f.where.row, f.where.source) == ("warning", "Robbery",
                                                        "tables/crime.csv:2")


def it_refuses_a_rate_over_a_zero_base(make_report: MakeReport):
    csv = (GOOD_RATES.replace("Robbery,19,21,2,10.5%,5 (23.8%)", "Robbery,19,0,-19,-100.0%,"
                              "1 (100%)").replace("Total,1731,1826,95,5.5%,226 (12.4%)",
                                                  "Total,1731,1805,74,4.3%,222 (12.3%)"))
    f = only(with_rates(make_report, csv), "zero-denominator")
    assert (f.severity, f.where.row, f.where.column) == ("error", "Robbery", "FAT 2024")


def it_flags_a_rate_printed_without_its_percent_sign(make_report: MakeReport):
    f = only(with_rates(make_report, GOOD_RATES.replace("5 (23.8%)", "5 (23.8)")), "format")
    assert (f.severity, f.where.row, f.stated) == ("warning", "Robbery", "5 (23.8)")


def it_flags_a_stated_figure_that_is_not_a_number(make_report: MakeReport):
    f = only(make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                "Robbery,19,21,2\nTheft,1712,1805,93\nTotal,1731,1826,c.95\n"}),
             "format")
    assert (f.severity, f.where.source, f.where.column) == ("error", "tables/crime.csv:4",
                                                           "Variance")


def it_flags_a_blank_counted_as_zero_in_a_total(make_report: MakeReport):
    f = only(make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                "Robbery,19,,\nTheft,1712,1805,93\nTotal,1731,1805,74\n"}),
             "missing-value")
    assert (f.severity, f.where.row, f.where.column) == ("warning", "Total", "2024")
    assert "'Robbery'" in f.message


def it_finds_parts_that_do_not_add_up_to_their_whole(make_report: MakeReport):
    text = TEXT + "\n[8]{= sum(a, b)} disclosures ([2]{= a} of one kind/[4]{= b} of another).\n"
    f = only(with_rates(make_report, text=text), "parts-sum-mismatch")
    assert (f.where.source, f.where.section) == ("narrative/crime.md:5", "1 Crime")
    assert f.message == "Section 1 'Crime': the parts 2 + 4 are 6, but the text says 8."


def it_finds_a_percentage_no_whole_number_can_give(make_report: MakeReport):
    text = TEXT + "\n[41.2%]{= pct_out_of(n)} of the [29]{= n} were repeats.\n"
    f = only(with_rates(make_report, text=text), "impossible-percentage")
    assert f.where.source == "narrative/crime.md:5"
    assert f.expected == "37.9% or 41.4%"


def it_accepts_a_percentage_a_whole_number_gives(make_report: MakeReport):
    text = TEXT + "\n[41.4%]{= pct_out_of(n)} of them.\n"
    assert findings(with_rates(make_report, text=text)) == []


def it_finds_the_same_figure_printed_differently(make_report: MakeReport):
    text = TEXT + "\nThere were [22]{= crime.robbery.y2024} robberies.\n"
    f = only(with_rates(make_report, text=text), "inconsistent-figure")
    assert (f.stated, f.expected, f.where.source) == ("22", "21", "narrative/crime.md:5")


def it_finds_a_rate_in_the_text(make_report: MakeReport):
    text = TEXT + "\nA [25%]{= pct(crime.robbery.fat, crime.robbery.y2024)} rate.\n"
    f = only(with_rates(make_report, text=text), "rate-mismatch")
    assert f.message == "Section 1 'Crime': 5 out of 21 is 23.8%, but the text says 25%."


def it_finds_a_change_in_the_text(make_report: MakeReport):
    text = TEXT + "\nUp [12%]{= pct_change(crime.robbery.y2023, crime.robbery.y2024)}.\n"
    f = only(with_rates(make_report, text=text), "change-mismatch")
    assert f.expected == "10.5%"


def it_finds_percentage_points_called_a_percentage_change(make_report: MakeReport):
    # 10.0% -> 11.4% is 1.4 points, but a 14% rise: "rose by 1.4%" is the wrong kind.
    text = TEXT + "\nThe rate rose by [1.4%]{= pct_change(r1, r2)}.\n"
    f = only(with_rates(make_report, text=text), "change-kind")
    assert f.where.source == "narrative/crime.md:5"
    assert "percentage-point change" in f.message


def it_finds_any_other_expression_that_disagrees(make_report: MakeReport):
    text = TEXT + "\nTwice that is [40]{= crime.robbery.y2024 * 2}.\n"
    f = only(with_rates(make_report, text=text), "mismatch")
    assert f.expected == "42"


def it_refuses_a_percentage_of_zero_in_the_text(make_report: MakeReport):
    csv = (GOOD_RATES.replace("Robbery,19,21,2,10.5%,5 (23.8%)", "Robbery,0,21,21,,5 (23.8%)")
           .replace("Total,1731,1826,95,5.5%,226 (12.4%)", "Total,1712,1826,114,6.7%,"
                    "226 (12.4%)"))
    text = TEXT + "\nUp [5%]{= pct_change(crime.robbery.y2023, crime.robbery.y2024)}.\n"
    f = only(with_rates(make_report, csv, text), "zero-denominator")
    assert f.where.source == "narrative/crime.md:5"


def it_lists_figures_neither_bound_nor_checked(make_report: MakeReport):
    text = TEXT + ("\nIn April 2024, under Section 34, 43 burglaries in SO22 rose 5% in "
                   "Q3 of 2024/25; call [101]{.literal}.\n")
    found = [f for f in check(with_rates(make_report, text=text)).findings
             if f.code == "unverified-figure"]
    assert [(f.stated, f.severity, f.where.source) for f in found] == [
        ("43", "info", "narrative/crime.md:5"), ("5%", "info", "narrative/crime.md:5")]


def it_counts_what_it_checked(make_report: MakeReport):
    text = TEXT + "\nUp [2]{= change(crime.robbery.y2023, crime.robbery.y2024)}, by 9 cases.\n"
    v = check(with_rates(make_report, text=text))
    # 3 rows x (variance, % change, FAT %) + the total's three counts + 1 prose check
    assert (v.checked, v.unverified, v.errors) == (3 * 3 + 3 + 1, 1, 0)
    assert v.prose_share == pytest.approx(0.5)


def it_documents_every_code():
    docs = (__import__("pathlib").Path(__file__).parents[2] / "docs" / "findings.md").read_text(
        encoding="utf-8")
    documented = {line.split("`")[1] for line in docs.splitlines() if line.startswith("| `")}
    assert documented == set(CODES)


SHARES_YAML = MINIMAL_YAML.replace(
    "      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}\n",
    "      - {key: both, label: Both years, kind: count, formula: y2023 + y2024}\n"
    "      - {key: share, label: 2024 share, kind: percent, formula: \"pct(y2024, both)\", "
    "decimals: 1}\n")


def it_finds_a_percentage_column_that_does_not_follow(make_report: MakeReport):
    csv = ("offence,2023,2024,Both years,2024 share\nRobbery,19,21,40,55.0%\n"
           "Theft,1712,1805,3517,51.3%\nTotal,1731,1826,3557,51.3%\n")
    f = only(make_report(SHARES_YAML, files={"tables/crime.csv": csv}), "rate-mismatch")
    assert (f.where.row, f.where.column, f.expected) == ("Robbery", "2024 share", "52.5%")
    assert f.message == ("Figure 1, Robbery, 2024 share: pct(2024, Both years) gives 52.5%, "
                         "but 55.0% is printed.")


def it_finds_a_row_total_that_does_not_follow(make_report: MakeReport):
    csv = ("offence,2023,2024,Both years,2024 share\nRobbery,19,21,41,51.2%\n"
           "Theft,1712,1805,3517,51.3%\nTotal,1731,1826,3557,51.3%\n")
    f = only(make_report(SHARES_YAML, files={"tables/crime.csv": csv}), "total-mismatch")
    assert (f.where.row, f.where.column, f.stated, f.expected) == (
        "Robbery", "Both years", "41", "40")


class DescribeBoundFigures:
    """A bound figure that cannot be computed prints "–": it is a finding, and it is
    not counted as verified (it once read "100% of the figures in the text are
    verified")."""

    def it_finds_a_bound_figure_that_divides_by_zero(self, make_report: MakeReport):
        text = TEXT + "\nThe rate was {= crime.robbery.y2024 / 0}.\n"
        v = check(with_rates(make_report, text=text))
        f = only(with_rates(make_report, text=text), "zero-denominator")
        assert (f.severity, f.where.source, f.stated) == (
            "error", "narrative/crime.md:5", "{= crime.robbery.y2024 / 0}")
        assert f.message == ("Section 1 'Crime': {= crime.robbery.y2024 / 0} divides by "
                             "zero, so the paper prints '–' where the figure should be.")
        assert v.prose_verified == 0 and v.prose_share is None

    def it_warns_of_a_bound_figure_over_a_blank_cell(self, make_report: MakeReport):
        csv = GOOD_RATES.replace("Robbery,19,21", "Robbery,,21")
        text = TEXT + "\nIn 2023 there were {= crime.robbery.y2023} robberies.\n"
        found = findings(with_rates(make_report, csv, text), "missing-value")
        bound = [f for f in found if f.stated == "{= crime.robbery.y2023}"]
        assert len(bound) == 1 and bound[0].severity == "warning"
        assert "crime.robbery.y2023 is missing (a blank cell)" in bound[0].message
        assert check(with_rates(make_report, csv, text)).prose_verified == 0

    def it_counts_a_bound_figure_that_computes(self, make_report: MakeReport):
        text = TEXT + "\nIn 2023 there were {= crime.robbery.y2023} robberies.\n"
        v = check(with_rates(make_report, text=text))
        assert (v.errors, v.prose_verified, v.prose_share) == (0, 1, 1.0)
