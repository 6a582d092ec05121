"""The house template through docxtpl: placeholders, escaping, sandbox, a council's own."""

from __future__ import annotations

import runpy
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from cspdoc.errors import TemplateError
from cspdoc.pipeline import prepare
from cspdoc.resources import templates_dir
from cspdoc.writers.docx import default_template, write_docx
from tests.conftest import MINIMAL_YAML, ROOT, MakeReport
from tests.end_to_end.test_build import cspdoc
from tests.writers.docx.reading import all_text, footnote_texts, part_xml, squash, text_of

SCRIPT = ROOT / "scripts" / "build-docx-template"
SOURCE = ROOT / "templates" / "committee-docx"


def house_variant(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """cspdoc's template with text replaced in some of its parts, zipped."""
    tree = tmp_path / "template-src"
    shutil.copytree(SOURCE, tree)
    for name, (old, new) in edits.items():
        part = tree / name
        text = part.read_text(encoding="utf-8")
        assert old in text, (name, old)
        part.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "variant.docx"
    build = runpy.run_path(str(SCRIPT))
    build["SOURCE"] = tree
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in build["members"](tree):
            zf.writestr(name, data)
    return out


def council_template(tmp_path: Path) -> Path:
    """A council's template made in another tool: python-docx's default document, a
    serif house font, its own header, the cover placeholders, and none of cspdoc's
    styles, footnotes part or numbering."""
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Serif"
    doc.styles["Normal"].font.size = Pt(10)
    doc.sections[0].header.paragraphs[0].text = "Borsetshire County Council | {{ reference }}"
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{{ committee }}, {{ meeting_date }}")
    doc.add_paragraph("{{p body }}")
    path = tmp_path / "council.docx"
    doc.save(str(path))
    return path


class DescribeTheHouseTemplate:
    def it_is_zipped_from_its_source_tree(self, tmp_path: Path):
        build = runpy.run_path(str(SCRIPT))
        with zipfile.ZipFile(templates_dir() / "committee.docx") as zf:
            zipped = {name: zf.read(name) for name in zf.namelist()}
        assert zipped == dict(build["members"](SOURCE)), \
            "run scripts/build-docx-template after editing templates/committee-docx"

    def it_asks_only_for_placeholders_a_report_fills(self):
        from docxtpl import DocxTemplate

        from cspdoc.writers.docx.template import BODY, environment, placeholders

        asked = DocxTemplate(str(default_template())).get_undeclared_template_variables(
            environment())
        assert asked - {BODY} <= set(placeholders(prepare(
            ROOT / "fixtures" / "winchester-2024-25").report.meta))
        assert {"committee", "meeting_date", "reference", "title", "wards", "status",
                "version", "contact_officer", BODY} <= asked

    def it_fills_the_cover_header_and_footer(self, winchester_docx: Path):
        text = all_text(part_xml(winchester_docx, "word/document.xml"))
        for expected in ("Committee Scrutiny Committee", "Date of meeting 4 March 2025",
                         "Report reference CSP-2024-25-Q3", "Wards affected All wards",
                         "Status Final, version 1.0",
                         "Contact officer Community Safety Team, Winchester City Council"):
            assert expected in text
        assert "{{" not in text and "{%" not in text
        header = squash(text_of(part_xml(winchester_docx, "word/header1.xml")))
        assert header == "Winchester Community Safety Partnership Report reference CSP-2024-25-Q3"
        footer = part_xml(winchester_docx, "word/footer1.xml")
        assert [squash(t.text) for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
        assert squash(text_of(footer)).startswith("Annual Delivery Plan 2024/25")

    def it_leaves_out_the_wards_row_when_the_report_names_none(
            self, make_report: MakeReport, tmp_path: Path):
        path = tmp_path / "x.docx"
        write_docx(prepare(make_report()).report, path)
        text = all_text(part_xml(path, "word/document.xml"))
        assert "Committee Scrutiny Committee" in text and "Wards affected" not in text


class DescribeEscaping:
    def it_round_trips_a_title_with_an_ampersand_and_angle_brackets(
            self, make_report: MakeReport, tmp_path: Path, to_pdf):
        title = "Robbery & Theft <Q3>"
        folder = make_report(MINIMAL_YAML.replace("title: Test report",
                                                  f'title: "{title}"'))
        path = tmp_path / "x.docx"
        write_docx(prepare(folder).report, path)
        doc = Document(str(path))
        assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == [title]
        assert doc.core_properties.title == title
        pdf = to_pdf(path)
        from pypdf import PdfReader

        assert title in PdfReader(str(pdf)).pages[0].extract_text()


class DescribeTemplateErrors:
    def it_names_a_placeholder_the_report_cannot_fill(self, make_report: MakeReport,
                                                       tmp_path: Path):
        template = house_variant(tmp_path, {"word/document.xml": (
            "{{ committee }}", "{{ committee_chair }}")})
        with pytest.raises(TemplateError, match=r"\{\{ committee_chair \}\}"):
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)

    def it_exits_2_from_the_cli_with_one_line(self, make_report: MakeReport, tmp_path: Path):
        template = house_variant(tmp_path, {"word/header1.xml": (
            "{{ organisation }}", "{{ council_logo }}")})
        out = tmp_path / "out"
        done = cspdoc("build", str(make_report()), "--out", str(out),
                      "--docx-template", str(template))
        assert done.returncode == 2
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{template}: ")
        assert "{{ council_logo }}" in lines[0] and "Traceback" not in done.stderr
        assert not [p for p in out.rglob("*") if p.is_file()]  # nothing written

    def it_refuses_a_template_without_a_body_placeholder(self, make_report, tmp_path):
        template = house_variant(tmp_path, {"word/document.xml": ("{{p body }}", "")})
        with pytest.raises(TemplateError, match="body"):
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)

    def it_renders_in_a_sandbox(self, make_report: MakeReport, tmp_path: Path):
        template = house_variant(tmp_path, {"word/document.xml": (
            "{{ committee }}", "{{ committee.__class__.__mro__ }}")})
        with pytest.raises(TemplateError, match="cannot be rendered"):
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)


