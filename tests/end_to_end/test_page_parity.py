"""The DOCX, as LibreOffice lays it out, and cspdoc's PDF of the same build are laid out
page for page alike: the same number of pages, each figure's caption on the same page,
and no DOCX page less than a quarter full but the last and one a deliberate break ends.

Built by the CLI, as an officer builds them: the reference paper, the same paper with
its contents list and list of figures, the charts paper, and the corrected version
(published after version 1.0, so it opens with its corrections notice)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cspdoc.model import Report
from cspdoc.pipeline import prepare
from tests.conftest import FIXTURES, WINCHESTER
from tests.end_to_end.pages import caption_pages, deliberate_breaks, read_pages
from tests.end_to_end.test_build import cspdoc

QUARTER = 0.25


def _with_contents(tmp: Path) -> Path:
    folder = tmp / "winchester-2024-25"
    shutil.copytree(WINCHESTER, folder)
    definition = folder / "report.yaml"
    text = definition.read_text(encoding="utf-8")
    definition.write_text(text.replace("  numbers: as-published\n",
                                       "  numbers: as-published\n  table_of_contents: true\n"
                                       "  list_of_figures: true\n"), encoding="utf-8")
    return folder


def _build(folder: Path, out: Path, slug: str) -> Path:
    done = cspdoc("build", str(folder), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / slug / "draft"


@pytest.fixture(scope="module")
def builds(tmp_path_factory, to_pdf) -> dict[str, tuple[Report, Path, Path, Path]]:
    """Name → (report, DOCX, LibreOffice's PDF of it, cspdoc's PDF)."""
    out: dict[str, tuple[Report, Path, Path, Path]] = {}

    def add(name: str, folder: Path, slug: str, root: Path | None = None) -> None:
        draft = _build(folder, root or tmp_path_factory.mktemp(slug), slug)
        [docx] = draft.glob("*.docx")
        [pdf] = draft.glob("*.pdf")
        out[name] = (prepare(folder).report, docx, to_pdf(docx), pdf)

    add("reference paper", WINCHESTER, "winchester-2024-25")
    add("contents lists", _with_contents(tmp_path_factory.mktemp("contents")),
        "winchester-2024-25")
    add("charts", FIXTURES / "winchester-charts", "winchester-charts")
    published = tmp_path_factory.mktemp("published")
    done = cspdoc("publish", str(WINCHESTER), "--out", str(published),
                  "--allow-errors", "published as received")
    assert done.returncode == 0, done.stderr
    add("corrected version", FIXTURES / "winchester-2024-25-corrected",
        "winchester-2024-25", published)
    return out


VARIANTS = ("reference paper", "contents lists", "charts", "corrected version")


class DescribePageParity:
    @pytest.mark.parametrize("variant", VARIANTS)
    def it_has_as_many_pages_in_both(self, builds, variant: str):
        _, _, word, pdf = builds[variant]
        assert len(read_pages(word)) == len(read_pages(pdf))

    @pytest.mark.parametrize("variant", VARIANTS)
    def it_sets_each_caption_on_the_same_page_in_both(self, builds, variant: str):
        report, _, word, pdf = builds[variant]
        in_word = caption_pages(report, read_pages(word))
        in_pdf = caption_pages(report, read_pages(pdf))
        assert all(len(pages) >= 1 for pages in in_pdf.values()), in_pdf
        assert in_word == in_pdf

    @pytest.mark.parametrize("variant", VARIANTS)
    def it_leaves_no_docx_page_less_than_a_quarter_full(self, builds, variant: str):
        _, docx, word, _ = builds[variant]
        pages = read_pages(word)
        exempt = deliberate_breaks(docx, pages) | {len(pages)}
        sparse = {i: round(p.fill, 2) for i, p in enumerate(pages, start=1)
                  if p.fill < QUARTER and i not in exempt}
        assert sparse == {}

    def it_knows_a_sparse_page_when_it_sees_one(self, builds, tmp_path: Path, to_pdf):
        """The fill measure can fail: a paragraph that forces a page break after a few
        lines leaves a page a tenth full, and it is reported."""
        from docx import Document
        from docx.enum.text import WD_BREAK

        _, docx, _, _ = builds["reference paper"]
        document = Document(str(docx))
        last = next(p for p in document.paragraphs if p.text.startswith("This report"))
        last.insert_paragraph_before().add_run().add_break(WD_BREAK.PAGE)  # 4 lines left
        broken = tmp_path / "broken.docx"
        document.save(str(broken))
        pages = read_pages(to_pdf(broken))
        assert min(p.fill for p in pages[:-1]) < QUARTER
