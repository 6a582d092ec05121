"""Charts end to end: fixtures/winchester-charts built by the CLI, twice, and read back:
the same bytes every time, and the Word and PDF papers show the same numbered charts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from cspdoc.model import Chart, plain_text
from cspdoc.pipeline import prepare
from tests.conftest import FIXTURES
from tests.end_to_end.test_build import cspdoc, squash
from tests.end_to_end.test_pdf_docx import _comparable, _docx_sequences, _pdf_sequences
from tests.writers.pdf_reading import structure

CHARTS = FIXTURES / "winchester-charts"
STEM = "winchester-charts-v1.0"


def _build(out: Path) -> Path:
    done = cspdoc("build", str(CHARTS), "--out", str(out), "--format", "docx", "--format",
                  "pdf", "--format", "html")
    assert done.returncode == 0, done.stderr
    return out / "winchester-charts" / "draft"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """Two builds of the same input, each in a process of its own."""
    return _build(tmp_path_factory.mktemp("one")), _build(tmp_path_factory.mktemp("two"))


@pytest.fixture(scope="module")
def charts():
    return [f for f in prepare(CHARTS).report.figures() if isinstance(f, Chart)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def it_writes_the_same_bytes_for_the_same_input(builds, fmt: str):
    one, two = (folder / f"{STEM}.{fmt}" for folder in builds)
    assert _sha256(one) == _sha256(two)


def it_numbers_the_charts_among_the_figures(charts):
    assert [(c.id, c.kind, c.number) for c in charts] == [
        ("crime-by-type", "bar", 2), ("asb-by-area", "column", 4),
        ("camhs-referrals", "line", 6)]


def it_shows_every_chart_with_its_caption_and_alt_text_in_the_docx(builds, charts):
    doc = Document(str(builds[0] / f"{STEM}.docx"))
    descriptions = [d.get("descr") for d in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert descriptions == [c.alt for c in charts]
    captions = [squash(p.text) for p in doc.paragraphs if p.style.name == "Caption"]
    for chart in charts:
        assert f"Figure {chart.number} {plain_text(chart.caption)}" in captions


def it_tags_every_chart_as_a_figure_with_its_alt_text_in_the_pdf(builds, charts):
    pdf = builds[0] / f"{STEM}.pdf"
    tree = structure(pdf)
    assert [e.alt for e in tree.walk() if e.type == "Figure"] == [c.alt for c in charts]
    text = squash(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    for chart in charts:
        assert f"Figure {chart.number} {plain_text(chart.caption)}" in text
    assert "Figure 4 sets the 2023 and 2024 totals" in text  # a cross-reference


def it_says_the_same_headings_captions_and_notes_in_the_docx_and_pdf(builds):
    pdf = _pdf_sequences(builds[0] / f"{STEM}.pdf")
    docx = _docx_sequences(builds[0] / f"{STEM}.docx")
    for from_pdf, from_docx in zip(pdf, docx, strict=True):
        assert [_comparable(t) for t in from_pdf] == [_comparable(t) for t in from_docx]
    assert len(pdf[1]) == 6


def it_offers_each_charts_data_on_the_web_page(builds, charts):
    page = (builds[0] / f"{STEM}.html").read_text(encoding="utf-8")
    for chart in charts:
        assert f"<summary>The data in Figure {chart.number}</summary>" in page
    assert page.count('<details class="chart-data">') == 3
