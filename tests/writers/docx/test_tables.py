"""Tables: header rows, the styles that give them their look, totals, rows that hold
together, and the column widths the PDF's table has."""

from __future__ import annotations

import math
from pathlib import Path

from docx.oxml.ns import qn

from cspdoc.model import Report, RowKind, Table
from cspdoc.writers.columns import Setting, plan
from cspdoc.writers.geometry import house_geometry
from cspdoc.writers.html import table_layout
from tests.writers.docx.reading import NS, document_xml, part_xml, style_names, text_of

COMPACT = " Compact"


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


def header_count(table: Table) -> int:
    return 2 if any(c.group for c in table.columns) else 1


def style_of(p, names: dict[str, str]) -> str:
    return names[p.find("w:pPr/w:pStyle", NS).get(qn("w:val"))]


class DescribeHeaderRows:
    def it_marks_header_rows_to_repeat_and_body_rows_not_to(self, winchester: Report,
                                                            winchester_docx: Path):
        found = figure_tables(winchester_docx)
        assert sorted(found) == [t.number for t in tables(winchester)]
        for table in tables(winchester):
            rows = found[table.number].findall("w:tr", NS)
            header = header_count(table)
            flags = [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows]
            assert flags == [True] * header + [False] * len(table.rows), table.id

    def it_spans_a_group_heading_over_its_columns(self, winchester_docx: Path):
        names = style_names(winchester_docx)
        rows = figure_tables(winchester_docx)[5].findall("w:tr", NS)
        cells = rows[0].findall("w:tc", NS)
        spans = [c.find("w:tcPr/w:gridSpan", NS) for c in cells]
        assert [s.get(qn("w:val")) if s is not None else "1" for s in spans] == ["1", "8", "1"]
        assert text_of(rows[0]).strip().startswith("Count of Referrals Service")
        assert style_of(cells[1].find("w:p", NS), names) == "Table Group Heading" + COMPACT
        assert "Mth" in text_of(rows[0])

    def it_gives_header_cells_the_heading_styles(self, winchester: Report,
                                                 winchester_docx: Path):
        names = style_names(winchester_docx)
        found = figure_tables(winchester_docx)
        for table in tables(winchester):
            compact = COMPACT if plan(table, house_geometry()).compact else ""
            last_header = found[table.number].findall("w:tr", NS)[header_count(table) - 1]
            for column, tc in zip(table.columns, last_header.findall("w:tc", NS),
                                  strict=True):
                p = tc.find("w:p", NS)
                want = "Table Heading" if column.kind.is_text else "Table Number Heading"
                assert style_of(p, names) == want + compact, (table.id, column.key)
                assert p.find("w:pPr/w:jc", NS) is None  # alignment is the style's


