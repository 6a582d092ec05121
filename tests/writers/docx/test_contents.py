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
