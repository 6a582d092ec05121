"""docs/tutorial.md, followed step by step as written: every command it shows is run in
a fresh folder, in order, and must print what the page says it prints."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.docs.markdown import follow, shows

PAGE = ROOT / "docs" / "tutorial.md"


def run(argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(argv)
    assert words[0] == "cspdoc", f"the tutorial runs only cspdoc, not {argv!r}"
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "cspdoc.cli", *words[1:]], cwd=cwd,
                          capture_output=True, text=True, check=False, env=env)


def it_works_as_written(tmp_path: Path):
    steps = follow(PAGE, tmp_path, run)
    assert steps >= 15
    # Where it ends: two published versions, the first untouched by the second.
    versions = tmp_path / "out" / "q1-2025"
    assert (versions / "v1.0" / "q1-2025-v1.0.pdf").is_file()
    assert (versions / "v1.1" / "q1-2025-v1.1.pdf").is_file()


def it_shows_the_lines_cspdoc_prints_in_order():
    assert shows(["a", "...", "c"], "a\nb\nc\n") is None
    assert shows(["a", "c"], "a\nb\nc\n") == "c"
    assert shows(["a", "...", "c", "a"], "a\nb\nc\n") == "a"
    assert shows(["b"], "a\nb\n") == "b"
