"""After a build, each finding says on which PDF page it stands (where.page)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cspdoc.pipeline import build
from tests.conftest import FIXTURES


def _page_text(pdf: Path, page: int) -> str:
    """The page's text without spaces (a table cell wraps its label over lines)."""
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return "".join(done.stdout.split())


def _squash(text: str) -> str:
    return "".join(text.split())


def it_gives_every_alarm_its_page(tmp_path: Path):
    result = build(FIXTURES / "winchester-2024-25-plain", tmp_path)
    pdf = result.outputs["pdf"]
    written = json.loads((result.folder / "verification.json").read_text(encoding="utf-8"))
    alarms = [f for f in written["findings"] if f["severity"] != "info"]
    assert alarms and all("page" in f["where"] for f in alarms)
    for f in alarms:
        text = _page_text(pdf, f["where"]["page"])
        if "row" in f["where"]:
            assert _squash(f["where"]["row"])[:14] in text, f
        else:
            assert _squash(f["stated"]) in text, f
    # The one in the margin panel, the first arrest-rate error, is on page 3.
    arrest = next(f for f in alarms if f["stated"] == "92%")
    assert _squash("27 arrests for 28 DA") in _page_text(pdf, arrest["where"]["page"])
    assert result.verification.findings[0].where.page is not None or any(
        f.where.page for f in result.verification.findings)


def it_gives_no_page_to_a_check_without_a_build():
    from cspdoc.pipeline import check

    v = check(FIXTURES / "winchester-2024-25-plain")
    assert all(f.where.page is None for f in v.findings)


def it_gives_a_published_version_its_pages_too(tmp_path: Path):
    from cspdoc.pipeline import publish

    result = publish(FIXTURES / "winchester-2024-25-plain", tmp_path,
                     allow_errors="testing the pages")
    written = json.loads((result.folder / "verification.json").read_text(encoding="utf-8"))
    alarms = [f for f in written["findings"] if f["severity"] != "info"]
    assert alarms and all("page" in f["where"] for f in alarms)
    assert all(f.where.page for f in result.verification.findings
               if f.severity != "info")
