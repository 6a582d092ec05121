"""cspdoc build A B C: several report folders side by side, a plain log when piped, a
live display on a terminal, and --json for scripts."""

from __future__ import annotations

import io
import json
from pathlib import Path

from cspdoc import pipeline, progress
from tests.conftest import MINIMAL_FILES, MINIMAL_YAML
from tests.end_to_end.test_build import cspdoc


def folder(root: Path, slug: str, *, files: dict[str, str] | None = None) -> Path:
    path = root / slug
    for rel, text in {"report.yaml": MINIMAL_YAML.replace("slug: test-report", f"slug: {slug}"),
                      **MINIMAL_FILES, **(files or {})}.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(text, encoding="utf-8")
    return path


def it_builds_each_folder_and_prints_one_line_for_each(tmp_path):
    a, b = folder(tmp_path, "north-area"), folder(tmp_path, "south-area")
    out = tmp_path / "out"
    done = cspdoc("build", str(a), str(b), "--out", str(out))
    assert done.returncode == 0, done.stderr
    log = [line for line in done.stdout.splitlines() if line.startswith("cspdoc: ")]
    lines = [line for line in done.stdout.splitlines() if not line.startswith("cspdoc: ")]
    assert done.stderr == ""  # stderr is for problems only
    assert len(lines) == 2
    for line, report, slug in zip(lines, (a, b), ("north-area", "south-area"), strict=True):
        assert line.startswith(f"{report}: wrote {out / slug / 'draft'} ("), line
        assert "0 errors, 0 warnings" in line and line.endswith(" s")
        assert (out / slug / "draft" / f"{slug}-v1.0.pdf").read_bytes().startswith(b"%PDF")
        assert (out / slug / "draft" / f"{slug}-v1.0.docx").is_file()
    # Piped: a plain line as each document starts and ends, for each report.
    for report in (a, b):
        for what in ("writing the DOCX", "laying out the PDF", "docx written",
                     "pdf written"):
            assert f"cspdoc: {report}: {what}" in log


def it_prints_a_summary_for_scripts_and_keeps_going_past_a_bad_report(tmp_path):
    good = folder(tmp_path, "north-area")
    bad = folder(tmp_path, "south-area", files={
        "tables/crime.csv": "offence,2023,2024,Variance\nRobbery,19,lots,2\n"})
    out = tmp_path / "out"
    done = cspdoc("build", str(bad), str(good), "--out", str(out), "--json")
    assert done.returncode == 2
    assert f"{bad}/tables/crime.csv:2: y2024: 'lots' is not a number" in done.stderr
    summary = json.loads(done.stdout)["reports"]
    assert [r["report"] for r in summary] == [str(bad), str(good)]
    assert summary[0]["status"] == "invalid-input"
    assert summary[0]["errors"] == ["tables/crime.csv:2: y2024: 'lots' is not a number"]
    built = summary[1]
    assert built["status"] == "built" and built["slug"] == "north-area"
    checked = pipeline.check(good)  # what `cspdoc check` finds in the same folder
    assert built["findings"] == {"errors": 0, "warnings": 0, "checked": checked.checked,
                                 "unverified": checked.unverified}
    assert checked.checked > 0
    assert sorted(built["outputs"]) == ["docx", "pdf", "verification"]
    assert all(Path(p).is_file() for p in built["outputs"].values())
    assert built["seconds"] > 0
    assert not (out / "south-area").exists()


def it_exits_1_with_strict_when_any_report_has_errors(tmp_path):
    wrong = folder(tmp_path, "south-area", files={
        "tables/crime.csv": "offence,2023,2024,Variance\nRobbery,19,21,5\n"})
    done = cspdoc("build", str(folder(tmp_path, "north-area")), str(wrong), "--out",
                  str(tmp_path / "out"), "--strict", "--json")
    assert done.returncode == 1, done.stderr
    assert [r["findings"]["errors"] for r in json.loads(done.stdout)["reports"]] == [0, 1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def it_shows_each_reports_step_on_a_terminal_with_the_pdf_page_moving(monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")  # CI may run with TERM=dumb, or none
    stream = Terminal()
    display = progress.display_for([Path("north"), Path("south")], stream)
    assert isinstance(display, progress.LiveDisplay)
    display.event(0, "read", "")
    display.event(1, "pdf", "page 3")
    display.live.refresh()
    display.event(1, "pdf", "page 4")
    display.live.refresh()
    display.close()
    shown = stream.getvalue()
    assert "north" in shown and "reading" in shown
    assert "laying out the PDF: page 3" in shown and "laying out the PDF: page 4" in shown
    assert isinstance(progress.display_for([Path("north")], io.StringIO()),
                      progress.PlainDisplay)


def it_prints_plain_lines_on_a_terminal_that_cannot_redraw(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    assert isinstance(progress.display_for([Path("north")], Terminal()),
                      progress.PlainDisplay)


def it_builds_the_same_bytes_alone_and_in_a_batch(tmp_path):
    a = folder(tmp_path, "north-area")
    b = folder(tmp_path, "south-area")
    alone, batch = tmp_path / "alone", tmp_path / "batch"
    assert cspdoc("build", str(a), "--out", str(alone)).returncode == 0
    assert cspdoc("build", str(a), str(b), "--out", str(batch)).returncode == 0
    for fmt in ("docx", "pdf"):
        name = Path("north-area") / "draft" / f"north-area-v1.0.{fmt}"
        assert (alone / name).read_bytes() == (batch / name).read_bytes()




def it_refuses_two_folders_with_one_slug_in_a_batch(tmp_path):
    a = folder(tmp_path / "a", "north-area")
    b = folder(tmp_path / "b", "north-area")
    done = cspdoc("build", str(a), str(b), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert f"{a} and {b} both build {tmp_path / 'out' / 'north-area' / 'draft'}" in \
        done.stderr
