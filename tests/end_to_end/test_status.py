"""The status both documents state is honest: a build is a draft and says DRAFT on its
cover and in its running header; a publication never says it, and a paper whose status
is draft is not published; a corrected version's cover says so, with its date."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn

from tests.conftest import FIXTURES, MINIMAL_YAML, WINCHESTER, MakeReport
from tests.end_to_end.test_build import cspdoc
from tests.writers.docx.reading import NS, part_xml, squash, text_of
from tests.writers.pdf_reading import page_texts

SLUG = "winchester-2024-25"


def cover_text(docx: Path) -> str:
    body = part_xml(docx, "word/document.xml").find("w:body", NS)
    cover = []
    for child in body:  # the cover ends with the cover block's table and its spacer
        cover.append(squash(" ".join(text_of(p) for p in child.iter(qn("w:p")))))
        if child.tag == qn("w:tbl"):
            break
    return " ".join(cover)


def header_cells(docx: Path) -> list[str]:
    return [squash(text_of(tc)) for tc in part_xml(docx, "word/header1.xml").iter(qn("w:tc"))]


@pytest.fixture(scope="module")
def papers(tmp_path_factory, to_pdf) -> dict[str, dict[str, Path]]:
    """A build and a publication of the reference paper, and the corrected version
    published after it: each one's DOCX, PDF and LibreOffice's PDF of the DOCX."""
    out = tmp_path_factory.mktemp("status")
    built = cspdoc("build", str(WINCHESTER), "--out", str(out / "built"))
    assert built.returncode == 0, built.stderr
    for folder in (WINCHESTER, FIXTURES / "winchester-2024-25-corrected"):
        done = cspdoc("publish", str(folder), "--out", str(out / "pub"),
                      "--allow-errors", "published as received")
        assert done.returncode == 0, done.stderr
    found = {}
    for name, folder in (("draft", out / "built" / SLUG / "draft"),
                         ("final", out / "pub" / SLUG / "v1.0"),
                         ("corrected", out / "pub" / SLUG / "v1.1")):
        [docx] = folder.glob("*.docx")
        [pdf] = folder.glob("*.pdf")
        found[name] = {"docx": docx, "pdf": pdf, "word": to_pdf(docx)}
    return found


class DescribeADraft:
    def it_says_draft_on_the_cover_of_both_documents(self, papers):
        paper = papers["draft"]
        assert cover_text(paper["docx"]).startswith("DRAFT Winchester Community")  # caps: style
        assert "Status Draft, version 1.0" in cover_text(paper["docx"])
        for pdf in (paper["pdf"], paper["word"]):
            first = page_texts(pdf)[0]
            assert first.startswith("DRAFT ")
            assert "Status Draft, version 1.0" in first
            assert "Final" not in first

    def it_says_draft_in_the_running_header_of_every_page_after_the_cover(self, papers):
        paper = papers["draft"]
        assert header_cells(paper["docx"]) == [
            "CSP-2024-25-Q3", "DRAFT", "Annual Delivery Plan 2024/25 – Performance Update"]
        for pdf in (paper["pdf"], paper["word"]):
            pages = page_texts(pdf)
            assert pages[0].count("DRAFT") == 1  # the cover's own line, no header
            for page in pages[1:]:
                assert page.startswith("CSP-2024-25-Q3 DRAFT Annual Delivery Plan") or \
                    page.startswith("CSP-2024-25-Q3 Annual Delivery Plan 2024/25 – "
                                    "Performance Update DRAFT"), page[:80]


class DescribeAPublication:
    def it_never_says_draft(self, papers):
        paper = papers["final"]
        assert "DRAFT" not in cover_text(paper["docx"])
        assert header_cells(paper["docx"])[1] == ""
        for pdf in (paper["pdf"], paper["word"]):
            pages = page_texts(pdf)
            assert "Status Final, version 1.0" in pages[0]
            assert not any("DRAFT" in page for page in pages)

    def it_says_corrected_version_with_its_date(self, papers):
        paper = papers["corrected"]
        assert "Status Corrected version 1.1, 18 March 2025" in cover_text(paper["docx"])
        for pdf in (paper["pdf"], paper["word"]):
            assert "Status Corrected version 1.1, 18 March 2025" in page_texts(pdf)[0]

    def it_refuses_a_paper_whose_status_is_draft(self, make_report: MakeReport,
                                                tmp_path: Path):
        folder = make_report(MINIMAL_YAML.replace("  slug: test-report",
                                                  "  slug: test-report\n  status: draft"))
        out = tmp_path / "out"
        done = cspdoc("publish", str(folder), "--out", str(out))
        assert done.returncode == 2
        [line] = done.stderr.splitlines()
        status_line = MINIMAL_YAML.splitlines().index("  slug: test-report") + 2
        assert line.startswith(f"{folder / 'report.yaml'}:{status_line}: meta.status: ")
        assert "set status: final" in line and "Traceback" not in done.stderr
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]

    def it_refuses_one_that_gives_no_status_since_it_defaults_to_draft(
            self, make_report: MakeReport, tmp_path: Path):
        done = cspdoc("publish", str(make_report()), "--out", str(tmp_path / "out"))
        assert done.returncode == 2 and "meta.status" in done.stderr
