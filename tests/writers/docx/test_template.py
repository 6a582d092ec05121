"""The house template through docxtpl: placeholders, escaping, sandbox, a council's own."""

from __future__ import annotations

import re
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
from tests.writers.docx.reading import NS, all_text, footnote_texts, part_xml, squash, text_of

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
        assert {"committee", "meeting_date", "reference", "title", "wards", "status_line",
                "contact_officer", "draft", "running_title", BODY} <= asked

    def it_fills_the_cover_header_and_footer(self, winchester_docx: Path):
        text = all_text(part_xml(winchester_docx, "word/document.xml"))
        for expected in ("Committee Scrutiny Committee", "Date of meeting 4 March 2025",
                         "Report reference CSP-2024-25-Q3", "Wards affected All wards",
                         "Status Final, version 1.0",
                         "Contact officer Community Safety Team, Winchester City Council"):
            assert expected in text
        assert "{{" not in text and "{%" not in text
        header = part_xml(winchester_docx, "word/header1.xml")
        assert [squash(text_of(tc)) for tc in header.iter(qn("w:tc"))] == [
            "CSP-2024-25-Q3", "", "Annual Delivery Plan 2024/25 – Performance Update"]
        footer = part_xml(winchester_docx, "word/footer1.xml")
        assert [squash(t.text) for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
        assert squash(text_of(footer)) == "Page 1 of 1"  # the fields' cached results
        # the cover's own header and footer (a different first page) are empty
        sect = part_xml(winchester_docx, "word/document.xml").find(".//w:body/w:sectPr", NS)
        assert sect.find("w:titlePg", NS) is not None
        firsts = [r.get(qn("r:id")) for r in sect if r.get(qn("w:type")) == "first"]
        assert len(firsts) == 2
        for name in ("word/header2.xml", "word/footer2.xml"):
            assert squash(text_of(part_xml(winchester_docx, name))) == ""

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
            "{{ reference }}", "{{ council_logo }}")})
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


def paragraph_template(tmp_path: Path, *paragraphs: str, header: str | None = None,
                       name: str = "council.docx") -> Path:
    """A council's template made in Word: one paragraph per string, then the body."""
    doc = Document()
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(str(path))
    return path


def build_with(report: Path, template: Path, out: Path):
    return cspdoc("build", str(report), "--out", str(out), "--format", "docx",
                  "--docx-template", str(template))


