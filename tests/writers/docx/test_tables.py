"""Tables: header rows, alignment, totals, rows that hold together, widths and landscape."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn

from cspdoc.model import Report, RowKind, Table
from cspdoc.writers.docx.layout import PageGeometry
from cspdoc.writers.docx.oxml import el
from cspdoc.writers.docx.tables import plan, text_width
from tests.writers.docx.reading import NS, document_xml, style_names, text_of

A4_PORTRAIT = PageGeometry.of(el("w:sectPr", el("w:pgSz", w=11906, h=16838),
                                 el("w:pgMar", top=1247, right=1134, bottom=1247,
                                    left=1134)))


def figure_tables(path: Path, root=None) -> dict[int, object]:
    """Figure number → its w:tbl, from each table's tblCaption "Figure N"."""
    out = {}
    for tbl in (root if root is not None else document_xml(path)).iter(qn("w:tbl")):
        caption = tbl.find("w:tblPr/w:tblCaption", NS)
        if caption is not None and caption.get(qn("w:val")).startswith("Figure "):
            out[int(caption.get(qn("w:val")).split()[1])] = tbl
    return out


def tables(report: Report) -> list[Table]:
    return [f for f in report.figures() if isinstance(f, Table)]


class DescribeHeaderRows:
    def it_marks_header_rows_to_repeat_and_body_rows_not_to(self, winchester: Report,
                                                            winchester_docx: Path):
        found = figure_tables(winchester_docx)
        assert sorted(found) == [t.number for t in tables(winchester)]
        for table in tables(winchester):
            rows = found[table.number].findall("w:tr", NS)
            header = 2 if any(c.group for c in table.columns) else 1
            flags = [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows]
            assert flags == [True] * header + [False] * len(table.rows), table.id

    def it_spans_a_group_heading_over_its_columns(self, winchester_docx: Path):
        rows = figure_tables(winchester_docx)[5].findall("w:tr", NS)
        spans = [c.find("w:tcPr/w:gridSpan", NS) for c in rows[0].findall("w:tc", NS)]
        assert [s.get(qn("w:val")) if s is not None else "1" for s in spans] == ["1", "8", "1"]
        assert text_of(rows[0]).strip().startswith("Count of Referrals Service")
        assert "Mth" in text_of(rows[0])


class DescribeRows:
    def it_never_splits_a_row_across_pages(self, winchester_docx: Path):
        for tbl in figure_tables(winchester_docx).values():
            assert all(r.find("w:trPr/w:cantSplit", NS) is not None
                       for r in tbl.findall("w:tr", NS))

    def it_right_aligns_numbers_and_bolds_total_rows(self, winchester: Report,
                                                     winchester_docx: Path):
        names = style_names(winchester_docx)
        found = figure_tables(winchester_docx)
        for table in tables(winchester):
            header = 2 if any(c.group for c in table.columns) else 1
            rows = found[table.number].findall("w:tr", NS)[header:]
            for row, tr in zip(table.rows, rows, strict=True):
                for column, tc in zip(table.columns, tr.findall("w:tc", NS), strict=True):
                    p = tc.find("w:p", NS)
                    jc = p.find("w:pPr/w:jc", NS)
                    style = names[p.find("w:pPr/w:pStyle", NS).get(qn("w:val"))]
                    if column.kind.is_text:
                        assert jc is None and style == "Table Text"
                    else:
                        assert jc.get(qn("w:val")) == "right" and style == "Table Number"
                    runs = [r for r in p.iter(qn("w:r")) if r.find("w:t", NS) is not None]
                    bold = {r.find("w:rPr/w:b", NS) is not None for r in runs}
                    want = row.kind in (RowKind.TOTAL, RowKind.SUBTOTAL)
                    assert bold <= {want}, (table.id, row.id, column.key)

    def it_asks_for_tabular_figures_in_the_number_style(self, winchester_docx: Path):
        from tests.writers.docx.reading import part_xml

        styles = part_xml(winchester_docx, "word/styles.xml")
        number = next(s for s in styles.iterfind("w:style", NS)
                      if s.get(qn("w:styleId")) == "TableNumber")
        spacing = number.find("w:rPr/{http://schemas.microsoft.com/office/word/2010/"
                              "wordml}numSpacing", NS)
        assert spacing is not None

    def it_keeps_the_last_row_with_the_caption(self, winchester_docx: Path):
        for tbl in figure_tables(winchester_docx).values():
            last = tbl.findall("w:tr", NS)[-1]
            assert all(p.find("w:pPr/w:keepNext", NS) is not None
                       for p in last.iter(qn("w:p")))


class DescribeWidths:
    def it_fills_the_text_column_and_never_cuts_a_word(self, winchester: Report):
        for table in tables(winchester):
            layout = plan(table, A4_PORTRAIT)
            available = (A4_PORTRAIT.landscape_width if layout.landscape
                         else A4_PORTRAIT.portrait_width)
            assert available - len(table.columns) <= sum(layout.widths) <= available
            for index, column in enumerate(table.columns):
                words = column.label_text.split() + [
                    w for row in table.rows for w in
                    (getattr(row.cells[index], "display", None) or "").split()]
                longest = max([text_width(w, 9, bold=True) for w in words] + [0])
                assert layout.widths[index] >= longest, (table.id, column.key)

    def it_turns_only_the_asb_table_to_landscape(self, winchester: Report):
        turned = [t.id for t in tables(winchester) if plan(t, A4_PORTRAIT).landscape]
        assert turned == ["asb-incidents"]

    def it_puts_a_landscape_table_between_section_breaks_with_its_heading(
            self, winchester_docx: Path):
        root = document_xml(winchester_docx)
        body = root.find("w:body", NS)
        children = list(body)
        tbl = figure_tables(winchester_docx, root)[3]
        i = children.index(tbl)
        before = children[i - 2].find("w:pPr/w:sectPr", NS)  # the heading sits between
        heading = children[i - 1]
        after = children[i + 2].find("w:pPr/w:sectPr", NS)  # after the caption
        assert "Priority 2: Quality of life" in text_of(heading)
        assert before.find("w:pgSz", NS).get(qn("w:orient")) is None
        size = after.find("w:pgSz", NS)
        assert size.get(qn("w:orient")) == "landscape"
        assert int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
        # the last section goes back to the template's portrait page
        last = body.find("w:sectPr", NS).find("w:pgSz", NS)
        assert int(last.get(qn("w:w"))) < int(last.get(qn("w:h")))

    @pytest.mark.parametrize(("text", "points", "twips"), [
        ("", 9, 0), ("W", 10, 189), ("iiii", 10, 178)])
    def it_measures_text_with_arial_advance_widths(self, text: str, points: int,
                                                   twips: int):
        assert text_width(text, points) == twips
