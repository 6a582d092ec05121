"""The Winchester fixture is the seed, transcribed as published: checked against the seed.

Each test reads ../shared/seeds/000 (copied to tests/data/seeds) and compares, so a
transcription slip anywhere (a cell, a footnote, a number in the prose) fails here.
"""

from __future__ import annotations

from collections import Counter

import pytest

from cspdoc.model import (
    BulletList,
    FootnoteRef,
    Image,
    Inlines,
    Link,
    Panel,
    Paragraph,
    Report,
    Section,
    Table,
    TextCell,
    plain_text,
)
from cspdoc.pipeline import prepare
from cspdoc.transforms.walk import visit_inlines
from tests.conftest import WINCHESTER
from tests.fixtures_check.seed import (
    SEED,
    normalise,
    number_tokens,
    seed_captions,
    seed_footnotes,
    seed_table,
    text_before_superscript,
)


@pytest.fixture(scope="module")
def report() -> Report:
    return prepare(WINCHESTER).report


def markdownish(inlines: Inlines) -> str:
    """Inline text with links written back as the seed writes them."""
    out = []
    for node in inlines:
        if isinstance(node, Link):
            text = plain_text(node.children)
            out.append(f"<{node.url}>" if text == node.url else
                       f"[{text.replace('(', chr(92) + '(').replace(')', chr(92) + ')')}]"
                       f"({node.url})")
        else:
            out.append(plain_text((node,)))
    return "".join(out)


def cell_text(table: Table, row, col_index: int) -> str:
    cell = row.cells[col_index]
    return plain_text(cell.content) if isinstance(cell, TextCell) else cell.display


def it_has_ten_figures_in_the_seed_order_with_the_seed_captions(report: Report):
    captions = seed_captions()
    figures = report.figures()
    assert [f.number for f in figures] == list(range(1, 11))
    assert {f.number: plain_text(f.caption) for f in figures} == captions
    assert [f.number for f in figures if isinstance(f, Image)] == [4, 9]
    assert all(f.unavailable for f in figures if isinstance(f, Image))


def it_has_the_21_footnotes_with_the_seed_texts_in_the_seed_order(report: Report):
    seed = seed_footnotes()
    assert sorted(seed) == list(range(1, 22))
    assert [n.number for n in report.footnotes] == list(range(1, 22))
    assert {n.number: markdownish(n.content) for n in report.footnotes} == seed


def it_attaches_each_footnote_where_the_seed_puts_its_superscript(report: Report):
    """The words just before each reference are the words before the seed's superscript."""
    before: dict[int, str] = {}
    text: list[str] = []

    def collect(node) -> None:
        if isinstance(node, FootnoteRef):
            before.setdefault(node.number, normalise("".join(text))[-12:])
        else:
            text.append(plain_text((node,)) if node.type != "strong" else
                        plain_text(node.children))

    visit_inlines(report, collect)
    assert sorted(before) == list(range(1, 22))
    for number, tail in before.items():
        assert tail in text_before_superscript(number, 12), (number, tail)


@pytest.mark.parametrize(("figure", "prefix", "lines"), [
    (1, "WINCHESTER\tQ1- Q3 2023", 11),
    (2, "Adults\tQuarter 1-3", 8),
    (3, "\tASB - COMMUNITY 2023", 5),
    (6, "Division\tTeam Name", 6),
    (7, "WINCHESTER\tQ1 - Q3 2023\tQ1 - Q3 2024", 23),
    (8, "WINCHESTER\tQ1 - Q3 2023\tQ1-Q3 2024\tVariance\tFAT Outcomes 2023", 4),
    (10, "WINCHESTER\tQ1 - Q3 2023\tQ1-Q3 2024\tVariance\tFAT Outcome 2023", 7),
])
def it_keeps_every_table_cell_exactly_as_published(report: Report, figure: int,
                                                    prefix: str, lines: int):
    table = report.figures()[figure - 1]
    assert isinstance(table, Table)
    seed = seed_table(prefix, lines)
    header = [c.label_text for c in table.columns]
    assert [normalise(h) for h in seed[0]] == [normalise(h) for h in header]
    printed = [[normalise(cell_text(table, row, i)) for i in range(len(table.columns))]
               for row in table.rows]
    assert printed == [[normalise(c) for c in row] for row in seed[1:]]


