"""Native footnotes: the part, its separators, the references and the notes' text."""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn

from cspdoc.model import (
    FootnoteRef,
    Image,
    Inlines,
    ListItem,
    PanelColumn,
    Paragraph,
    Report,
    Section,
    Table,
    TextCell,
    plain_text,
)
from cspdoc.pipeline import prepare
from cspdoc.writers.docx import write_docx
from tests.conftest import MakeReport
from tests.writers.docx.reading import (
    NS,
    document_xml,
    footnote_texts,
    footnotes,
    hyperlink_targets,
    instructions,
    list_labels,
    paragraph_style,
    part_xml,
    squash,
    style_names,
    text_of,
)


def references_in_the_model(report: Report) -> dict[int, tuple[str, str]]:
    """Footnote number → (what holds its first reference, the text just before it)."""
    found: dict[int, tuple[str, str]] = {}

    def scan(inlines: Inlines, kind: str) -> None:
        for i, node in enumerate(inlines):
            if isinstance(node, FootnoteRef) and not node.repeat and node.number:
                found[node.number] = (kind, squash(plain_text(inlines[:i])))

    for _, node in report.walk():
        if isinstance(node, Section):
            scan(node.title, "heading")
        elif isinstance(node, Paragraph):
            scan(node.content, "paragraph")
        elif isinstance(node, ListItem):
            scan(node.content, "list item")
        elif isinstance(node, PanelColumn):
            scan(node.heading, "cell")
        elif isinstance(node, Table):
            for column in node.columns:
                scan(column.label, "cell")
            for row in node.rows:
                for cell in row.cells:
                    if isinstance(cell, TextCell):
                        scan(cell.content, "cell")
            scan(node.caption, "caption")
        elif isinstance(node, Image):
            scan(node.caption, "caption")
    return found


def references_in_the_docx(path: Path) -> dict[int, tuple[str, str]]:
    names = style_names(path)
    root = document_xml(path)
    numbered = {p for p, _ in list_labels(path, root)}
    found: dict[int, tuple[str, str]] = {}
    for ref in root.iter(qn("w:footnoteReference")):
        p = next(a for a in ref.iterancestors(qn("w:p")))
        style = names.get(paragraph_style(p) or "", "")
        if style.startswith("heading"):
            kind = "heading"
        elif style == "caption":
            kind = "caption"
        elif p in numbered:  # numbered by its own numPr or its list style
            kind = "list item"
        elif next(p.iterancestors(qn("w:tc")), None) is not None:
            kind = "cell"
        else:
            kind = "paragraph"
        before = []
        for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:footnoteReference")):
            if node is ref:
                break
            before.append(node.text or "" if node.tag == qn("w:t") else " ")
        found[int(ref.get(qn("w:id")))] = (kind, squash("".join(before)))
    return found


class DescribeTheWinchesterFootnotes:
    def it_has_the_21_notes_with_their_texts(self, winchester: Report, winchester_docx):
        assert footnote_texts(winchester_docx) == {
            n.number: squash(plain_text(n.content)) for n in winchester.footnotes}
        assert len(winchester.footnotes) == 21

    def it_references_each_from_where_the_fixture_puts_it(self, winchester: Report,
                                                          winchester_docx: Path):
        model = references_in_the_model(winchester)
        docx = references_in_the_docx(winchester_docx)
        assert sorted(docx) == sorted(model) == list(range(1, 22))
        for number, (kind, before) in model.items():
            docx_kind, docx_before = docx[number]
            assert docx_kind == kind, number
            assert docx_before.endswith(before), (number, docx_before, before)
        kinds = {kind for kind, _ in model.values()}
        assert {"heading", "cell", "list item", "paragraph"} <= kinds

    def it_puts_the_references_in_number_order_so_word_numbers_them_alike(
            self, winchester_docx: Path):
        ids = [int(r.get(qn("w:id")))
               for r in document_xml(winchester_docx).iter(qn("w:footnoteReference"))]
        assert ids == list(range(1, 22))

    def it_styles_references_and_notes(self, winchester_docx: Path):
        names = style_names(winchester_docx)
        for ref in document_xml(winchester_docx).iter(qn("w:footnoteReference")):
            style = ref.getparent().find("w:rPr/w:rStyle", NS).get(qn("w:val"))
            assert names[style] == "footnote reference"
        for note in footnotes(winchester_docx).values():
            p = note.find("w:p", NS)
            assert names[paragraph_style(p)] == "footnote text"
            assert p.find(".//w:footnoteRef", NS) is not None

    def it_keeps_the_links_of_the_note_text(self, winchester_docx: Path):
        notes = footnotes(winchester_docx)
        targets = hyperlink_targets(winchester_docx, "word/footnotes.xml")
        links = {n: [targets[h.get(qn("r:id"))] for h in note.iter(qn("w:hyperlink"))]
                 for n, note in notes.items()}
        assert links[20] == ["https://www.gov.uk/government/publications/serious-violence-duty"]
        assert links[21] == ["https://www.hampshire-pcc.gov.uk/vru-home/what-is-the-vrp"]


class DescribeThePart:
    def it_has_the_separators_and_settings_word_expects(self, winchester_docx: Path):
        root = part_xml(winchester_docx, "word/footnotes.xml")
        special = {n.get(qn("w:type")): n.get(qn("w:id")) for n in root
                   if n.get(qn("w:type"))}
        assert set(special) == {"separator", "continuationSeparator"}
        settings = part_xml(winchester_docx, "word/settings.xml")
        listed = [n.get(qn("w:id")) for n in settings.iterfind("w:footnotePr/w:footnote", NS)]
        assert sorted(listed) == sorted(special.values())

    def it_numbers_notes_through_the_document_at_the_foot_of_the_page(self, winchester_docx):
        for sect in document_xml(winchester_docx).iter(qn("w:sectPr")):
            pr = sect.find("w:footnotePr", NS)
            assert pr.find("w:pos", NS).get(qn("w:val")) == "pageBottom"
            assert pr.find("w:numRestart", NS).get(qn("w:val")) == "continuous"
            assert pr.find("w:numFmt", NS).get(qn("w:val")) == "decimal"

    def it_gives_every_note_a_unique_id(self, winchester_docx: Path):
        root = part_xml(winchester_docx, "word/footnotes.xml")
        ids = [n.get(qn("w:id")) for n in root]
        assert len(ids) == len(set(ids)) == 23


class DescribeFootnoteFormatting:
    def it_keeps_emphasis_and_writes_a_repeat_as_a_noteref(self, make_report: MakeReport,
                                                           tmp_path: Path):
        folder = make_report(files={"narrative/crime.md":
                                    "Crime rose[^src], again[^src].\n\n"
                                    "[^src]: **Police** data, *provisional*.\n"})
        path = tmp_path / "x.docx"
        write_docx(prepare(folder).report, path)
        note = footnotes(path)[1]
        assert squash(text_of(note)) == "Police data, provisional."
        bold = [r for r in note.iter(qn("w:r")) if r.find("w:rPr/w:b", NS) is not None]
        italic = [r for r in note.iter(qn("w:r")) if r.find("w:rPr/w:i", NS) is not None]
        assert [text_of(r) for r in bold] == ["Police"]
        assert [text_of(r) for r in italic] == ["provisional"]
        root = document_xml(path)
        assert len(list(root.iter(qn("w:footnoteReference")))) == 1
        assert "NOTEREF _RefNote_1 \\f \\h" in instructions(root)
        assert "_RefNote_1" in {b.get(qn("w:name")) for b in root.iter(qn("w:bookmarkStart"))}
