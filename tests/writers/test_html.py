"""writers/html.py: the paged HTML (WeasyPrint's input) and the standalone screen page."""

from __future__ import annotations

import base64
import re
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cspdoc.model import (
    Column,
    ColumnKind,
    FootnoteRef,
    Image,
    Link,
    Paragraph,
    Row,
    Table,
    Text,
    TextCell,
)
from cspdoc.pipeline import prepare
from cspdoc.writers import charts
from cspdoc.writers.html import cover_fields, render_html, table_layout, write_html
from tests.conftest import CHART_YAML, WINCHESTER, MakeReport, with_chart


@pytest.fixture(scope="module")
def report():
    return prepare(WINCHESTER).report


@pytest.fixture(scope="module")
def paged(report) -> str:
    return render_html(report, paged=True)


@pytest.fixture(scope="module")
def page(report, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("html") / "page.html"
    write_html(report, path, WINCHESTER)
    return path.read_text(encoding="utf-8")


def _with_lead(report, *blocks):
    return report.rebuilt(lead=(*blocks, *report.lead))


class DescribeEscaping:
    def it_prints_markup_in_the_model_as_text(self, report):
        html = render_html(_with_lead(report, Paragraph(content=(
            Text(text='<script>alert("x")</script> & <img src=x onerror=alert(1)>'),))))
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x " in html

    def it_links_only_http_https_and_mailto(self, report):
        bad = Link(url="javascript:alert(1)", children=(Text(text="click"),))
        good = Link(url="https://www.gov.uk/", children=(Text(text="GOV.UK"),))
        html = render_html(_with_lead(report, Paragraph(content=(bad, good))))
        assert "javascript:" not in html
        assert '<a href="https://www.gov.uk/">GOV.UK</a>' in html


class DescribePagedHtml:
    def it_numbers_headings_and_keeps_notes_out_of_bookmark_labels(self, paged):
        assert re.search(r'<h3 data-bookmark="2\.2 Youth Justice Team">\s*'
                         r'<span class="section-number">2\.2</span> Youth Justice Team'
                         r'<span class="footnote" id="note-youth-justice-annual" '
                         r'data-number="8">', paged)

    def it_floats_each_note_at_its_first_reference_with_the_models_number(self, paged,
                                                                          report):
        numbers = re.findall(r'<span class="footnote" id="note-([^"]+)" data-number="(\d+)"',
                             paged)
        assert numbers == [(n.id, str(n.number)) for n in report.footnotes]

    def it_links_a_repeated_reference_to_the_note(self, report):
        note = report.footnotes[0]
        again = FootnoteRef(id=note.id, number=note.number, repeat=True)
        html = render_html(_with_lead(report, Paragraph(content=(again,))))
        assert (f'<a class="note-ref" href="#note-{note.id}" aria-label="Note {note.number}">'
                f'{note.number}</a>') in html

    def it_marks_up_tables_with_scoped_headers_and_no_repeated_totals(self, paged):
        figure = paged[paged.index('<figure class="table " id="fig-headline">'):]
        figure = figure[:figure.index("</figure>")]
        assert figure.count("<thead>") == 1 and "<tfoot>" not in figure
        assert '<th scope="col" class="label">WINCHESTER</th>' in figure
        assert '<th scope="row" class="label">Total</th>' in figure
        assert '<tr class="total">' in figure
        assert ('<figcaption id="cap-headline"><span class="figure-label">Figure 1</span> '
                'Hampshire and Isle' in figure)

    def it_spans_grouped_columns(self, paged):
        assert '<th scope="colgroup" colspan="8" class="group">Mth</th>' in paged
        assert ('<th scope="col" class="label" rowspan="2">Count of Referrals Service</th>'
                in paged)

    def it_links_cross_references_to_their_figures(self, paged):
        assert ('<a class="xref" href="#fig-violence-injury" title="Figure 7">Figure 7</a>'
                in paged)

    def it_gives_unavailable_images_their_alt_text(self, paged, report):
        image = next(f for f in report.figures() if isinstance(f, Image))
        assert f'role="img" aria-label="{image.alt}"' in paged

    def it_takes_pdf_dates_from_the_meta(self, paged):
        assert '<meta name="dcterms.created" content="2025-03-04">' in paged

    def it_prints_the_cover_block(self, report):
        assert cover_fields(report.meta) == [
            ("Committee", "Scrutiny Committee"), ("Date of meeting", "4 March 2025"),
            ("Report reference", "CSP-2024-25-Q3"), ("Wards affected", "All wards"),
            ("Status", "Final, version 1.0"),
            ("Contact officer", "Community Safety Team, Winchester City Council")]


class DescribeTableLayout:
    def _table(self, *kinds: ColumnKind, width: Decimal | None = None) -> Table:
        columns = tuple(Column(key=f"c{i}", label=(Text(text=f"C{i}"),), kind=kind,
                               width=width if i == 0 else None)
                        for i, kind in enumerate(kinds))
        cells = tuple(TextCell(content=()) if k.is_text else {"type": "missing"}
                      for k in kinds)
        return Table(id="t", caption=(), columns=columns,
                     rows=(Row(id="r", cells=cells),))

    def it_shares_the_room_numbers_leave_by_the_models_weights(self):
        layout = table_layout(self._table(ColumnKind.LABEL, ColumnKind.TEXT,
                                          ColumnKind.COUNT, width=Decimal(2)))
        label, text, count = (float(w.rstrip("%")) for w in layout.widths)
        assert label + text + count == pytest.approx(100, abs=0.01)
        assert 1.6 < label / text <= 2  # the width weight of 2, beyond what each needs
        assert count < 10  # as wide as its header needs
        assert layout.width_class == ""

    def it_sets_many_columns_in_compact_type(self):
        layout = table_layout(self._table(ColumnKind.LABEL, *[ColumnKind.COUNT] * 8))
        assert layout.width_class == "compact"
        assert float(layout.widths[0].rstrip("%")) > float(layout.widths[1].rstrip("%"))


class DescribeScreenPage:
    def it_is_one_file_that_fetches_nothing(self, page):
        assert "<link" not in page and "<style>" in page
        assert not re.search(r'(src|href)="(?!#|https?://|mailto:|data:)', page)
        assert not re.search(r'src="https?://', page)

    def it_is_well_formed_enough_to_parse(self, page):
        body = page[page.index("<main"):page.index("</main>") + 7]
        ElementTree.fromstring(body.replace("<br>", "<br/>"))

    def it_lists_the_notes_at_the_end_with_links_both_ways(self, page, report):
        for note in report.footnotes:
            assert f'id="ref-{note.id}"' in page
            assert f'<li id="note-{note.id}" value="{note.number}">' in page
            assert f'href="#ref-{note.id}" role="doc-backlink"' in page
        assert 'class="footnote"' not in page

    def it_offers_a_skip_link_and_keyboard_scrolling_for_tables(self, page):
        assert '<a class="skip-link" href="#main">' in page and '<main id="main">' in page
        assert page.count('tabindex="0"') == 8

    def it_puts_images_inside_the_page(self, report, tmp_path):
        folder = tmp_path / "report"
        (folder / "images").mkdir(parents=True)
        pixel = Path(__file__).parent / "data" / "pixel.png"
        (folder / "images" / "pixel.png").write_bytes(pixel.read_bytes())
        image = Image(id="logo", caption=(Text(text="Logo"),), alt="The logo",
                      src="images/pixel.png", number=99)
        path = tmp_path / "out.html"
        write_html(_with_lead(report, image), path, folder)
        assert '<img src="data:image/png;base64,' in path.read_text(encoding="utf-8")


class DescribeCharts:
    @pytest.fixture
    def chart_report(self, make_report: MakeReport):
        files = {"tables/crime.csv": "offence,2023,2024,Variance\nRobbery,19,21,2\n"
                                     "Theft,1712,,\nTotal,1731,21,\n"}
        return prepare(make_report(with_chart(CHART_YAML + "    labels: true\n"),
                                   files)).report

    def it_shows_the_chart_as_its_svg_with_the_alt_text(self, chart_report):
        html = render_html(chart_report, paged=True)
        figure = re.search(r'<figure class="chart" id="fig-crime-chart">.*?</figure>', html,
                           re.S).group(0)
        src = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)">',
                        figure)
        chart = chart_report.sections[0].blocks[-1]
        assert base64.b64decode(src[1]) == charts.svg(chart, chart_report.table("crime"))
        assert src[2] == ("Column chart of robbery and theft in 2023 and 2024; theft is far "
                          "higher.")
        assert '<span class="figure-label">Figure 2</span> Robbery and theft, 2023 and 2024' \
            in figure

    def it_follows_the_chart_with_its_data_as_a_table_on_the_screen(self, chart_report,
                                                                    tmp_path):
        path = tmp_path / "page.html"
        write_html(chart_report, path)
        page = path.read_text(encoding="utf-8")
        details = re.search(r'</figure><details class="chart-data">(.*?)</details>', page,
                            re.S).group(1)
        assert "<summary>The data in Figure 2</summary>" in details
        table = ElementTree.fromstring(details[details.index("<table>"):])
        rows = [[cell.text or "" for cell in tr] for tr in table.iter("tr")]
        assert rows == [["Offence", "2023", "2024"], ["Robbery", "19", "21"],
                        ["Theft", "1,712", ""]]  # the missing cell stays blank
        assert [c.get("scope") for c in table.find("thead/tr")] == ["col"] * 3
        assert [tr.find("th").get("scope") for tr in table.find("tbody")] == ["row"] * 2

    def it_leaves_the_data_table_out_of_the_printed_paper(self, chart_report):
        html = render_html(chart_report, paged=True)
        assert '<figure class="chart"' in html and "chart-data" not in html
