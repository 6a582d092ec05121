"""writers/pdf_tags.py: the Winchester PDF's structure tree, read back with pikepdf and
pdfplumber. Each gap WeasyPrint 70 leaves in a PDF/UA-1 tree has a test here."""

from __future__ import annotations

import collections
from pathlib import Path

import pikepdf
import pytest

from cspdoc.model import Image, Section, Table, plain_text
from cspdoc.pipeline import prepare
from cspdoc.writers.pdf import write_pdf
from tests.conftest import WINCHESTER
from tests.writers.pdf_reading import Element, squash, structure


@pytest.fixture(scope="module")
def report():
    return prepare(WINCHESTER).report


@pytest.fixture(scope="module")
def pdf(report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tags") / "winchester.pdf"
    write_pdf(report, path, WINCHESTER)
    return path


@pytest.fixture(scope="module")
def tree(pdf) -> Element:
    return structure(pdf)


def _of(tree: Element, kind: str) -> list[Element]:
    return [e for e in tree.walk() if e.type == kind]


def _elements(pdf: Path) -> list[pikepdf.Dictionary]:
    with pikepdf.open(pdf) as doc:
        out = []

        def walk(elem):
            out.append(elem)
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in (
                        "/MCR", "/OBJR"):
                    walk(kid)

        walk(doc.Root.StructTreeRoot.K[0])
        return [pikepdf.Dictionary(e) for e in out]


class DescribeDocument:
    def it_declares_language_title_and_tagging(self, pdf, report):
        with pikepdf.open(pdf) as doc:
            assert str(doc.Root.Lang) == "en-GB"
            assert bool(doc.Root.MarkInfo.Marked) is True
            assert bool(doc.Root.ViewerPreferences.DisplayDocTitle) is True
            assert str(doc.docinfo["/Title"]) == report.meta.title
            with doc.open_metadata() as xmp:
                assert xmp["dc:title"] == report.meta.title
                assert "pdfuaid:part" in str(xmp) or xmp.get("pdfuaid:part") == "1"

    def it_has_one_part_and_one_h1_for_the_whole_paper(self, tree, report):
        assert [e.type for e in tree.children] == ["NonStruct", "Part"]
        assert [h.text for h in _of(tree, "H1")] == [report.meta.title]
        assert len(_of(tree, "Part")) == 1


def _without_calls(heading: Element) -> str:
    """A heading's text without its footnote calls (the Reference children's text)."""
    calls = [c.text for c in heading.children if c.type == "Reference"]
    text = heading.text
    for call in calls:
        text = text.removesuffix(f" {call}")
    return text


class DescribeReadingOrder:
    def it_reads_the_headings_in_the_papers_order(self, tree, report):
        sections = [f"{'.'.join(map(str, s.number))} {squash(plain_text(s.title))}"
                    for _, s in report.walk() if isinstance(s, Section)]
        numbered = [_without_calls(h) for h in tree.walk() if h.type in ("H2", "H3", "H4")
                    and h.text[:1].isdigit()]
        assert numbered == sections

    def it_reads_the_captions_in_order_inside_their_figures(self, tree, report):
        captions = [f"Figure {f.number} {squash(plain_text(f.caption))}"
                    for f in report.figures()]
        assert [c.text for c in _of(tree, "Caption")] == captions
        for table in _of(tree, "Table")[1:]:  # the cover block has no caption
            assert table.children[-1].type == "Caption"

    def it_reads_each_note_after_its_reference(self, tree, report):
        notes = _of(tree, "Note")
        assert [n.text.split(" ", 1)[1] for n in notes] == [
            squash(plain_text(n.content)) for n in report.footnotes]
        for parent in tree.walk():
            kinds = [c.type for c in parent.children]
            for i, kind in enumerate(kinds):
                if kind == "Note" and parent.type not in ("Sect", "Div", "Part"):
                    assert kinds[i - 1] == "Reference", parent.type

    def it_reads_a_headings_note_after_the_heading(self, tree):
        youth = next(h for h in tree.walk() if h.type == "H3"
                     and h.text.startswith("2.2 Youth Justice"))
        assert youth.text == "2.2 Youth Justice Team 8"  # the call, not the note
        section = next(s for s in tree.walk() if youth in s.children)
        kinds = [c.type for c in section.children]
        assert kinds[kinds.index("H3") + 1] == "Note"


class DescribeTables:
    def it_keeps_a_table_split_across_pages_as_one_table(self, tree, report):
        tables = [t for t in report.figures() if isinstance(t, Table)]
        tagged = _of(tree, "Table")[1:]
        assert len(tagged) == len(tables) == 8
        headline = tagged[0]
        rows = [r for group in headline.children if group.type == "TBody"
                for r in group.children]
        assert len(rows) == len(tables[0].rows)
        pages = {cell.page for r in rows for cell in r.children}
        assert len(pages) == 2  # it does cross a page

    def it_reads_each_header_row_once(self, tree):
        for table in _of(tree, "Table")[1:]:
            assert [g.type for g in table.children[:2]] == ["THead", "TBody"]
            assert [g.type for g in table.children].count("THead") == 1

    def it_scopes_every_header_cell(self, pdf):
        scopes = collections.Counter()
        for elem in _elements(pdf):
            if elem.get("/S") == "/TH":
                scopes[str(elem.A.get("/Scope"))] += 1
                assert "/ID" in elem
        assert set(scopes) == {"/Column", "/Row"}

    def it_points_cells_after_a_page_break_at_the_first_header(self, pdf):
        ids = {str(e.ID) for e in _elements(pdf) if e.get("/S") == "/TH"}
        for elem in _elements(pdf):
            if elem.get("/S") == "/TD" and "/Headers" in elem.get("/A", {}):
                assert {str(h) for h in elem.A.Headers} <= ids


class DescribeFiguresAndNotes:
    def it_gives_every_figure_its_alt_text(self, tree, report):
        alts = [f.alt for f in report.figures() if isinstance(f, Image)]
        assert [f.alt for f in _of(tree, "Figure")] == alts

    def it_tags_footnotes_as_notes_with_labels_and_ids(self, pdf, tree, report):
        notes = _of(tree, "Note")
        assert len(notes) == len(report.footnotes) == 21
        assert all(n.children[0].type == "Lbl" for n in notes)
        assert [n.children[0].text for n in notes] == [str(n.number) for n in report.footnotes]
        with pikepdf.open(pdf) as doc:
            names = doc.Root.StructTreeRoot.IDTree.Names
            listed = {str(names[i]) for i in range(0, len(names), 2)}
        assert {f"note-{n.id}" for n in report.footnotes} <= listed
        assert len(_of(tree, "Reference")) == 21

    def it_describes_links_by_their_text(self, pdf):
        with pikepdf.open(pdf) as doc:
            contents = [str(a.Contents) for page in doc.pages for a in page.get("/Annots", [])]
        assert "Figure 4" in contents
        assert not [c for c in contents if c.startswith(("fig-", "note-"))]

    def it_keeps_every_marked_content_in_the_tree_or_an_artifact(self, pdf):
        with pikepdf.open(pdf) as doc:
            tagged = collections.Counter()
            for page in doc.pages:
                for operands, op in pikepdf.parse_content_stream(page):
                    if op == pikepdf.Operator("BDC"):
                        tagged[str(operands[0]) == "/Artifact"] += 1
        in_tree = 0
        for elem in _elements(pdf):
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary)
                                            and kid.get("/Type") == "/MCR"):
                    in_tree += 1
        assert tagged[True] > 0
        assert tagged[False] == in_tree
