"""cspdoc build --format html, and raw HTML typed into Markdown, end to end."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.conftest import MINIMAL_FILES, MakeReport
from tests.end_to_end.test_build import cspdoc, squash

RAW = 'Typed in: <script>alert("x")</script> and <img src="x.png" onerror="alert(1)">.'


def it_writes_only_the_html_page_when_asked(make_report: MakeReport, tmp_path: Path):
    out = tmp_path / "out"
    done = cspdoc("build", str(make_report()), "--out", str(out), "--format", "html")
    assert done.returncode == 0, done.stderr
    draft = out / "test-report" / "draft"
    assert sorted(p.name for p in draft.iterdir()) == [
        "manifest.json", "test-report-v1.0.html", "verification.json"]
    page = (draft / "test-report-v1.0.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page


def it_prints_raw_html_in_markdown_as_text(make_report: MakeReport, tmp_path: Path):
    narrative = MINIMAL_FILES["narrative/crime.md"].replace(
        "Crime rose", f"{RAW}\n\nCrime rose")
    folder = make_report(files={"narrative/crime.md": narrative})
    out = tmp_path / "out"
    done = cspdoc("build", str(folder), "--out", str(out), "--format", "pdf",
                  "--format", "html")
    assert done.returncode == 0, done.stderr
    draft = out / "test-report" / "draft"

    page = (draft / "test-report-v1.0.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert ("Typed in: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; and &lt;img "
            "src=&#34;x.png&#34; onerror=&#34;alert(1)&#34;&gt;.") in page

    text = squash(" ".join(p.extract_text() for p in PdfReader(
        str(draft / "test-report-v1.0.pdf")).pages))
    assert squash(RAW) in text
