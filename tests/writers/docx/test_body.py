"""The Winchester paper's body, reopened: headings, captions, cross-references, lists,
images, the panel."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from cspdoc.model import CrossRef, Panel, Report, Section, plain_text
from cspdoc.pipeline import prepare
from cspdoc.transforms.walk import visit_inlines
from cspdoc.writers.docx import write_docx
from cspdoc.writers.docx.body import UNAVAILABLE
from tests.conftest import MINIMAL_YAML, MakeReport, with_chart
from tests.writers.docx.reading import (
    NS,
    all_text,
    bookmarks,
    document_xml,
    instructions,
    list_labels,
    open_docx,
    paragraph_style,
    squash,
    style_names,
    text_of,
)


def headings(path: Path) -> list[tuple[int, str]]:
    names = style_names(path)
    out = []
    for p in document_xml(path).iter(qn("w:p")):
        name = names.get(paragraph_style(p) or "", "")
        m = re.fullmatch(r"heading (\d)", name)
        if m:
            out.append((int(m[1]), squash(text_of(p))))
    return out


def captions(path: Path) -> list:
    names = style_names(path)
    return [p for p in document_xml(path).iter(qn("w:p"))
            if names.get(paragraph_style(p) or "") == "caption"]


class DescribeHeadings:
    def it_gives_each_section_the_heading_level_of_its_depth(self, winchester: Report,
                                                               winchester_docx: Path):
        expected = [(len(path) + 1, squash(plain_text(node.title)))
                    for path, node in winchester.walk() if isinstance(node, Section)]
        found = headings(winchester_docx)
        assert found == expected
        assert {level for level, _ in expected} == {1, 2, 3}

    def it_numbers_them_by_the_list_linked_to_the_heading_styles(
            self, winchester: Report, winchester_docx: Path):
        names = style_names(winchester_docx)
        numbered = [(names[paragraph_style(p)], label)
                    for p, label in list_labels(winchester_docx)
                    if names[paragraph_style(p)].startswith("heading")]
        assert numbered == [(f"heading {len(path) + 1}", ".".join(map(str, node.number)))
                            for path, node in winchester.walk()
                            if isinstance(node, Section)]
        for p in document_xml(winchester_docx).iter(qn("w:p")):  # no typed numbers
            if names.get(paragraph_style(p) or "", "").startswith("heading"):
                assert p.find("w:pPr/w:numPr", NS) is None
                assert not re.match(r"\d", text_of(p))

    def it_takes_the_numbers_off_when_the_report_numbers_no_sections(
            self, make_report: MakeReport, tmp_path: Path):
        folder = make_report(MINIMAL_YAML.replace("  slug: test-report",
                                                  "  slug: test-report\n"
                                                  "  number_sections: false"))
        path = tmp_path / "x.docx"
        write_docx(prepare(folder).report, path)
        names = style_names(path)
        assert not [label for p, label in list_labels(path)
                    if names[paragraph_style(p)].startswith("heading")]

    def it_puts_the_title_in_the_title_style_on_the_cover(self, winchester_docx: Path):
        doc = open_docx(winchester_docx)
        titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
        assert titles == [
            "ANNUAL DELIVERY PLAN 2024/25 – April to December 2024 Performance Update"]


class DescribeCaptions:
    def it_numbers_the_ten_captions_1_to_10_in_order_with_seq_fields(
            self, winchester: Report, winchester_docx: Path):
        found = captions(winchester_docx)
        figures = winchester.figures()
        assert [squash(text_of(p)) for p in found] == [
            squash(f"Figure {f.number} {plain_text(f.caption)}") for f in figures]
        assert [instructions(p) for p in found] == [["SEQ Figure \\* ARABIC"]] * 10

    def it_sets_each_caption_under_its_table(self, winchester_docx: Path):
        body = document_xml(winchester_docx).find("w:body", NS)
        names = style_names(winchester_docx)
        for tbl in body.iterfind("w:tbl", NS):
            if tbl.find("w:tblPr/w:tblCaption", NS).get(qn("w:val")).startswith("Figure"):
                after = tbl.getnext()
                assert names[paragraph_style(after)] == "caption"

    def it_bookmarks_figure_n_and_n_in_each_caption(self, winchester: Report,
                                                    winchester_docx: Path):
        for figure, p in zip(winchester.figures(), captions(winchester_docx), strict=True):
            starts = p.findall(".//w:bookmarkStart", NS)
            key = figure.id.replace("-", "_")
            assert [s.get(qn("w:name")) for s in starts] == [f"_Ref_{key}", f"_RefNum_{key}"]
            outer, inner = (s.get(qn("w:id")) for s in starts)
            ends = [e.get(qn("w:id")) for e in p.iterfind(".//w:bookmarkEnd", NS)]
            assert ends == [inner, outer]

    def it_marks_the_two_lost_images_visibly_under_their_captions(self, winchester_docx):
        text = all_text(document_xml(winchester_docx))
        for number in (4, 9):
            assert re.search(f"{UNAVAILABLE}: [^.]*\\. Figure {number} ", text)


class DescribeCrossReferences:
    def it_writes_every_cross_reference_as_a_ref_field_with_its_cached_text(
            self, winchester: Report, winchester_docx: Path):
        refs: list[CrossRef] = []
        visit_inlines(winchester, lambda n: refs.append(n) if isinstance(n, CrossRef)
                      else None)
        root = document_xml(winchester_docx)
        fields = [i for i in instructions(root) if i.startswith("REF ")]
        assert len(fields) == len(refs) > 0
        marks = bookmarks(root)
        for instruction in fields:
            assert instruction.split()[1] in marks, instruction

    def it_prints_figure_n_or_just_n_as_the_model_says(self, make_report: MakeReport,
                                                        tmp_path: Path):
        folder = make_report(files={"narrative/crime.md":
                                    "See [@fig:crime] and figure [-@fig:crime].\n"})
        path = tmp_path / "x.docx"
        write_docx(prepare(folder).report, path)
        root = document_xml(path)
        assert "See Figure 1 and figure 1." in all_text(root)
        assert [i for i in instructions(root) if i.startswith("REF")] == [
            "REF _Ref_crime \\h", "REF _RefNum_crime \\h"]


class DescribeLists:
    def it_gives_the_list_bullet_style_its_own_numbering(self, winchester_docx: Path):
        names = style_names(winchester_docx)
        root = document_xml(winchester_docx)
        labels = dict(list_labels(winchester_docx, root))
        bullets = [p for p in root.iter(qn("w:p"))
                   if names.get(paragraph_style(p) or "") == "List Bullet"]
        top = [p for p in bullets if p.find("w:pPr/w:numPr", NS) is None]  # the style's
        nested = [p for p in bullets if p not in top]
        assert top and all(labels.get(p) == "•" for p in top)
        assert all(labels.get(p) == "–" for p in nested)
        assert all(p.find("w:pPr/w:numPr/w:ilvl", NS).get(qn("w:val")) != "0"
                   for p in nested)

    def it_restarts_each_ordered_list(self, make_report: MakeReport, tmp_path: Path):
        folder = make_report(files={"narrative/crime.md":
                                    "1. one\n2. two\n\nText.\n\n1. again\n"})
        path = tmp_path / "x.docx"
        write_docx(prepare(folder).report, path)
        ids = [n.get(qn("w:val")) for n in document_xml(path).iter(qn("w:numId"))]
        assert len(ids) == 3 and ids[0] == ids[1] != ids[2]


class DescribePanel:
    def it_sets_the_achievements_as_one_row_of_three_cells(self, winchester: Report,
                                                          winchester_docx: Path):
        doc = open_docx(winchester_docx)
        panel = doc.tables[1]
        assert len(panel.columns) == 3 and len(panel.rows) == 1
        cells = panel.rows[0].cells
        assert [c.paragraphs[0].text for c in cells] == [
            "Domestic Abuse", "Priority Crime", "Quality of Life"]
        assert [c.paragraphs[0].style.name for c in cells] == ["Panel Heading"] * 3
        [model] = [b for _, b in winchester.walk() if isinstance(b, Panel)]
        for cell, column in zip(cells, model.columns, strict=True):
            items = [p for p in cell.paragraphs if p.style.name == "Panel List"]
            [lst] = column.blocks
            assert [squash(p.text) for p in items] == [
                squash(plain_text(i.content)) for i in lst.items]  # no gaps, no splits
        assert panel._tbl.find("w:tr/w:trPr/w:cantSplit", NS) is None  # it runs on

    def it_starts_a_long_panel_on_a_new_page_with_its_heading(self, winchester_docx):
        paragraphs = list(document_xml(winchester_docx).iter(qn("w:p")))
        [heading] = [p for p in paragraphs if "priority outcome achievements" in text_of(p)]
        assert heading.find("w:pPr/w:pageBreakBefore", NS) is not None
        assert sum(p.find("w:pPr/w:pageBreakBefore", NS) is not None
                   for p in paragraphs) == 1


IMAGE_YAML = MINIMAL_YAML.split("figures:")[0] + """\
figures:
  chart:
    type: image
    src: images/chart.png
    caption: Crime by month
    alt: Bar chart of recorded crime by month, highest in July.
