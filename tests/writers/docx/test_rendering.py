"""The Winchester DOCX as LibreOffice (Word's stand-in) sets it, read back from the PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cspdoc.model import FootnoteRef, Report, Section, plain_text
from cspdoc.transforms.walk import visit_inlines
from tests.writers.docx.reading import squash


@pytest.fixture(scope="module")
def pdf(winchester_docx: Path, to_pdf) -> Path:
    return to_pdf(winchester_docx)


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(str(pdf)).pages]


def word_before_each_reference(report: Report) -> dict[int, str]:
    """Footnote number → the word its first reference follows ("carers." for 2)."""
    words: dict[int, str] = {}
    text: list[str] = []

    def collect(node) -> None:
        if isinstance(node, FootnoteRef):
            if not node.repeat and node.number is not None:
                words[node.number] = "".join(text).split()[-1]
        else:
            text.append(plain_text((node,)) if node.type != "strong" else
                        plain_text(node.children))

    visit_inlines(report, collect)
    return words


class DescribeTheRenderedPaper:
    def it_reads_figure_1_to_figure_10_in_order(self, winchester: Report, pages):
        text = " ".join(pages)
        position = 0
        for figure in winchester.figures():
            caption = squash(f"Figure {figure.number} {plain_text(figure.caption)}")[:60]
            found = text.find(caption, position)
            assert found >= 0, caption
            position = found + len(caption)
        assert re.findall(r"Figure (\d+) [A-Z]", " ".join(pages)).count("11") == 0

    def it_sets_each_footnote_on_the_page_of_its_reference(self, winchester: Report,
                                                            pages: list[str]):
        words = word_before_each_reference(winchester)
        assert sorted(words) == list(range(1, 22))
        for note in winchester.footnotes:
            start = squash(f"{note.number} {plain_text(note.content)}")[:45]
            holding = [i for i, page in enumerate(pages) if start in page]
            assert len(holding) == 1, (note.number, holding)
            page = pages[holding[0]]
            assert f"{words[note.number]}{note.number}" in page.replace(" ", "") or \
                f"{words[note.number]}{note.number}" in page, (note.number, holding)

    def it_sets_the_wide_asb_table_on_a_portrait_page_in_compact_type(self, pdf: Path,
                                                                      pages):
        reader = PdfReader(str(pdf))
        assert all(p.mediabox.width < p.mediabox.height for p in reader.pages)
        [index] = [i for i, page in enumerate(pages) if "Figure 3 Hampshire" in page]
        # the headers break where both documents put a soft hyphen
        assert "ENVIR- ON- MENTAL" in pages[index] or "ENVIRON- MENTAL" in pages[index]

    def it_prints_the_heading_numbers_word_gives_the_heading_styles(
            self, winchester: Report, pages: list[str]):
        text = " ".join(pages)
        position = 0
        for _, node in winchester.walk():
            if isinstance(node, Section):
                heading = squash(".".join(map(str, node.number)) + " " +
                                 plain_text(node.title))
                found = text.find(heading, position)
                assert found >= 0, heading
                position = found + len(heading)

    def it_keeps_every_word_inside_the_page(self, pdf: Path):
        done = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                              text=True, check=True)
        page_width = 0.0
        for line in done.stdout.splitlines():
            size = re.search(r'<page width="([\d.]+)"', line)
            if size:
                page_width = float(size[1])
            word = re.search(r'xMax="([\d.]+)"', line)
            if word:
                assert float(word[1]) <= page_width - 28, line  # inside a 1 cm margin

    def it_has_page_x_of_y_footers_after_the_cover(self, pages: list[str]):
        total = len(pages)
        assert "Page 1 of" not in pages[0] and "CSP-2024-25-Q3 Annual" not in pages[0]
        for number, page in enumerate(pages[1:], start=2):
            assert f"Page {number} of {total}" in page