def it_keeps_the_two_row_header_and_the_blank_of_figure_5(report: Report):
    table = report.figures()[4]
    seed = seed_table("Count of Referrals Service", 5)
    assert [c.label_text for c in table.columns][1:] == seed[1][1:]
    assert {c.group for c in table.columns[1:9]} == {"Mth"}
    printed = [[cell_text(table, row, i) for i in range(len(table.columns))]
               for row in table.rows]
    assert printed == seed[2:]
    assert printed[1][7] == ""  # the blank Oct-24 cell stays blank


def document_text(report: Report) -> str:
    """Everything the paper prints, in order, for the number-token comparison."""
    parts: list[str] = [report.meta.title]

    def take(node) -> None:
        if not isinstance(node, FootnoteRef):
            parts.append(plain_text((node,)) if node.type not in ("strong", "emph") else "")
    visit_inlines(report, take, footnotes=True)
    for fig in report.figures():
        parts.append(f"Figure {fig.number}")
        if isinstance(fig, Table):
            for row in fig.rows:
                parts.extend(c.display for c in row.cells if not isinstance(c, TextCell))
    return "\n".join(parts)


def it_prints_every_number_of_the_seed_and_no_other(report: Report):
    seed = number_tokens(SEED)
    printed = number_tokens(document_text(report))
    # The seed's two panel rows carry HTML artefacts ("---\t---\t--") but no digits; the
    # one number we add is none: the comparison is exact.
    assert printed - seed == Counter(), "numbers printed that the seed does not have"
    assert seed - printed == Counter(), "numbers in the seed that the paper does not print"


def it_keeps_every_prose_paragraph(report: Report):
    """Each paragraph line of the seed (not tables, captions, footnotes or the panel) is a
    paragraph or list item of the fixture, word for word."""
    fixture: set[str] = set()
    for _, node in report.walk():
        if isinstance(node, Paragraph):
            fixture.add(normalise(plain_text(node.content)))
        elif isinstance(node, BulletList):
            fixture.update(normalise(plain_text(i.content)) for i in node.items)
        elif isinstance(node, Section):
            fixture.add(normalise(plain_text(node.title)))
    skipped = 0
    for line in SEED.split("\n"):
        text = normalise(line.replace("**", "").lstrip("- "))
        if (not text or "\t" in line or line.startswith(("Figure ", "<", "WINCHESTER COM"))
                or line[:1] in "⁰¹²³⁴⁵⁶⁷⁸⁹" or text in ("---", "")):
            skipped += 1
            continue
        if text.endswith("possession"):  # a paragraph the page break split in two
            continue
        if text.startswith("offences. FAT outcome rates"):
            continue
        assert text in fixture, text
    joined = "possession offences. FAT outcome rates from possession related drugs"
    assert any(joined in p for p in fixture)


def it_transcribes_the_achievements_panel_word_for_word(report: Report):
    panel = next(n for _, n in report.walk() if isinstance(n, Panel))
    assert [plain_text(c.heading) for c in panel.columns] == [
        "Domestic Abuse", "Priority Crime", "Quality of Life"]
    words = []
    for col in panel.columns:
        for block in col.blocks:
            assert isinstance(block, BulletList)
            words += " ".join(plain_text(i.content) for i in block.items).split()
    start = SEED.index("Domestic Abuse\tPriority Crime\tQuality of Life")
    end = SEED.index("---\t---")
    raw = SEED[start:end]
    for junk in ('<ul style="list-style-type: none">', "<p>", "</p>", "•",
                 "Domestic Abuse\tPriority Crime\tQuality of Life"):
        raw = raw.replace(junk, " ")
    footnote_lines = [line for line in raw.split("\n") if line and line[0] in "²⁴"]
    for line in footnote_lines:
        raw = raw.replace(line, " ")
    seed_words = normalise(raw).split()
    assert Counter(normalise(" ".join(words)).split()) == Counter(seed_words)