sections:
  - title: Crime
    content:
      - figure: chart
"""


def png(width: int, height: int) -> bytes:
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (40, 80, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


class DescribeImages:
    def it_embeds_the_image_with_its_alt_text_as_the_description(
            self, make_report: MakeReport, tmp_path: Path):
        folder = make_report(IMAGE_YAML, {"images/chart.png": png(1200, 600)})
        path = tmp_path / "x.docx"
        write_docx(prepare(folder).report, path, report_dir=folder)
        root = document_xml(path)
        doc_pr = root.findall(".//wp:docPr", NS)
        assert [d.get("descr") for d in doc_pr] == [
            "Bar chart of recorded crime by month, highest in July."]
        extent = root.find(".//wp:extent", NS)
        assert int(extent.get("cx")) <= 9638 * 635  # no wider than the text column
        assert "Figure 1 Crime by month" in all_text(root)

    def it_fails_on_a_missing_image_file_naming_it(self, make_report: MakeReport,
                                                    tmp_path: Path):
        import pytest

        from cspdoc.errors import ResourceError

        folder = make_report(IMAGE_YAML, {"images/chart.png": png(10, 10)})
        report = prepare(folder).report
        (folder / "images" / "chart.png").unlink()  # gone after the report was read
        with pytest.raises(ResourceError, match=r"images/chart\.png") as caught:
            write_docx(report, tmp_path / "x.docx", report_dir=folder)
        assert caught.value.where.source == "report.yaml:11"  # the figure


class DescribeCharts:
    @pytest.fixture
    def chart_docx(self, make_report: MakeReport, tmp_path: Path) -> Path:
        path = tmp_path / "chart.docx"
        write_docx(prepare(make_report(with_chart())).report, path)
        return path

    def it_draws_the_chart_as_a_picture_described_by_its_alt_text(self, chart_docx: Path):
        root = document_xml(chart_docx)
        doc_pr = root.findall(".//wp:docPr", NS)
        assert [d.get("descr") for d in doc_pr] == [
            "Column chart of robbery and theft in 2023 and 2024; theft is far higher."]
        extent = root.find(".//wp:extent", NS)
        assert int(extent.get("cx")) == Mm(170)  # the text width: drawn at its own size
        with zipfile.ZipFile(chart_docx) as docx:
            pictures = [n for n in docx.namelist() if n.startswith("word/media/")]
            assert len(pictures) == 1 and pictures[0].endswith(".png")
            assert docx.read(pictures[0]).startswith(b"\x89PNG")

    def it_sets_the_numbered_caption_under_the_picture(self, chart_docx: Path):
        names = style_names(chart_docx)
        drawing = document_xml(chart_docx).find(".//w:drawing", NS)
        picture = drawing.getparent().getparent()
        assert names[paragraph_style(picture)] == "Figure"
        caption = picture.getnext()
        assert names[paragraph_style(caption)] == "caption"
        assert squash(text_of(caption)) == "Figure 2 Robbery and theft, 2023 and 2024"
        assert instructions(caption) == ["SEQ Figure \\* ARABIC"]
        starts = caption.findall(".//w:bookmarkStart", NS)
        assert [s.get(qn("w:name")) for s in starts] == ["_Ref_crime_chart",
                                                          "_RefNum_crime_chart"]


class DescribePictureNames:
    def it_names_each_picture_after_its_figure_with_an_id_of_its_own(self, tmp_path: Path):
        from tests.conftest import FIXTURES

        report = prepare(FIXTURES / "winchester-charts").report
        path = tmp_path / "charts.docx"
        write_docx(report, path)
        root = document_xml(path)
        doc_pr = root.findall(".//wp:docPr", NS)
        charts = [f for f in report.figures() if f.type == "chart"]
        assert len(doc_pr) == len(charts) == 3
        assert [d.get("name") for d in doc_pr] == [f"Figure {c.number}" for c in charts]
        ids = [d.get("id") for d in doc_pr]
        assert len(set(ids)) == len(ids)
        pic = "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"
        assert [p.get("name") for p in root.iter(pic)] == [d.get("name") for d in doc_pr]
