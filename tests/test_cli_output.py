"""What `cspdoc check` prints, at a fixed width of 80 columns."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from cspdoc import check
from cspdoc.cli_output import next_steps, print_findings
from cspdoc.findings import Finding, Severity, Verification
from cspdoc.where import Where
from tests.conftest import WINCHESTER, MakeReport

WIDTH = 80


def render(verification: Verification, report: Path | None = None) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=WIDTH, color_system=None, highlight=False)
    print_findings(verification, console, report)
    return out.getvalue().splitlines()


@pytest.fixture(scope="module")
def winchester() -> Verification:
    return check(WINCHESTER)


@pytest.fixture(scope="module")
def lines(winchester: Verification) -> list[str]:
    return render(winchester, WINCHESTER)


def line_index(lines: list[str], text: str) -> int:
    found = [i for i, line in enumerate(lines) if text in line]
    assert found, f"{text!r} not printed"
    return found[0]


class DescribeTheReferencePaperAt80Columns:
    def it_fits_every_line_in_80_columns(self, lines: list[str]):
        assert max(len(line) for line in lines) <= WIDTH
        assert len(lines) > 100

    def it_never_splits_a_location(self, lines: list[str], winchester: Verification):
        sources = {f.where.source for f in winchester.findings if f.where.source}
        printed = "\n".join(lines)
        for source in sources:
            assert re.search(rf"(^|\s){re.escape(source)}(\s|$)", printed, re.M), source

    def it_heads_each_group_once_with_its_printed_place(self, lines: list[str]):
        for place in ("1 Delivery Plan 2024/25 – priority outcome achievements",
                      "3.1 Stop Domestic Abuse",
                      "Figure 7 Violence with injury crimes and Formal Action Taken "
                      "outcomes",
                      "Figure 10 Most Serious Violence (MSV) offences and Formal Action "
                      "Taken outcomes"):
            headings = [line for line in lines if line == place]
            # Once among the findings; a place with unverified figures has a second
            # heading in the list of them.
            assert 1 <= len(headings) <= 2, (place, headings)

    def it_does_not_repeat_the_heading_inside_the_messages(self, lines: list[str]):
        assert not any("Section 1 'Delivery" in line for line in lines)
        assert not any(re.search(r"error \S+: Figure \d", line) for line in lines)

    def it_shows_the_sentence_each_finding_is_about(self, lines: list[str]):
        at = line_index(lines, "narrative/01-achievements-domestic-abuse.md:12")
        below = " ".join(line.strip() for line in lines[at + 1:at + 8])
        assert below.startswith("“As a snapshot in Q3 there were 27 arrests for 28 DA "
                                "offences equal to a 92% arrest rate")
        # Both findings about that sentence follow it, the sentence shown once.
        assert "error rate-mismatch: 27 out of 28 is 96.4%, but the text says 92%." in below
        assert "error change-mismatch: the percentage-point change from 74.3%" in below
        assert sum("27 arrests for 28 DA" in line for line in lines) == 1

    def it_shows_the_cell_a_table_finding_is_about(self, lines: list[str]):
        at = line_index(lines, "tables/violence-injury.csv:10")
        cell = " ".join(line.strip() for line in lines[at + 1:at + 3])
        assert cell.startswith("Care worker ill-treat/wilfully neglect an individual · "
                               "FAT Outcome 2023: 6 (100%)")
        # The cell's value is never split: "6" and "(100%)" share a line.
        assert any("6 (100%)" in line for line in lines[at + 1:at + 3])

    def it_lists_unverified_figures_with_their_sentence(self, lines: list[str]):
        at = line_index(lines, "Not verified: 66 figures")
        assert lines[at + 1] == "1 Delivery Plan 2024/25 – priority outcome achievements"
        assert lines[at + 2] == "  narrative/01-achievements-domestic-abuse.md:4  11, 12, 3, 2"
        assert "11 Domestic Violence Protection Notices" in lines[at + 3]
        assert lines[at + 3].startswith("    ")

    def it_ends_with_the_summary_and_what_to_do_next(self, lines: list[str]):
        text = " ".join(line.strip() for line in lines[-6:])
        assert ("10 errors, 7 warnings; 261 figures checked, 1 checked automatically in "
                "the text, 66 unverified; 60% of the figures in the text are verified"
                ) in text
        assert f"`cspdoc check {WINCHESTER} --watch`" in text


class DescribeLayout:
    def it_moves_a_long_location_whole_to_a_line_of_its_own(self):
        long_path = "tables/" + "quarterly-community-safety-partnership-" * 2 + "data.csv"
        finding = Finding(code="total-mismatch", severity=Severity.ERROR,
                          where=Where(file=long_path, line=12345, section="2 Crime"),
                          message="Section 2 'Crime': the rows above add up to 1,826, but the "
                                  "total printed is 1,827.")
        lines = render(Verification(report="r", version="1", findings=(finding,)))
        assert f"  {long_path}:12345" in lines
        assert "error total-mismatch: the rows above add up to 1,826, but the total " \
               "printed is 1,827." in " ".join(line.strip() for line in lines)

    def it_keeps_each_unverified_figure_whole_when_the_list_wraps(self):
        quote = "Figures: " + ", ".join(f"{n},{n:03d}" for n in range(100, 130)) + "."
        found = tuple(
            Finding(code="unverified-figure", severity=Severity.INFO,
                    where=Where(file="narrative/long.md", line=3, section="1 Long",
                                quote=quote),
                    message=f"1 Long: '{n},{n:03d}' is neither bound nor checked.",
                    stated=f"{n},{n:03d}")
            for n in range(100, 130))
        lines = render(Verification(report="r", version="1", findings=found))
        assert max(len(line) for line in lines) <= WIDTH
        listed = [line for line in lines if re.match(r"\s+(narrative/long\.md:3 )?\s*\d",
                                                     line)]
        figures = re.findall(r"\d+,\d{3}", " ".join(listed))
        assert figures[:30] == [f"{n},{n:03d}" for n in range(100, 130)]

    def it_heads_a_table_group_with_table_when_tables_are_numbered_apart(self):
        finding = Finding(code="total-mismatch", severity=Severity.ERROR,
                          where=Where(file="tables/crime.csv", line=4, figure=1,
                                      table="crime", row="Total", column="2024",
                                      quote="1,827"),
                          message="Table 1, Total, 2024: the rows above add up to 1,826.")
        v = Verification(report="r", version="1", findings=(finding,),
                         tables_numbered_separately=True,
                         captions={"Table 1": "Recorded crime"})
        lines = render(v)
        assert lines[0] == "Table 1 Recorded crime"
        assert lines[2] == "    Total · 2024: 1,827"
        assert lines[3] == "    error total-mismatch: the rows above add up to 1,826."


class DescribeNextSteps:
    def it_tells_a_build_with_errors_to_run_check(self, winchester: Verification):
        steps = next_steps(winchester, Path("reports/q3"), "build")
        assert steps == ["10 errors: run `cspdoc check reports/q3` to see them."]

    def it_offers_the_suggestions_when_there_are_some(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md":
                                    "Theft rose from 1,712 to 1,805, an increase of 93."
                                    "[^src]\n\n[^src]: Police data.\n"})
        v = check(folder)
        steps = " ".join(next_steps(v, folder, "check"))
        assert f"`cspdoc check {folder} --suggest` proposes" in steps
        assert f"`cspdoc build {folder}` writes the draft" in steps

    def it_names_the_output_folder_a_build_used(self):
        v = Verification(report="r", version="1")
        assert next_steps(v, Path("q3"), "build", Path("papers")) == [
            "Next: `cspdoc publish q3 --out papers` publishes this version."]

    def it_quotes_a_folder_with_spaces(self):
        v = Verification(report="r", version="1")
        assert "`cspdoc publish 'my reports/q3'`" in next_steps(v, Path("my reports/q3"),
                                                                 "build")[0]


def it_prints_the_same_at_80_columns_from_the_command_line():
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-m", "cspdoc.cli", "check", str(WINCHESTER)],
                          capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 1, done.stderr
    printed = done.stdout.splitlines()
    assert max(len(line) for line in printed) <= WIDTH
    assert "  tables/serious-violence.csv:5" in printed
    assert "    Public order 65 & 64/1 · FAT Outcome 2023: 1 (100%)" in printed
