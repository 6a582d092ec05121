"""writers/pdf.py: the Winchester paper laid out and written, read back page by page."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pikepdf
import pytest

from cspdoc.errors import ResourceError
from cspdoc.model import Image, Section, plain_text
from cspdoc.pipeline import prepare
from cspdoc.writers.pdf import render_document, write_document, write_pdf
from tests.conftest import WINCHESTER, MakeReport, with_chart
from tests.writers.pdf_reading import (
    footnote_pages,
    lines_over_notes,
    page_texts,
    panel_column_tops,
    squash,
    table_overflows,
    untagged_text,
)


@pytest.fixture(scope="module")
def report():
    return prepare(WINCHESTER).report


@pytest.fixture(scope="module")
def document(report):
    return render_document(report, WINCHESTER)


@pytest.fixture(scope="module")
def pdf(document, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "winchester.pdf"
    write_document(document, path)
    return path


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    return page_texts(pdf)


class DescribeFootnotes:
    def it_puts_each_note_on_the_page_of_its_reference(self, document, report):
        calls, bodies = footnote_pages(document)
        assert sorted(calls, key=int) == [str(n.number) for n in report.footnotes]
        assert {n: bodies.get(n) for n in calls} == calls

    def it_prints_each_note_text_at_the_foot_of_that_page(self, document, pages, report):
        calls, _ = footnote_pages(document)
        for note in report.footnotes:
            page = pages[calls[str(note.number)] - 1]
            assert f"{note.number} {squash(plain_text(note.content))}" in page, note.id

    def it_keeps_notes_with_their_calls_in_a_ten_times_longer_report(self):
        from benchmarks.synthetic import synthetic

        document = render_document(synthetic(10), WINCHESTER)
        calls, bodies = footnote_pages(document)
        assert len(calls) == 201
        assert {n: bodies.get(n) for n in calls} == calls
        assert lines_over_notes(document) == []

    def it_prints_no_line_over_the_notes(self, document):
        # The panel's three columns call notes 2, 3 and 4 on one page: the first column,
        # laid out before the others' notes are placed, must still end above them.
        calls, _ = footnote_pages(document)
        assert calls["2"] == calls["3"] == calls["4"]
        assert lines_over_notes(document) == []


class DescribePanel:
    def it_starts_its_columns_together_on_the_page_after_a_short_remainder(self, document):
        parts = panel_column_tops(document)
        first_page, tops = parts[0]
        # Page 1 ends with too little room for the panel's first lines: the panel (and
        # the heading kept with it) starts page 2, every column at the same height.
        assert first_page == 2 and len(tops) == 3
        assert None not in tops and max(tops) - min(tops) < 0.5  # type: ignore[operator]
        assert [page for page, _ in parts] == [2, 3]


class DescribePages:
    def it_prints_page_x_of_y_in_every_footer_but_the_covers(self, pages):
        assert "Page 1 of" not in pages[0]  # the cover has no running header or footer
        for number, text in enumerate(pages[1:], start=2):
            assert text.endswith(f"Page {number} of {len(pages)}"), number

    def it_runs_the_reference_and_short_title_from_page_two(self, pages, report):
        meta = report.meta
        assert not pages[0].startswith(meta.reference)
        for text in pages[1:]:
            assert text.startswith(f"{meta.reference} {meta.running_title}")

    def it_prints_the_captions_figure_1_to_10_in_order(self, pages, report):
        text = " ".join(pages)
        captions = [f"Figure {f.number} {squash(plain_text(f.caption))}"
                    for f in report.figures()]
        assert [c.split(" ", 2)[1] for c in captions] == [str(n) for n in range(1, 11)]
        found = [text.find(c) for c in captions]
        assert all(i >= 0 for i in found), [c for c, i in zip(captions, found, strict=True)
                                            if i < 0]
        assert found == sorted(found)

    def it_fits_every_table_within_the_text_width(self, document):
        assert table_overflows(document) == []

    def it_repeats_a_split_tables_header_on_the_next_page(self, pages):
        # Figure 1 starts under "2 Headline Data" and ends, with its caption, a page on.
        start = next(i for i, text in enumerate(pages) if "2 Headline Data" in text)
        assert "Figure 1 " not in pages[start] and "Figure 1 " in pages[start + 1]
        header = "Q1- Q3 Q1-Q3 WINCHESTER 2023 2024 Variance % change Comments"
        assert header in pages[start] and header in pages[start + 1]

    def it_makes_the_page_numbers_and_running_header_artifacts(self, pdf, pages, report):
        loose = untagged_text(pdf)
        assert report.meta.reference not in loose[0] and "Page 1" not in loose[0]
        for number, text in enumerate(loose[1:], start=2):
            assert f"Page {number} of {len(pages)}" in text
            assert report.meta.reference in text


class DescribeMetadata:
    def it_fills_the_document_information_from_meta(self, pdf, report):
        meta = report.meta
        with pikepdf.open(pdf) as doc:
            info = doc.docinfo
            assert str(info["/Title"]) == meta.title
            assert str(info["/Author"]) == meta.organisation
            assert str(info["/Subject"]) == meta.subject
            assert str(info["/Keywords"]) == ", ".join(meta.keywords)
            assert str(info["/CreationDate"]) == "D:20250304"
            assert str(info["/ModDate"]) == "D:20250304"
            assert str(doc.Root.Lang) == "en-GB"
            with doc.open_metadata() as xmp:
                assert xmp["dc:title"] == meta.title

    def it_bookmarks_the_numbered_headings_without_their_notes(self, pdf, report):
        expected = [f"{'.'.join(map(str, node.number))} {plain_text(node.title)}"
                    for _, node in report.walk() if isinstance(node, Section)]
        with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
            titles = []

            def collect(items):
                for item in items:
                    titles.append(item.title)
                    collect(item.children)

            collect(outline.root)
        assert titles == expected
        assert "2.2 Youth Justice Team" in titles

    def it_reads_no_clock(self, report, tmp_path):
        later = report.rebuilt(meta=report.meta.rebuilt(issued=dt.date(2025, 2, 20)))
        path = tmp_path / "issued.pdf"
        write_pdf(later, path, WINCHESTER)
        with pikepdf.open(path) as doc:
            assert str(doc.docinfo["/CreationDate"]) == "D:20250220"


class DescribeFetching:
    def _with_image(self, report, src: str):
        image = Image(id="logo", caption=(), alt="Logo", src=src)
        first = report.sections[0]
        section = first.rebuilt(blocks=(image, *first.blocks))
        return report.rebuilt(sections=(section, *report.sections[1:]))

    @pytest.mark.parametrize(("src", "why"), [
        ("https://example.org/logo.png", "fetches nothing from the network"),
        ("http://example.org/logo.png", "fetches nothing from the network"),
        ("../../../etc/hostname", "'..' is not allowed"),
        ("file:///etc/hostname", "outside the report folder"),
        ("missing.png", "file not found"),
    ])
    def it_refuses_what_is_not_in_the_report_or_templates_folder(self, report, src, why):
        with pytest.raises(ResourceError) as caught:
            render_document(self._with_image(report, src), WINCHESTER)
        message = caught.value.message
        assert why in message
        assert src.rsplit("/", 1)[-1] in message

    def it_serves_an_image_from_the_report_folder(self, report, tmp_path):
        folder = tmp_path / "report"
        (folder / "images").mkdir(parents=True)
        png = Path(__file__).parent / "data" / "pixel.png"
        (folder / "images" / "pixel.png").write_bytes(png.read_bytes())
        document = render_document(self._with_image(report, "images/pixel.png"), folder)
        assert len(document.pages) > 1


class DescribeCharts:
    def it_prints_the_chart_with_its_caption_tagged_as_a_figure_with_alt_text(
            self, make_report: MakeReport, tmp_path):
        from pypdf import PdfReader

        folder = make_report(with_chart())
        report = prepare(folder).report
        path = tmp_path / "chart.pdf"
        write_pdf(report, path, folder)
        text = squash(" ".join(p.extract_text() for p in PdfReader(path).pages))
        assert "Figure 2 Robbery and theft, 2023 and 2024" in text
        alt = "Column chart of robbery and theft in 2023 and 2024; theft is far higher."
        with pikepdf.open(path) as doc:
            figures = []

            def walk(elem):
                if elem.get("/S") == "/Figure":
                    figures.append(elem)
                kids = elem.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                        walk(kid)

            walk(doc.Root.StructTreeRoot.K[0])
            assert [str(f.Alt) for f in figures] == [alt]
            assert figures[0].A.O == "/Layout" and len(figures[0].A.BBox) == 4
            mcid = int(figures[0].K[0])
            drawn = _operators_in(figures[0].Pg, mcid)
            assert drawn["c"] > 100 and drawn["re"] + drawn["l"] > 4  # glyphs, bars, grid


def _operators_in(page, mcid: int) -> collections.Counter[str]:
    """How often each operator is used inside marked content ``mcid`` of ``page``."""
    counts: collections.Counter[str] = collections.Counter()
    depth = 0
    for operands, op in pikepdf.parse_content_stream(pikepdf.Page(page)):
        name = str(op)
        if depth:
            depth += {"BDC": 1, "BMC": 1, "EMC": -1}.get(name, 0)
            counts[name] += 1
        elif name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and \
                operands[1].get("/MCID") == mcid:
            depth = 1
    return counts
