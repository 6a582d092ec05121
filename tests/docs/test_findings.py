"""docs/findings.md: every code is in its table and has what to do about it."""

from __future__ import annotations

from cspdoc.findings import CODES
from tests.conftest import ROOT

TEXT = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")


def it_says_what_to_do_about_every_code():
    section = TEXT.split("## What to do about each finding", 1)[1]
    advised = {line.split("`")[1]: line for line in section.splitlines()
               if line.startswith("| `")}
    assert set(advised) == set(CODES)
    for code, line in advised.items():
        assert len(line.split("|")[2].split()) >= 8, f"{code}: say what to do"


def it_shows_check_output_that_check_prints():
    """The sample under "Reading cspdoc check" is what check prints for the reference
    paper at 80 columns (tests/test_cli_output.py prints it)."""
    import io

    from rich.console import Console

    from cspdoc import check
    from cspdoc.cli_output import print_findings
    from tests.conftest import WINCHESTER

    out = io.StringIO()
    print_findings(check(WINCHESTER), Console(file=out, width=80, color_system=None))
    printed = out.getvalue().splitlines()
    sample = TEXT.split("## Reading `cspdoc check`", 1)[1].split("```")[1].strip("\n")
    at = 0
    for line in (x for x in sample.splitlines() if x):  # each line, in order
        assert line in printed[at:], line
        at = printed.index(line, at) + 1
