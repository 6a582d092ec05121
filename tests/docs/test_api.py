"""docs/api.md: every example runs as written (doctest), and every public function of
cspdoc has a section with an example calling it."""

from __future__ import annotations

import doctest
import inspect
import re
import shutil
from pathlib import Path

import pytest

import cspdoc
from tests.conftest import FIXTURES, ROOT

PAGE = ROOT / "docs" / "api.md"


def it_runs_every_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    # A fence closing a block ends its last example's output, as a blank line would.
    text = re.sub(r"(?m)^```.*$", "", PAGE.read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(text, {}, "docs/api.md", str(PAGE), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 30
    assert result.failed == 0, "docs/api.md: an example does not print what it says"


def public_functions() -> list[str]:
    return sorted(name for name in cspdoc.__all__
                  if inspect.isfunction(getattr(cspdoc, name)))


@pytest.mark.parametrize("name", public_functions())
def it_gives_each_public_function_a_section_and_an_example(name: str):
    text = PAGE.read_text(encoding="utf-8")
    heading = f"## `cspdoc.{name}`"
    assert heading in text, f"docs/api.md has no '{heading}' section"
    body = text.split(heading, 1)[1].split("\n## ", 1)[0]
    assert re.search(rf">>> .*cspdoc\.{name}\(", body), f"no example calls cspdoc.{name}"
