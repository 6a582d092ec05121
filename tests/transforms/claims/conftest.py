"""A report that is nothing but prose: one paragraph per sentence, no tables or values,
so every claim the finder checks rests on the sentence alone."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from cspdoc import Verification
from cspdoc.pipeline import check

PROSE_YAML = """\
meta:
  title: Prose only
  organisation: Test Partnership
  committee: Scrutiny Committee
  meeting_date: 2025-03-04
  reference: TEST-2
  period: {start: 2024-04-01, end: 2024-12-31}
  contact: {name: A Officer}
  slug: prose-only
sections:
  - title: Performance
    content:
      - md: narrative/text.md
"""

CheckProse = Callable[..., Verification]


@pytest.fixture
def check_prose(tmp_path: Path) -> CheckProse:
    """Check ``sentences`` as paragraphs of their own (``together``: one paragraph)."""
    count = 0

    def run(*sentences: str, together: bool = False, yaml: str = PROSE_YAML) -> Verification:
        nonlocal count
        count += 1
        folder = tmp_path / f"prose-{count}"
        (folder / "narrative").mkdir(parents=True)
        (folder / "report.yaml").write_text(textwrap.dedent(yaml), encoding="utf-8")
        body = " ".join(sentences) if together else "\n\n".join(sentences)
        (folder / "narrative" / "text.md").write_text(body + "\n", encoding="utf-8")
        return check(folder)

    return run


def alarms(v: Verification) -> list[tuple[str, str]]:
    """The errors and warnings about sentences, as (code, severity) (not the report's
    "nothing in the text is verified")."""
    return [(f.code, str(f.severity)) for f in v.findings
            if f.severity != "info" and f.code != "unverified-text"]
