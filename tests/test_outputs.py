"""outputs.py: a draft is replaced atomically, a killed run's leftovers are cleaned (and a
draft it moved aside put back), a failed run leaves nothing new, and file-system errors
are OutputErrors naming the path."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import cspdoc
from cspdoc import buildcache, outputs
from cspdoc.errors import OutputError
from cspdoc.outputs import PARTIAL, clean_stale, replace_folder
from tests.conftest import PUBLISHABLE_YAML, MakeReport
from tests.end_to_end.test_build import cspdoc as run_cli


def dead_pid() -> int:
    """The pid of a process that has finished."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def fill_with(text: str):
    def fill(tmp: Path) -> None:
        (tmp / "paper.docx").write_text(text, encoding="utf-8")
    return fill


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}


KILL_AFTER_FIRST_RENAME = textwrap.dedent("""\
    import os, signal, sys
    from pathlib import Path
    from cspdoc import outputs
    outputs._exchange = lambda a, b: False   # a file system that cannot exchange
    real = Path.rename
    def rename(self, target):
        result = real(self, target)
        if self.name == "draft":              # the old draft moved aside: die here
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    Path.rename = rename
    def fill(tmp):
        (tmp / "paper.docx").write_text("new", encoding="utf-8")
    outputs.replace_folder(Path(sys.argv[1]), fill)
""")


class DescribeReplacingADraft:
    def it_exchanges_the_folders_so_there_is_always_a_draft(self, tmp_path: Path,
                                                            monkeypatch):
        target = tmp_path / "slug" / "draft"
        replace_folder(target, fill_with("old"))
        renames: list[tuple[str, str]] = []
        real = Path.rename
        monkeypatch.setattr(Path, "rename", lambda self, to: (
            renames.append((self.name, Path(to).name)), real(self, to))[1])
        replace_folder(target, fill_with("new"))
        assert (target / "paper.docx").read_text(encoding="utf-8") == "new"
        assert renames == []  # one renameat2(RENAME_EXCHANGE), never a rename away
        assert sorted(p.name for p in target.parent.iterdir()) == ["draft"]

    def it_puts_back_a_draft_a_killed_run_had_moved_aside(self, tmp_path: Path):
        target = tmp_path / "slug" / "draft"
        replace_folder(target, fill_with("old"))
        proc = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_RENAME, str(target)],
                              check=False)
        assert proc.returncode == -signal.SIGKILL
        assert not target.exists()  # the moment the issue found: no draft ...
        left = [p.name for p in (target.parent / PARTIAL).iterdir()]
        assert any(name.endswith("~old") for name in left), left
        clean_stale(target.parent)  # ... which the next run undoes
        assert (target / "paper.docx").read_text(encoding="utf-8") == "old"
        assert sorted(p.name for p in target.parent.iterdir()) == ["draft"]

    @pytest.mark.parametrize("name", ["draft~{pid}~a1b2c3d4", "draft~{pid}~a1b2c3d4~old",
                                      "draft-{pid}-x7_k2m9q", "draft-{pid}-x7_k2m9q-old"])
    def it_removes_every_leftover_of_a_dead_run(self, tmp_path: Path, name: str):
        target = tmp_path / "slug" / "draft"
        replace_folder(target, fill_with("current"))
        stale = target.parent / PARTIAL / name.format(pid=dead_pid())
        stale.mkdir(parents=True)
        (stale / "paper.docx").write_text("stale", encoding="utf-8")
        replace_folder(target, fill_with("next"))
        assert sorted(p.name for p in target.parent.iterdir()) == ["draft"]
        assert (target / "paper.docx").read_text(encoding="utf-8") == "next"

    def it_leaves_a_running_builds_staging_folder_alone(self, tmp_path: Path):
        parent = tmp_path / "slug"
        mine = parent / PARTIAL / f"draft~{os.getpid()}~00ff00ff"
        mine.mkdir(parents=True)
        clean_stale(parent)
        assert mine.is_dir()


class DescribeAFailedBuild:
    def it_leaves_nothing_new_under_out(self, make_report: MakeReport, tmp_path: Path):
        folder = make_report(files={"narrative/crime.md": "Crime rose.\n"})
        (folder / "report.yaml").write_text(
            (folder / "report.yaml").read_text(encoding="utf-8").replace(
                "sections:", "sections:\n  - title: Pictures\n    content:\n"
                "      - figure: map\n").replace(
                "figures:", "figures:\n  map:\n    type: image\n    src: map.png\n"
                "    caption: Map\n    alt: A map of the wards.\n"), encoding="utf-8")
        (folder / "map.png").write_bytes(b"")
        out = tmp_path / "out"
        done = run_cli("build", str(folder), "--out", str(out))
        assert done.returncode == 2, done.stderr
        assert not out.exists()
        out.mkdir()
        done = run_cli("build", str(folder), "--out", str(out))
        assert done.returncode == 2 and list(out.iterdir()) == []

    def it_keeps_the_earlier_draft_when_the_disk_is_full(self, make_report: MakeReport,
                                                         tmp_path: Path, monkeypatch):
        folder = make_report()
        out = tmp_path / "out"
        first = cspdoc.build(folder, out)
        before = hashes(first.folder)
        # A change, so that the rebuild writes the PDF rather than reusing it.
        with (folder / "narrative" / "crime.md").open("a", encoding="utf-8") as handle:
            handle.write("\n")

        def full(report, path, report_dir=None, **_options):
            path.write_bytes(b"%PDF-1.7 half")
            raise OSError(errno.ENOSPC, "No space left on device", str(path))

        monkeypatch.setattr("cspdoc.writers.pdf.write_pdf", full)
        with pytest.raises(OutputError) as caught:
            cspdoc.build(folder, out)
        assert caught.value.message.startswith(f"cannot write {first.folder}: the disk is "
                                               "full (")
        assert ".pdf" in caught.value.message  # the file being written
        assert hashes(first.folder) == before
        assert sorted(p.name for p in first.folder.parent.iterdir()) == [
            buildcache.STAMP, "draft"]  # the reuse record of the draft kept


class DescribeOutputPaths:
    def it_refuses_an_out_that_is_a_file_naming_it(self, make_report: MakeReport,
                                                   tmp_path: Path):
        out = tmp_path / "out.txt"
        out.write_text("notes", encoding="utf-8")
        done = run_cli("build", str(make_report()), "--out", str(out))
        assert done.returncode == 2
        assert done.stderr.strip() == (
            f"{out}: cannot write {out}/test-report/draft: {out} is a file, not a folder")
        assert out.read_text(encoding="utf-8") == "notes"

    def it_refuses_a_slug_folder_that_is_a_file(self, make_report, tmp_path):
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / "test-report").write_text("x", encoding="utf-8")
        with pytest.raises(OutputError, match="test-report is a file, not a folder"):
            cspdoc.publish(make_report(PUBLISHABLE_YAML), tmp_path / "out")

    def it_names_a_read_only_output_folder(self, make_report, tmp_path, monkeypatch):
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "ro"))

        monkeypatch.setattr(outputs, "staging", refuse)
        with pytest.raises(OutputError, match=r"Permission denied \(.*ro\)"):
            cspdoc.build(make_report(), tmp_path / "ro")