class DescribeTheLookFromStyles:
    def it_takes_shading_rules_and_bold_from_the_table_style(self, winchester_docx: Path):
        styles = part_xml(winchester_docx, "word/styles.xml")
        table = next(s for s in styles.iterfind("w:style", NS)
                     if s.find("w:name", NS).get(qn("w:val")) == "Committee Table")
        first = table.find("w:tblStylePr[@w:type='firstRow']", NS)
        last = table.find("w:tblStylePr[@w:type='lastRow']", NS)
        assert first.find("w:tcPr/w:shd", NS) is not None
        assert first.find("w:tcPr/w:tcBorders/w:bottom", NS) is not None
        assert first.find("w:rPr/w:b", NS) is not None
        assert last.find("w:tcPr/w:tcBorders/w:top", NS) is not None
        for tbl in figure_tables(winchester_docx).values():
            assert tbl.find("w:tr/w:tc/w:tcPr/w:shd", NS) is None  # no direct shading

    def it_aligns_numbers_and_bolds_totals_through_styles_only(self, winchester: Report,
                                                              winchester_docx: Path):
        names = style_names(winchester_docx)
        found = figure_tables(winchester_docx)
        for table in tables(winchester):
            compact = COMPACT if plan(table, house_geometry()).compact else ""
            rows = found[table.number].findall("w:tr", NS)[header_count(table):]
            for row, tr in zip(table.rows, rows, strict=True):
                total = row.kind in (RowKind.TOTAL, RowKind.SUBTOTAL)
                for column, tc in zip(table.columns, tr.findall("w:tc", NS), strict=True):
                    p = tc.find("w:p", NS)
                    assert p.find("w:pPr/w:jc", NS) is None
                    want = "Table Text" if column.kind.is_text else "Table Number"
                    assert style_of(p, names) == want + compact
                    for run in p.iter(qn("w:r")):
                        if run.find("w:t", NS) is None or run.find(
                                "w:footnoteReference", NS) is not None:
                            continue
                        assert run.find("w:rPr/w:b", NS) is None  # never direct bold
                        char = run.find("w:rPr/w:rStyle", NS)
                        char_name = names[char.get(qn("w:val"))] if char is not None else None
                        if char_name != "footnote reference":
                            assert (char_name == "Table Total") == total, (table.id, row.id)

    def it_lets_the_last_row_format_rule_a_final_total(self, winchester: Report,
                                                       winchester_docx: Path):
        found = figure_tables(winchester_docx)
        for table in tables(winchester):
            look = found[table.number].find("w:tblPr/w:tblLook", NS)
            final_total = table.rows[-1].kind is RowKind.TOTAL
            assert look.get(qn("w:lastRow")) == ("1" if final_total else "0"), table.id

    def it_asks_for_tabular_figures_in_the_number_style(self, winchester_docx: Path):
        styles = part_xml(winchester_docx, "word/styles.xml")
        number = next(s for s in styles.iterfind("w:style", NS)
                      if s.get(qn("w:styleId")) == "TableNumber")
        spacing = number.find("w:rPr/{http://schemas.microsoft.com/office/word/2010/"
                              "wordml}numSpacing", NS)
        assert spacing is not None


class DescribeRows:
    def it_never_splits_a_row_across_pages(self, winchester_docx: Path):
        for tbl in figure_tables(winchester_docx).values():
            assert all(r.find("w:trPr/w:cantSplit", NS) is not None
                       for r in tbl.findall("w:tr", NS))

    def it_keeps_the_last_row_with_the_caption(self, winchester_docx: Path):
        for tbl in figure_tables(winchester_docx).values():
            last = tbl.findall("w:tr", NS)[-1]
            assert all(p.find("w:pPr/w:keepNext", NS) is not None
                       for p in last.iter(qn("w:p")))


class DescribeWidths:
    def it_gives_word_the_pdfs_column_widths(self, winchester: Report,
                                             winchester_docx: Path):
        found = figure_tables(winchester_docx)
        for table in tables(winchester):
            grid = [int(c.get(qn("w:w")))
                    for c in found[table.number].iterfind("w:tblGrid/w:gridCol", NS)]
            assert sum(grid) == 9638  # the text width of cspdoc's A4 page, in twips
            css = [float(w.rstrip("%")) for w in table_layout(table).widths]
            assert math.isclose(sum(css), 100, abs_tol=0.01)
            for twips, percent in zip(grid, css, strict=True):
                assert abs(twips / 9638 * 100 - percent) < 0.05, table.id

    def it_sets_the_nine_column_asb_table_compact_and_portrait(self, winchester: Report,
                                                              winchester_docx: Path):
        settings = {t.id: plan(t, house_geometry()).setting for t in tables(winchester)}
        assert settings["asb-incidents"] is Setting.COMPACT
        assert Setting.LANDSCAPE not in settings.values()
        assert next(iter(document_xml(winchester_docx).iter(qn("w:sectPr")))).find(
            "w:pgSz", NS).get(qn("w:orient")) is None
        assert len(list(document_xml(winchester_docx).iter(qn("w:sectPr")))) == 1
