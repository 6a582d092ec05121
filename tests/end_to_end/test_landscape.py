"""A table too wide for a portrait page even in compact type goes on a landscape page in
both documents, with the running header and footer across the landscape width, and the
paper keeps its page count and caption pages in both."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from cspdoc.pipeline import prepare
from tests.conftest import MINIMAL_YAML
from tests.end_to_end.pages import caption_pages, read_pages
from tests.end_to_end.test_build import cspdoc

COLUMNS = 12
WIDE_YAML = MINIMAL_YAML.split("figures:")[0] + """\
figures:
  wide:
    caption: Outcomes by area and type of outcome
    data: tables/wide.csv
    columns:
      - {key: area, label: Area, kind: label}
""" + "".join(f"      - {{key: c{i}, label: Outcomes{i:02d}XYZ, kind: count}}\n"
              for i in range(COLUMNS)) + """\
sections:
  - title: Outcomes
    content:
      - md: narrative/before.md
      - figure: wide
      - md: narrative/after.md
"""


def _files() -> dict[str, str]:
    header = ",".join(["Area"] + [f"Outcomes{i:02d}XYZ" for i in range(COLUMNS)])
    rows = [",".join([f"Area {r}"] + [str(100 + r * i) for i in range(COLUMNS)])
            for r in range(5)]
    text = ("Offences recorded in the period, by the partnership's areas. " * 12 + "\n\n") * 3
    return {"tables/wide.csv": header + "\n" + "\n".join(rows) + "\n",
            "narrative/before.md": text, "narrative/after.md": text}


@pytest.fixture(scope="module")
def built(tmp_path_factory, to_pdf):
    folder = tmp_path_factory.mktemp("wide") / "report"
    folder.mkdir()
    (folder / "report.yaml").write_text(WIDE_YAML, encoding="utf-8")
    for name, text in _files().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    done = cspdoc("build", str(folder), "--out", str(out))
    assert done.returncode == 0, done.stderr
    draft = out / "test-report" / "draft"
    [docx] = draft.glob("*.docx")
    [pdf] = draft.glob("*.pdf")
    return prepare(folder).report, to_pdf(docx), pdf


def orientations(path: Path) -> list[bool]:
    with pdfplumber.open(str(path)) as pdf:
        return [page.width > page.height for page in pdf.pages]


class DescribeALandscapeTable:
    def it_turns_the_same_page_in_both_documents(self, built):
        report, word, pdf = built
        assert orientations(word) == orientations(pdf) == [False, True, False]
        assert caption_pages(report, read_pages(word)) == \
            caption_pages(report, read_pages(pdf)) == {1: [2]}

    def it_runs_the_header_and_footer_across_the_landscape_width(self, built):
        _, word, pdf = built
        for path in (word, pdf):
            with pdfplumber.open(str(path)) as document:
                page = document.pages[1]
                words = page.extract_words()
                header = [w for w in words if w["bottom"] < 60]
                footer = [w for w in words if w["top"] > page.height - 60]
                # the page turns: its top margin (24 mm) goes left, its bottom (22 mm) right
                assert max(w["x1"] for w in header) == pytest.approx(
                    page.width - 22 * 72 / 25.4, abs=2), path.name
                assert min(w["x0"] for w in header) == pytest.approx(
                    24 * 72 / 25.4, abs=2), path.name
                middle = (min(w["x0"] for w in footer) + max(w["x1"] for w in footer)) / 2
                left, right = 24 * 72 / 25.4, page.width - 22 * 72 / 25.4
                assert middle == pytest.approx((left + right) / 2, abs=2)  # centred
