"""The reviewer's copy (cspdoc build --format review): every figure of the text marked as
the verifier saw it, its finding beside it, a summary at the top; read back as HTML and
as headless Chromium builds the page."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cspdoc import Verification
from cspdoc.pipeline import build
from tests.conftest import FIXTURES

PLAIN = FIXTURES / "winchester-2024-25-plain"


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self._in: str | None = None
        self._note = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "mark" and "fig " in cls + " ":
            self._in = cls.split("fig-")[-1]
        if tag == "span" and "fig-note" in cls:
            self._note = True
            self.notes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in = None
        if tag == "span":
            self._note = False

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.marks.append((self._in, data))
        if self._note:
            self.notes[-1] += data


def _body(html: str) -> str:
    """The page after the summary (whose legend shows one mark of each kind)."""
    start = html.index('class="review-summary"')
    return html[html.index("</section>", start):]


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Verification]:
    out = tmp_path_factory.mktemp("review")
    result = build(PLAIN, out, formats=["review"])
    return result.outputs["review"], result.verification


def it_writes_the_page_beside_the_verification(review):
    page, _ = review
    assert page.name == "winchester-2024-25-plain-review.html"
    assert sorted(p.name for p in page.parent.iterdir()) == [
        "manifest.json", "verification.json", "winchester-2024-25-plain-review.html"]


def it_marks_every_figure_of_the_text_with_its_status(review):
    page, v = review
    parser = _Marks()
    parser.feed(_body(page.read_text(encoding="utf-8")))
    by_status = Counter(status for status, _ in parser.marks)
    legend = Counter(f.status for f in v.figures)
    # The summary's legend counts what the reviewer sees marked.
    assert by_status == legend
    assert by_status["auto"] >= 90 and by_status["unverified"] == v.unverified
    assert ("wrong", "92%") in parser.marks and ("wrong", "41.2%") in parser.marks
    assert ("doubtful", "54%") in parser.marks


def it_puts_each_finding_beside_its_figure(review):
    page, v = review
    parser = _Marks()
    parser.feed(_body(page.read_text(encoding="utf-8")))
    alarms = [f for f in v.findings if f.automatic and f.severity != "info"]
    assert len(parser.notes) == len(alarms)
    assert any("27 out of 28 is 96.4%" in note for note in parser.notes)


def it_sums_up_at_the_top(review):
    page, v = review
    html = page.read_text(encoding="utf-8")
    summary = html[html.index('class="review-summary"'):html.index("</section>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert f"{v.errors} errors" in text and f"{v.warnings} warnings" in text
    assert f"{v.auto_checked} checked automatically in the text" in text
    assert "1,050 of 5,740 is 18.3%" in text


def it_is_a_page_chromium_builds(review, tmp_path: Path):
    page, v = review
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is needed (scripts/system-deps --test installs it)"
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _body(done.stdout).count('<mark class="fig fig-wrong"') == Counter(
        f.status for f in v.figures)["wrong"]