class DescribeACouncilsOwnTemplate:
    def it_takes_the_councils_font_and_header_with_no_code_change(
            self, tmp_path: Path, to_pdf):
        template = council_template(tmp_path)
        out = tmp_path / "out"
        report = ROOT / "fixtures" / "winchester-2024-25"
        done = cspdoc("build", str(report), "--out", str(out), "--format", "docx",
                      "--docx-template", str(template))
        assert done.returncode == 0, done.stderr
        path = out / "winchester-2024-25" / "draft" / "winchester-2024-25-v1.0.docx"
        doc = Document(str(path))
        assert doc.styles["Normal"].font.name == "DejaVu Serif"
        assert doc.sections[0].header.paragraphs[0].text == (
            "Borsetshire County Council | CSP-2024-25-Q3")
        assert len(footnote_texts(path)) == 21  # the part was added to the template
        pdf = to_pdf(path)
        from pypdf import PdfReader

        reader = PdfReader(str(pdf))
        assert "Borsetshire County Council | CSP-2024-25-Q3" in reader.pages[0].extract_text()
        fonts = {str(f["/BaseFont"]) for page in reader.pages[:2]
                 for f in page["/Resources"]["/Font"].values()
                 if "/BaseFont" in f.get_object()}
        assert any("DejaVuSerif" in f for f in fonts), fonts

    def it_says_when_the_template_is_missing_or_not_a_docx(self, make_report, tmp_path):
        report = prepare(make_report()).report
        with pytest.raises(TemplateError, match="does not exist"):
            write_docx(report, tmp_path / "x.docx", template_path=tmp_path / "nope.docx")
        bad = tmp_path / "bad.docx"
        bad.write_text("not a zip", encoding="utf-8")
        with pytest.raises(TemplateError, match="not a Word document"):
            write_docx(report, tmp_path / "x.docx", template_path=bad)