def assert_refused(done, template: Path, out: Path, *expected: str) -> None:
    """Exit 2, one line naming the template, no traceback, nothing written."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{template}: "), done.stderr
    for text in expected:
        assert text in lines[0], (text, lines[0])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not [p for p in out.rglob("*") if p.is_file()]


class DescribeTemplatesAreData:
    """A template fills placeholders with strings: nothing it is given has a method it
    can call, so it can neither write nor read a file."""

    def it_cannot_save_a_file_anywhere(self, make_report: MakeReport, tmp_path: Path):
        target = tmp_path / "written-by-template.docx"
        template = paragraph_template(tmp_path, "{{ title }}",
                                      f"{{{{ body.tpl.save('{target}') }}}}", "{{p body }}")
        out = tmp_path / "out"
        assert_refused(build_with(make_report(), template, out), template, out,
                       "word/document.xml", "body.tpl.save")
        assert not target.exists()

    def it_cannot_copy_a_system_file_into_the_docx(self, make_report: MakeReport,
                                                   tmp_path: Path):
        secret = tmp_path / "secret.txt"
        secret.write_text("root:x:0:0", encoding="utf-8")
        template = paragraph_template(
            tmp_path, f"{{{{ body.tpl.replace_zipname('docProps/app.xml', '{secret}') }}}}",
            "{{p body }}")
        out = tmp_path / "out"
        assert_refused(build_with(make_report(), template, out), template, out,
                       "replace_zipname")

    def it_cannot_embed_an_image_from_anywhere(self, make_report: MakeReport,
                                               tmp_path: Path):
        pixel = ROOT / "tests" / "writers" / "data" / "pixel.png"
        template = paragraph_template(
            tmp_path, f"{{{{ body.subdocx.part.new_pic_inline('{pixel}', none, none) }}}}",
            "{{p body }}")
        out = tmp_path / "out"
        assert_refused(build_with(make_report(), template, out), template, out,
                       "new_pic_inline")

    @pytest.mark.parametrize("tag", [
        "{{ title.upper() }}", "{{ title.__class__.__mro__ }}", "{{ title['upper'] }}",
        "{{ range.__self__ }}", "{{ title|attr('upper') }}", "{{ lipsum(n=10**6) }}",
        "{{ cycler(1, 2).next() }}", "{{ title|safe }}", "{{ 3.7|round }}",
        "{% for x in [1, 2] %}{{ loop.cycle('a', 'b') }}{% endfor %}",
    ])
    def it_reaches_no_attribute_method_or_unsafe_filter(self, make_report: MakeReport,
                                                         tmp_path: Path, tag: str):
        template = paragraph_template(tmp_path, tag, "{{p body }}")
        with pytest.raises(TemplateError) as caught:
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)
        assert caught.value.where.file == str(template)
        assert not (tmp_path / "x.docx").exists()

    def it_still_fills_text_filters_conditions_and_loop_counters(
            self, make_report: MakeReport, tmp_path: Path):
        template = paragraph_template(
            tmp_path, "{{ title|upper }} ({{ reference|lower|replace('-', ' ') }})",
            "{% if wards %}Wards: {{ wards }}{% else %}No wards named{% endif %}",
            "{% for c in 'abc' %}{{ loop.index }}{% if not loop.last %}-{% endif %}"
            "{% endfor %}", "{{p body }}")
        path = tmp_path / "x.docx"
        write_docx(prepare(make_report()).report, path, template_path=template)
        texts = [p.text for p in Document(str(path)).paragraphs]
        assert texts[:3] == ["TEST REPORT (test 1)", "No wards named", "1-2-3"]
        assert texts[3] == "Crime"  # the body follows (its number is the heading list's)


class DescribeBoundedTemplateWork:
    @pytest.mark.parametrize(("tag", "says"), [
        ("{{ title * 100000000 }}", "a text of 1,100,000,000 characters"),
        ("{% for i in range(200000) %}x{% endfor %}", "range() of 200,000 numbers"),
        ("{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}",
         "more than 1,000 times"),
        ("{{ 9 ** 9 ** 9 }}", "power past 256 bits"),
        ("{{ '%999999999s' % title }}", "formatting with % is not offered"),
        ("{% set a = title ~ title ~ title ~ title %}{% set b = a ~ a ~ a ~ a %}"
         "{% set c = b ~ b ~ b ~ b %}{% set d = c ~ c ~ c ~ c %}"
         "{% set e = d ~ d ~ d ~ d %}{{ e }}",
         "a template value may have at most 10,000"),
        ("{{ title|replace('', title * 100) }}", "|replace makes a text of more than"),
    ])
    def it_stops_past_a_bound_naming_the_template_and_tag(
            self, make_report: MakeReport, tmp_path: Path, tag: str, says: str):
        template = paragraph_template(tmp_path, "Cover", tag, "{{p body }}")
        out = tmp_path / "out"
        assert_refused(build_with(make_report(), template, out), template, out,
                       "word/document.xml", says, tag[:20])

    @pytest.mark.parametrize("tag", [
        "{% macro m() %}x{% endmacro %}{{ m() }}",
        "{% include 'other.xml' %}",
        "{% autoescape false %}{{ title }}{% endautoescape %}",
        "{% for x in 'ab' recursive %}{{ loop(x) }}{% endfor %}",
    ])
    def it_refuses_statements_a_placeholder_template_has_no_use_for(
            self, make_report: MakeReport, tmp_path: Path, tag: str):
        template = paragraph_template(tmp_path, tag, "{{p body }}")
        with pytest.raises(TemplateError, match="not offered in a Word template") as caught:
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)
        assert tag[:12] in caught.value.message


class DescribeTagsDocxtplWouldMangle:
    """Issue 10, item 8: never a silently deleted paragraph."""

    def it_refuses_an_unclosed_tag_naming_it(self, make_report: MakeReport, tmp_path: Path):
        template = paragraph_template(tmp_path, "Before", "{{ title ", "After",
                                      "{{p body }}")
        out = tmp_path / "out"
        assert_refused(build_with(make_report(), template, out), template, out,
                       "word/document.xml", "“{{ title” is not closed")

    def it_refuses_a_tag_split_across_two_paragraphs(self, make_report, tmp_path):
        template = paragraph_template(tmp_path, "{% if wards", "%}Wards{% endif %}",
                                      "{{p body }}")
        with pytest.raises(TemplateError, match=r"“\{% if wards” is not closed"):
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)

    def it_names_the_header_when_the_tag_is_there(self, make_report, tmp_path):
        template = paragraph_template(tmp_path, "{{p body }}",
                                      header="{{ organisation | {{ reference }}")
        with pytest.raises(TemplateError) as caught:
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)
        assert caught.value.where.field == "word/header1.xml"
        assert "{{ organisation |" in caught.value.message

    @pytest.mark.parametrize(("paragraphs", "says"), [
        (("Wards: {%p if wards %}", "{{ wards }}", "{%p endif %}"),
         "replaces its whole paragraph, so “Wards:” beside it would be lost"),
        (("{%p if wards %} {%p endif %}",), "replaces its whole paragraph"),
        (("{{p title }}",), "prints rich text"),
        (("{{r title }}",), "write {{ title }}"),
        (("{%tr if wards %}",), "acts on its table row, but it is not in one"),
        (("Introduction {{p body }}",), "replaces its whole paragraph"),
    ])
    def it_refuses_a_tag_that_would_drop_text(self, make_report, tmp_path, paragraphs,
                                              says):
        body = () if any("body" in p for p in paragraphs) else ("{{p body }}",)
        template = paragraph_template(tmp_path, *paragraphs, *body)
        with pytest.raises(TemplateError) as caught:
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)
        assert says in caught.value.message
        assert caught.value.where.file == str(template)

    def it_refuses_a_row_tag_beside_other_cells_text(self, make_report, tmp_path):
        doc = Document()
        row = doc.add_table(rows=1, cols=2).rows[0]
        row.cells[0].text = "{%tr if wards %}"
        row.cells[1].text = "Wards affected"
        doc.add_paragraph("{{p body }}")
        template = tmp_path / "rows.docx"
        doc.save(str(template))
        with pytest.raises(TemplateError, match="“Wards affected” beside it would be lost"):
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)

    @pytest.mark.parametrize(("paragraphs", "says"), [
        (("{{p body }}", "{{p body }}"), "more than once"),
        (("{% if wards %}", "{{p body }}", "{% endif %}"), "removed {{p body }}"),
        (("{% for c in 'ab' %}", "{{p body }}", "{% endfor %}"), "repeated {{p body }}"),
    ])
    def it_puts_the_body_in_exactly_once(self, make_report, tmp_path, paragraphs, says):
        template = paragraph_template(tmp_path, *paragraphs)
        with pytest.raises(TemplateError, match=re.escape(says)):
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)

    def it_refuses_the_body_in_a_header(self, make_report, tmp_path):
        template = paragraph_template(tmp_path, "Cover", header="{{p body }}")
        with pytest.raises(TemplateError, match="must be a paragraph of the document"):
            write_docx(prepare(make_report()).report, tmp_path / "x.docx",
                       template_path=template)


def it_narrows_methods_docxtpl_still_has():
    """HouseTemplate's safety rests on overriding these; a docxtpl that renamed one would
    silently bring its behaviour back."""
    from docxtpl import DocxTemplate

    from cspdoc.writers.docx.template import HouseTemplate

    for name in ("render_xml_part", "build_headers_footers_xml", "fix_tables",
                 "render_properties", "save"):
        assert name in vars(DocxTemplate) and name in vars(HouseTemplate), name
