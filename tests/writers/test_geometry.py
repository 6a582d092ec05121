"""The page geometry both documents follow, read from the print stylesheet's :root: a
change there reaches the PDF and the Word document alike, and a bad value is an error
naming the stylesheet, its line and the property."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from docx.oxml.ns import qn

from cspdoc import resources
from cspdoc.errors import TemplateError
from cspdoc.pipeline import prepare
from cspdoc.writers import geometry, html, pdf
from cspdoc.writers.docx import write_docx
from cspdoc.writers.geometry import house_geometry, parse
from tests.conftest import WINCHESTER
from tests.writers.docx.reading import NS, part_xml

CSS = (resources.templates_dir() / "committee.css").read_text(encoding="utf-8")


class DescribeReadingTheStylesheet:
    def it_reads_lengths_in_points(self):
        g = house_geometry()
        assert g.page_width == pytest.approx(595.28, abs=0.01)  # 210 mm
        assert g.text_width == pytest.approx(170 * 72 / 25.4)
        assert (g.body_size, g.body_leading, g.h1.before) == (10.5, 1.4, 20.0)

    def it_names_a_missing_property(self):
        with pytest.raises(TemplateError, match=r"^x\.css:\d+: --body-size: missing"):
            parse(CSS.replace("--body-size:", "--body-sizes:"), "x.css")

    def it_names_the_line_of_a_value_that_is_not_a_length(self):
        line = CSS.splitlines().index(next(t for t in CSS.splitlines()
                                           if "--note-size:" in t)) + 1
        with pytest.raises(TemplateError, match=rf"^x\.css:{line}: --note-size: expected"):
            parse(CSS.replace("--note-size: 8pt", "--note-size: small"), "x.css")


class DescribeOneChangeBothDocuments:
    def it_sets_both_from_a_changed_stylesheet(self, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch):
        folder = tmp_path / "templates"
        shutil.copytree(resources.templates_dir(), folder)
        css = folder / "committee.css"
        css.write_text(css.read_text(encoding="utf-8").replace(
            "--body-size: 10.5pt", "--body-size: 12pt").replace(
            "--margin-left: 20mm", "--margin-left: 30mm"), encoding="utf-8")
        for module in (geometry, html, pdf):
            monkeypatch.setattr(module, "templates_dir", lambda: folder)
        report = prepare(WINCHESTER).report

        docx = tmp_path / "x.docx"
        write_docx(report, docx, report_dir=WINCHESTER)
        margins = part_xml(docx, "word/document.xml").find(".//w:body/w:sectPr/w:pgMar", NS)
        assert margins.get(qn("w:left")) == str(round(30 * 72 / 25.4 * 20))
        normal = next(s for s in part_xml(docx, "word/styles.xml").iterfind("w:style", NS)
                      if s.get(qn("w:styleId")) == "Normal")
        assert normal.find("w:rPr/w:sz", NS).get(qn("w:val")) == "24"
        assert normal.find("w:pPr/w:spacing", NS).get(qn("w:line")) == str(round(12 * 1.4 * 20))

        out = tmp_path / "x.pdf"
        pdf.write_pdf(report, out, WINCHESTER)
        with pdfplumber.open(str(out)) as document:
            first = document.pages[0]
            body = [c for c in first.chars if c["text"].strip() and 300 < c["top"] < 600]
            assert {round(c["size"], 1) for c in body} == {12.0}
            assert min(c["x0"] for c in body) == pytest.approx(30 * 72 / 25.4, abs=0.5)
