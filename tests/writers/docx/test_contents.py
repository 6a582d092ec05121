"""The optional table of contents and list of figures."""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn

from cspdoc.pipeline import prepare
from cspdoc.writers.docx import write_docx
from tests.conftest import MINIMAL_YAML, MakeReport
from tests.writers.docx.reading import (
    NS,
    all_text,
    bookmarks,
    document_xml,
    instructions,
    paragraph_style,
    style_names,
    text_of,
)


def entries(path: Path, style: str) -> list[tuple[str, str]]:
    names = style_names(path)
    out = []
    for p in document_xml(path).iter(qn("w:p")):
        if names.get(paragraph_style(p) or "") == style:
            link = p.find("w:hyperlink", NS)
            out.append((link.get(qn("w:anchor")), " ".join(text_of(link).split())))
    return out


class DescribeContents:
    def it_writes_neither_unless_asked(self, winchester_docx: Path):
        assert not [i for i in instructions(document_xml(winchester_docx))
                    if i.startswith("TOC")]

    def it_lists_headings_and_figures_with_links_to_their_bookmarks(
            self, make_report: MakeReport, tmp_path: Path):
        yaml = MINIMAL_YAML.replace("  slug: test-report", "  slug: test-report\n"
                                    "  table_of_contents: true\n  list_of_figures: true")
        path = tmp_path / "x.docx"
        write_docx(prepare(make_report(yaml)).report, path)
        root = document_xml(path)
        assert [i for i in instructions(root) if i.startswith("TOC")] == [
            'TOC \\o "1-3" \\h \\z \\u', 'TOC \\h \\z \\c "Figure"']
        assert entries(path, "toc 1") == [("_Toc_crime", "1 Crime")]
        assert entries(path, "table of figures") == [("_Ref_crime", "Figure 1 Recorded crime")]
        marks = bookmarks(root)
        for i in instructions(root):
            if i.startswith("PAGEREF"):
                assert i.split()[1] in marks
        text = all_text(root)
        assert text.index("Contents") < text.index("Figures") < text.index("Crime rose")


CONTENTS_YAML = MINIMAL_YAML.replace("  slug: test-report", "  slug: test-report\n"
                                     "  table_of_contents: true\n  list_of_figures: true")


def pageref_results(path: Path) -> list[tuple[str, str, bool]]:
    """Each PAGEREF field: its bookmark, its cached text, whether it is marked dirty."""
    out = []
    for p in document_xml(path).iter(qn("w:p")):
        runs = list(p.iter(qn("w:r")))
        for i, run in enumerate(runs):
            instr = run.find("w:instrText", NS)
            if instr is None or not instr.text.strip().startswith("PAGEREF"):
                continue
            begin = runs[i - 1].find("w:fldChar", NS)
            cached = []
            for later in runs[i + 2:]:
                end = later.find("w:fldChar", NS)
                if end is not None and end.get(qn("w:fldCharType")) == "end":
                    break
                cached.append(text_of(later))
            out.append((instr.text.split()[1], "".join(cached),
                        begin.get(qn("w:dirty")) == "true"))
    return out


class DescribePageNumbers:
    def it_leaves_them_for_word_when_it_cannot_know_them(self, make_report: MakeReport,
                                                        tmp_path: Path):
        path = tmp_path / "x.docx"
        write_docx(prepare(make_report(CONTENTS_YAML)).report, path)
        assert pageref_results(path) == [("_Toc_crime", "", True), ("_Ref_crime", "", True)]
        toc = [r for r in document_xml(path).iter(qn("w:fldChar"))
               if r.get(qn("w:fldCharType")) == "begin"]
        assert any(b.get(qn("w:dirty")) == "true" for b in toc)

    def it_prints_the_pdfs_pages_when_it_is_given_them(self, make_report: MakeReport,
                                                      tmp_path: Path):
        path = tmp_path / "x.docx"
        write_docx(prepare(make_report(CONTENTS_YAML)).report, path,
                   pages={"sec-crime": 2, "cap-crime": 3})
        assert pageref_results(path) == [("_Toc_crime", "2", False),
                                         ("_Ref_crime", "3", False)]
        assert all(b.get(qn("w:dirty")) is None for b in document_xml(path).iter(qn("w:fldChar")))

    def it_prints_in_both_documents_the_pages_the_pdf_has(self, make_report: MakeReport,
                                                          tmp_path: Path, to_pdf):
        from cspdoc.pipeline import build
        from tests.writers.pdf_reading import page_texts

        long_text = "Crime rose[^src], see [@fig:crime].\n\n" + "A paragraph of text. " * 400 \
            + "\n\n[^src]: Police data.\n"
        result = build(make_report(CONTENTS_YAML, {"narrative/crime.md": long_text}),
                       tmp_path / "out")
        docx, pdf = result.outputs["docx"], result.outputs["pdf"]
        pages = page_texts(pdf)
        caption_page = next(i for i, t in enumerate(pages, start=1)
                            if "Figure 1 Recorded crime" in t and i > 1)
        heading_page = next(i for i, t in enumerate(pages, start=1)
                            if "1 Crime Crime rose" in t or "1 Crime A paragraph" in t)
        assert caption_page > heading_page  # the figure is pages after its heading
        assert pageref_results(docx) == [("_Toc_crime", str(heading_page), False),
                                         ("_Ref_crime", str(caption_page), False)]
        import re

        def contents(text: str) -> str:  # the first page without its dot leaders
            return re.sub(r"\s+", " ", re.sub(r"\.{3,}", " ", text))

        for first in (pages[0], page_texts(to_pdf(docx))[0]):  # PDF, then Word's
            assert f"1 Crime {heading_page} " in contents(first)
            assert f"Figure 1 Recorded crime {caption_page} " in contents(first)


def narrow_template(tmp_path: Path) -> Path:
    """A council's template with 35 mm side margins and none of cspdoc's styles."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Mm(35)
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{{p body }}")
    path = tmp_path / "narrow.docx"
    doc.save(str(path))
    return path


class DescribeTabStops:
    def it_sets_the_page_number_tab_at_the_templates_text_width(
            self, make_report: MakeReport, tmp_path: Path):
        template = narrow_template(tmp_path)
        path = tmp_path / "x.docx"
        write_docx(prepare(make_report(CONTENTS_YAML)).report, path, template_path=template)
        section = document_xml(path).find(".//w:body/w:sectPr", NS)
        size, margins = section.find("w:pgSz", NS), section.find("w:pgMar", NS)
        width = (int(size.get(qn("w:w"))) - int(margins.get(qn("w:left")))
                 - int(margins.get(qn("w:right"))))
        assert width < 9638
        from tests.writers.docx.reading import part_xml

        styles = {s.find("w:name", NS).get(qn("w:val")): s
                  for s in part_xml(path, "word/styles.xml").iterfind("w:style", NS)}
        for name in ("toc 1", "table of figures"):
            tabs = styles[name].findall("w:pPr/w:tabs/w:tab", NS)
            rights = [int(t.get(qn("w:pos"))) for t in tabs if t.get(qn("w:val")) == "right"]
            assert rights == [width], name
