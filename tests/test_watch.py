"""check --watch: a second check after a file of the report changes, then stop."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from cspdoc.watch import report_folders, watch_report
from tests.conftest import FIXTURES, MakeReport

# Long enough for a slow machine to notice; a passing test waits a fraction of it.
PATIENCE = 30


def start(folder: Path) -> tuple[threading.Event, queue.Queue[str], threading.Thread,
                                 list[list[Path]]]:
    stop = threading.Event()
    runs: queue.Queue[str] = queue.Queue()
    seen: list[list[Path]] = []
    thread = threading.Thread(target=watch_report, args=(folder, lambda: runs.put("run")),
                              kwargs={"changed": seen.append, "stop": stop}, daemon=True)
    thread.start()
    assert runs.get(timeout=PATIENCE) == "run"  # the first check, at once
    return stop, runs, thread, seen


class DescribeWatchReport:
    def it_checks_again_when_a_narrative_file_changes(self, make_report: MakeReport):
        folder = make_report()
        stop, runs, thread, seen = start(folder)
        try:
            (folder / "narrative" / "crime.md").write_text("Crime fell[^src].\n\n"
                                                           "[^src]: Police data.\n",
                                                           encoding="utf-8")
            assert runs.get(timeout=PATIENCE) == "run"
            assert (folder / "narrative" / "crime.md").resolve() in seen[0]
        finally:
            stop.set()
            thread.join(timeout=PATIENCE)
        assert not thread.is_alive()

    def it_ignores_files_the_report_does_not_read(self, make_report: MakeReport):
        folder = make_report()
        stop, runs, thread, seen = start(folder)
        try:
            (folder / "notes.txt").write_text("to do", encoding="utf-8")
            (folder / "narrative" / ".crime.md.swp").write_text("x", encoding="utf-8")
            (folder / "tables" / "crime.csv").write_text(
                "offence,2023,2024,Variance\nRobbery,19,22,3\n", encoding="utf-8")
            assert runs.get(timeout=PATIENCE) == "run"
            assert [p.name for p in seen[0]] == ["crime.csv"]
        finally:
            stop.set()
            thread.join(timeout=PATIENCE)

    def it_watches_the_folder_a_report_extends(self, tmp_path: Path):
        base = tmp_path / "base"
        shutil.copytree(FIXTURES / "winchester-2024-25", base)
        corrected = tmp_path / "corrected"
        shutil.copytree(FIXTURES / "winchester-2024-25-corrected", corrected)
        (corrected / "report.yaml").write_text(
            (corrected / "report.yaml").read_text(encoding="utf-8").replace(
                "extends: ../winchester-2024-25", "extends: ../base"), encoding="utf-8")
        assert report_folders(corrected) == [corrected.resolve(), base.resolve()]
        stop, runs, thread, seen = start(corrected)
        try:
            with (base / "narrative" / "06-conclusion.md").open("a", encoding="utf-8") as f:
                f.write("\n")
            assert runs.get(timeout=PATIENCE) == "run"
            assert seen[0] == [(base / "narrative" / "06-conclusion.md").resolve()]
        finally:
            stop.set()
            thread.join(timeout=PATIENCE)


def it_prints_a_second_check_from_the_command_line(make_report: MakeReport):
    folder = make_report()
    env = {**os.environ, "COLUMNS": "80", "PYTHONUNBUFFERED": "1"}
    lines: queue.Queue[str] = queue.Queue()

    def until(text: str) -> list[str]:
        """The lines printed up to the next one holding ``text``."""
        got = []
        while True:
            line = lines.get(timeout=PATIENCE)
            got.append(line)
            if text in line:
                return got

    with subprocess.Popen([sys.executable, "-m", "cspdoc.cli", "check", str(folder),
                           "--watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        out = proc.stdout
        reader = threading.Thread(target=lambda: [lines.put(line) for line in out],
                                  daemon=True)
        reader.start()
        try:
            until("warnings;")  # the summary of the first check
            (folder / "tables" / "crime.csv").write_text(
                "offence,2023,2024,Variance\nRobbery,19,21,5\nTheft,1712,1805,93\n",
                encoding="utf-8")
            second = until("warnings;")
        finally:
            proc.terminate()
            proc.wait(timeout=PATIENCE)
            reader.join(timeout=PATIENCE)
        assert any("tables/crime.csv changed: checking" in line for line in second)
        assert any("change-mismatch" in line for line in second), second
        assert any(line.startswith("1 error") for line in second)
        assert "Traceback" not in proc.stderr.read()


def it_refuses_to_watch_a_folder_that_is_not_there(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "cspdoc.cli", "check",
                           str(tmp_path / "nowhere"), "--watch"], capture_output=True,
                          text=True, check=False, timeout=PATIENCE)
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path / 'nowhere'}: not a report folder (no such directory)\n"
