"""docs/recipes.md, followed from top to bottom as written, in a folder holding a copy
of the fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, ROOT
from tests.docs.markdown import follow
from tests.docs.test_tutorial import run

PAGE = ROOT / "docs" / "recipes.md"


def it_works_as_written(tmp_path: Path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    assert follow(PAGE, tmp_path, run) >= 15
    published = tmp_path / "out" / "winchester-2024-25"
    assert sorted(p.name for p in published.iterdir() if p.name.startswith("v")) == [
        "v1.0", "v1.1"]
    assert (tmp_path / "council.docx").is_file()
    assert "{= crime.total.y2025}" in (tmp_path / "pasted" / "narrative" / "crime.md"
                                      ).read_text(encoding="utf-8")
