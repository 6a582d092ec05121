"""cspdoc new: a starter report that builds first time; next period's paper from last's."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from cspdoc import check, load
from cspdoc.model import Derived, Missing, RowKind, Section, Table, plain_text
from cspdoc.readers.yamlsrc import load_yaml
from cspdoc.scaffold import new_report
from tests.conftest import FIXTURES, WINCHESTER
from tests.readers.workbooks import GROUPED_YAML, crime_workbook

CLI = [sys.executable, "-m", "cspdoc.cli"]
CORRECTED = FIXTURES / "winchester-2024-25-corrected"


def cspdoc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False,
                          cwd=cwd)


def outline(folder: Path) -> list[str]:
    return [plain_text(n.title) for _, n in load(folder).walk() if isinstance(n, Section)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("new")
    done = cspdoc("new", "q1-2025", cwd=root)
    assert done.returncode == 0, done.stderr
    build = cspdoc("build", "q1-2025", "--out", "out", cwd=root)
    assert build.returncode == 0, build.stderr
    return root / "q1-2025", root / "out" / "q1-2025" / "draft"


@pytest.fixture(scope="module")
def q4(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("next") / "winchester-2024-25-q4"
    done = cspdoc("new", str(folder), "--from", str(CORRECTED))
    assert done.returncode == 0, done.stderr
    return folder, done


class DescribeANewReport:
    def it_builds_first_time_with_nothing_to_fix(self, built: tuple[Path, Path]):
        folder, draft = built
        v = check(folder)
        assert (v.errors, v.warnings, v.unverified) == (0, 0, 0)
        assert {"q1-2025-v1.0.docx", "q1-2025-v1.0.pdf", "verification.json"} <= {
            p.name for p in draft.iterdir()}

    def it_holds_a_table_a_footnote_a_bound_and_a_checked_figure(
            self, built: tuple[Path, Path]):
        folder, draft = built
        report = load(folder)
        assert any(isinstance(f, Table) for f in report.figures())
        assert report.footnotes
        statuses = {fig.status for fig in check(folder).figures}
        assert {"bound", "checked"} <= statuses
        doc = Document(str(draft / "q1-2025-v1.0.docx"))
        assert len(doc.tables) >= 1
        pdf = " ".join(p.extract_text() for p in PdfReader(
            str(draft / "q1-2025-v1.0.pdf")).pages)
        assert "Figure 1 Police recorded crime" in pdf
        assert "1,656" in pdf  # the bound total, printed from the table
        assert "Police recorded crime for the partnership's area" in pdf  # the footnote

    def it_names_its_outputs_after_the_folder(self, built: tuple[Path, Path]):
        folder, _ = built
        assert load(folder).meta.slug == "q1-2025"

    def it_is_commented_to_teach_the_format(self, built: tuple[Path, Path]):
        folder, _ = built
        text = (folder / "report.yaml").read_text(encoding="utf-8")
        # Every top-level key is introduced by a comment saying what it is for.
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if re.match(r"^[a-z_]+:", line):
                assert lines[i - 1].startswith("#"), line
        assert "docs/reference.md" in text

    def it_tells_the_officer_what_to_fill_in(self, tmp_path: Path):
        done = cspdoc("new", "paper", cwd=tmp_path)
        yaml = load_yaml(tmp_path / "paper" / "report.yaml", "report.yaml")
        line = yaml.child("meta").child("meeting_date").line
        assert f"  report.yaml:{line}: meta.meeting_date: the meeting's date" in \
            done.stdout.splitlines()

    def it_refuses_a_folder_that_is_not_empty(self, tmp_path: Path):
        folder = tmp_path / "busy"
        folder.mkdir()
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
        done = cspdoc("new", str(folder))
        assert done.returncode == 2
        assert done.stderr.startswith(f"{folder}: is not empty")
        assert "Traceback" not in done.stderr
        assert [p.name for p in folder.iterdir()] == ["notes.txt"]
        assert not list(tmp_path.glob(".*partial"))

    def it_writes_into_an_empty_folder(self, tmp_path: Path):
        (tmp_path / "empty").mkdir()
        assert cspdoc("new", str(tmp_path / "empty")).returncode == 0
        assert (tmp_path / "empty" / "report.yaml").is_file()

    def it_takes_no_from_options_without_from(self, tmp_path: Path):
        done = cspdoc("new", str(tmp_path / "x"), "--empty-tables")
        assert done.returncode == 2 and "go with --from OLD" in done.stderr
        assert not (tmp_path / "x").exists()


class DescribeNextPeriodFromLast:
    def it_keeps_the_outline_figures_and_text(self, q4):
        folder, _ = q4
        assert outline(folder) == outline(CORRECTED)
        old, new = load(CORRECTED), load(folder)
        assert [(f.id, plain_text(f.caption)) for f in new.figures()] == [
            (f.id, plain_text(f.caption)) for f in old.figures()]
        # A file of the base, and one the corrected version shadows, each as it was used.
        assert (folder / "narrative" / "02-probation.md").read_bytes() == (
            WINCHESTER / "narrative" / "02-probation.md").read_bytes()
        assert (folder / "narrative" / "02-headline.md").read_bytes() == (
            CORRECTED / "narrative" / "02-headline.md").read_bytes()

    def it_folds_in_the_definition_it_extended(self, q4):
        folder, _ = q4
        assert "extends" not in (folder / "report.yaml").read_text(encoding="utf-8")
        # The corrected version's own files shadow the base's, as they did.
        for table in (CORRECTED / "tables").iterdir():
            assert (folder / "tables" / table.name).read_bytes() == table.read_bytes()
        assert check(folder).checked == check(CORRECTED).checked

    def it_resets_version_status_and_corrections(self, q4):
        folder, _ = q4
        meta = load(folder).meta
        assert (meta.version, meta.status, meta.corrections, meta.issued) == (
            "1.0", "draft", (), None)
        assert meta.slug == "winchester-2024-25-q4"

    def it_moves_the_period_on_by_its_length(self, q4):
        folder, done = q4
        meta = load(folder).meta
        # April to December 2024 (nine months) becomes January to September 2025.
        assert (meta.period.start, meta.period.end) == (dt.date(2025, 1, 1),
                                                        dt.date(2025, 9, 30))
        assert meta.meeting_date == dt.date(2025, 12, 4)
        printed = done.stdout
        assert "meta.period: now 2025-01-01 to 2025-09-30 (moved on by its own length: " \
               "check it)" in printed
        assert "meta.reference: still 'CSP-2024-25-Q3'" in printed
        assert "tables hold last period's figures: replace tables/" in printed

    def it_keeps_the_comments_and_layout_of_report_yaml(self, q4):
        folder, _ = q4
        text = (folder / "report.yaml").read_text(encoding="utf-8")
        assert "# Figures quoted in the text that are not in a table" in text
        assert "      - {key: offence, label: WINCHESTER, kind: label}" in text

    def it_takes_the_period_and_meeting_date_given(self, tmp_path: Path):
        folder = tmp_path / "q1"
        done = cspdoc("new", str(folder), "--from", str(WINCHESTER), "--period",
                      "2025-04-01/2025-06-30", "--meeting-date", "2025-09-09")
        assert done.returncode == 0, done.stderr
        meta = load(folder).meta
        assert (meta.period.start, meta.period.end, meta.meeting_date) == (
            dt.date(2025, 4, 1), dt.date(2025, 6, 30), dt.date(2025, 9, 9))

    def it_names_a_bad_period(self, tmp_path: Path):
        done = cspdoc("new", str(tmp_path / "q1"), "--from", str(WINCHESTER), "--period",
                      "April to June")
        assert done.returncode == 2 and "write it as START/END" in done.stderr
        assert not (tmp_path / "q1").exists()

    def it_empties_the_tables_keeping_their_rows_and_labels(self, tmp_path: Path):
        folder = tmp_path / "q4"
        done = cspdoc("new", str(folder), "--from", str(WINCHESTER), "--empty-tables")
        assert done.returncode == 0, done.stderr
        assert "tables emptied, labels kept, figures blank" in done.stdout
        old, new = load(WINCHESTER), load(folder)
        for before, after in zip(old.figures(), new.figures(), strict=True):
            if not isinstance(before, Table):
                continue
            assert isinstance(after, Table)
            assert [(r.id, r.kind, before.row_label(r)) for r in before.rows] == [
                (r.id, r.kind, after.row_label(r)) for r in after.rows]
            for row in after.rows:
                for col, cell in zip(after.columns, row.cells, strict=True):
                    if row.kind == RowKind.DATA and not col.kind.is_text:
                        assert isinstance(cell, Missing | Derived), (after.id, row.id,
                                                                     col.key)
        # It still builds: the figures are blank, never zero.
        assert cspdoc("build", str(folder), "--out", str(tmp_path / "out"), "--format",
                      "docx").returncode == 0

    def it_empties_a_workbook_table(self, tmp_path: Path):
        old = tmp_path / "old"
        (old / "narrative").mkdir(parents=True)
        (old / "report.yaml").write_text(GROUPED_YAML, encoding="utf-8")
        (old / "narrative" / "crime.md").write_text("Crime rose[^s].\n\n[^s]: Police.\n",
                                                    encoding="utf-8")
        crime_workbook(old / "tables" / "crime.xlsx")
        assert [c.value for c in load(old).figures()[0].rows[0].cells[1:3]] == [19, 21]
        new = tmp_path / "new"
        assert cspdoc("new", str(new), "--from", str(old), "--empty-tables").returncode == 0
        table = load(new).figures()[0]
        assert isinstance(table, Table)
        assert [r.id for r in table.rows] == ["robbery", "theft", "burglary", "total"]
        for row in table.rows[:3]:
            assert all(isinstance(c, Missing) for c in row.cells[1:3])


def it_writes_nothing_when_last_period_does_not_read(tmp_path: Path):
    old = tmp_path / "old"
    old.mkdir()
    (old / "report.yaml").write_text("meta: {title: x}\n", encoding="utf-8")
    with pytest.raises(Exception, match="is required"):
        new_report(tmp_path / "new", source=old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]
