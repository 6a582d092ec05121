"""transforms/corrections.py: every change reason names something that changed, each
change carries its own reason, in the notice and in diff."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import cspdoc
from cspdoc.errors import InputError
from tests.conftest import MINIMAL_FILES, PUBLISHABLE_YAML, MakeReport
from tests.end_to_end.test_build import cspdoc as run_cli

CORRECTED_CSV = ("offence,2023,2024,Variance\nRobbery,19,23,=\nTheft,1712,1805,93\n"
                 "Total,1731,1828,97\n")


def corrected(base: Path, tmp_path: Path, changes: str, narrative: str | None = None) -> Path:
    """Version 1.1 of the minimal report: Robbery 2024 corrected from 21 to 23 (the
    variance and totals follow), optionally a sentence corrected, with ``changes``."""
    folder = tmp_path / "v11"
    (folder / "tables").mkdir(parents=True)
    (folder / "tables" / "crime.csv").write_text(CORRECTED_CSV, encoding="utf-8")
    if narrative is not None:
        (folder / "narrative").mkdir()
        (folder / "narrative" / "crime.md").write_text(narrative, encoding="utf-8")
    (folder / "report.yaml").write_text(textwrap.dedent(f"""\
        extends: {base}
        meta:
          version: "1.1"
          status: corrected
          corrections:
            - version: "1.1"
              date: 2025-03-18
              reason: Robbery in 2024 was mistyped.
              changes:
        """) + textwrap.indent(textwrap.dedent(changes), " " * 8), encoding="utf-8")
    return folder


@pytest.fixture
def published(make_report: MakeReport, tmp_path: Path) -> tuple[Path, Path]:
    base = make_report(PUBLISHABLE_YAML)
    out = tmp_path / "out"
    cspdoc.publish(base, out)
    return base, out


NEW_SENTENCE = MINIMAL_FILES["narrative/crime.md"].replace(
    "Crime rose", "Recorded crime rose by 97")


class DescribeNamesThatDoNotExist:
    @pytest.mark.parametrize(("changes", "line", "says"), [
        ("- figure: crime\n  row: robery\n  reason: Mistyped.\n", 10,
         "figure 'crime', row 'robery': the table has no row with this id (its rows: "
         "robbery, theft, total)"),
        ("- figure: crime\n  row: robbery\n  column: y2042\n  reason: Mistyped.\n", 10,
         "column 'y2042': the table has no column with this key"),
        ("- figure: crimes\n  reason: Mistyped.\n", 10,
         "figure 'crimes': the report has no figure with this id"),
        ("- figure: crime\n  reason: Fine.\n- section: crimes\n  reason: Mistyped.\n", 12,
         "section 'crimes': the report has no section with this id"),
    ])
    def it_is_an_error_at_its_report_yaml_line_even_before_publishing(
            self, make_report: MakeReport, tmp_path: Path, changes, line, says):
        folder = corrected(make_report(), tmp_path, changes)
        done = run_cli("check", str(folder))
        assert done.returncode == 2, done.stdout
        assert done.stderr.strip().startswith(f"{folder}/report.yaml:{line}: meta.corrections")
        assert says in done.stderr


class DescribeNamesThatDidNotChange:
    def it_refuses_a_reason_for_a_cell_that_did_not_change(self, published, tmp_path):
        base, out = published
        folder = corrected(base, tmp_path, """\
            - figure: crime
              row: theft
              column: y2024
              reason: Theft was mistyped.
            """)
        with pytest.raises(InputError) as caught:
            cspdoc.publish(folder, out)
        assert caught.value.where.source == "report.yaml:10"
        assert caught.value.where.field == "meta.corrections[0].changes[0]"
        assert "figure 'crime', row 'theft', column 'y2024': nothing there changed since " \
               "version 1.0" in caught.value.message
        assert "Figure 1, Robbery, 2024: 21 → 23" in caught.value.message  # the near ones
        assert sorted(p.name for p in (out / "test-report").iterdir()) == ["v1.0"]

    def it_refuses_a_passage_that_is_not_in_any_change(self, published, tmp_path):
        base, out = published
        folder = corrected(base, tmp_path, """\
            - figure: crime
              reason: Robbery was mistyped.
            - section: crime
              text: burglary
              reason: Burglary was left out.
            """, NEW_SENTENCE)
        with pytest.raises(InputError, match="section 'crime' with the text 'burglary': "
                                             "nothing there changed"):
            cspdoc.build(folder, out)


class DescribeEachReasonWithItsChange:
    @pytest.fixture
    def v11(self, published, tmp_path) -> tuple[Path, Path]:
        base, out = published
        folder = corrected(base, tmp_path, """\
            - figure: crime
              row: robbery
              column: y2024
              reason: The force's return gave 23 robberies, not 21.
            - figure: crime
              row: total
              reason: The totals follow the robbery count.
            - section: crime
              text: rose by 97
              reason: The sentence now gives the rise.
            """, NEW_SENTENCE)
        result = cspdoc.publish(folder, out)
        assert not result.unchanged
        return folder, out / "test-report"

    def it_attaches_the_most_specific_reason_and_the_versions_own_to_the_rest(self, v11):
        _, slug = v11
        from cspdoc.snapshot import load

        items = [(i.text, i.reason) for i in load(slug / "v1.1").notice.items]
        assert items == [
            ("Figure 1, Robbery, 2024: 21 → 23",
             "The force's return gave 23 robberies, not 21."),
            ("Figure 1, Robbery, Variance: 2 → 4", "Robbery in 2024 was mistyped."),
            ("Figure 1, Total, 2024: 1826 → 1828", "The totals follow the robbery count."),
            ("Figure 1, Total, Variance: 95 → 97", "The totals follow the robbery count."),
            ("Section 'Crime': Crime rose, see Figure 1. → Recorded crime rose by 97, see "
             "Figure 1.", "The sentence now gives the rise."),
        ]

    def it_prints_each_change_with_its_reason_in_diff(self, v11):
        _, slug = v11
        done = run_cli("diff", str(slug / "v1.0"), str(slug / "v1.1"))
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        at = lines.index("Figure 1, Total, 2024: 1826 → 1828")
        assert lines[at + 1] == "    Reason: The totals follow the robbery count."
        assert lines[-1] == "5 changes"
        as_json = json.loads(run_cli("diff", str(slug / "v1.0"), str(slug / "v1.1"),
                                     "--json").stdout)["changes"]
        assert [(c["kind"], c.get("row_id"), c["reason"]) for c in as_json][:2] == [
            ("cell", "robbery", "The force's return gave 23 robberies, not 21."),
            ("cell", "robbery", "Robbery in 2024 was mistyped.")]
        assert all(c["reason"] for c in as_json)
