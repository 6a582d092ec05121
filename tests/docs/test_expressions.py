"""docs/expressions.md: its examples are built into a report and print, or check, as
the page says; its lists name every function, column kind, total rule and missing
marker cspdoc has."""

from __future__ import annotations

import re

import pytest

from cspdoc import check, prepare
from cspdoc.expr import FUNCTIONS
from cspdoc.model import ColumnKind, Paragraph, TotalRule, plain_text
from cspdoc.numbers import MISSING_MARKERS
from tests.conftest import MINIMAL_YAML, ROOT, MakeReport
from tests.docs.markdown import blocks

PAGE = ROOT / "docs" / "expressions.md"
TEXT = PAGE.read_text(encoding="utf-8")


def table_rows(heading: str) -> list[list[str]]:
    """The cells of each row of the first table under ``heading``."""
    section = TEXT.split(f"\n{heading}\n", 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif rows:
            break
    return rows[1:]  # without the header row


def code(cell: str) -> str:
    m = re.search(r"`([^`]+)`", cell)
    assert m, cell
    return m[1].replace("\\|", "|")


@pytest.fixture
def example_report(make_report: MakeReport):
    files = {b.file: b.body for b in blocks(PAGE) if b.file is not None}

    def make(narrative: str):
        return make_report(MINIMAL_YAML + files["values.yaml"], files={
            "tables/crime.csv": files["tables/crime.csv"],
            "narrative/crime.md": narrative + "\n[^src]: Police data.\n"})
    return make


def it_prints_each_functions_example_as_shown(example_report):
    examples = [(code(row[2]), row[3]) for row in table_rows("## Functions") if row[3]]
    assert len(examples) >= 11
    narrative = "".join(f"Example {i}: {{= {e}}}[^src].\n\n"
                        for i, (e, _) in enumerate(examples))
    report = prepare(example_report(narrative)).report
    printed = [plain_text(n.content) for _, n in report.walk() if isinstance(n, Paragraph)]
    for i, (expression, shown) in enumerate(examples):
        assert f"Example {i}: {shown}." in printed[i], (expression, printed[i])


def it_checks_each_way_of_saying_it_as_shown(example_report):
    rows = table_rows("### Saying what the figures say")
    narrative = "".join(f"Check {i}: {code(row[1])}[^src].\n\n" for i, row in enumerate(rows))
    folder = example_report(narrative)
    failing = {f.where.line for f in check(folder).findings if f.severity == "error"}
    for i, row in enumerate(rows):
        line = 2 * i + 1
        assert (line in failing) == ("fails" in row[1]), (row[1], failing)


def it_fails_the_impossible_percentage(example_report):
    v = check(example_report("Of 29 crimes, [41.2%]{= pct_out_of(29)} were repeats.\n"))
    assert [f.code for f in v.findings if f.severity == "error"] == [
        "impossible-percentage"]


def it_lists_every_function():
    listed = {code(row[0]).split("(")[0] for row in table_rows("## Functions")}
    assert listed == set(FUNCTIONS)


def it_lists_every_column_kind():
    assert {code(row[0]) for row in table_rows("### Column kinds")} == {
        k.value for k in ColumnKind}


def it_lists_every_total_rule():
    listed = set()
    for row in table_rows("### Totals"):
        listed |= set(re.findall(r"`([a-z_]+)`", row[0]))
    assert listed == {r.value for r in TotalRule}


def it_lists_every_missing_marker():
    section = TEXT.split("### Missing cells", 1)[1]
    line = next(x for x in section.splitlines() if x.startswith("`-`"))
    shown = set(re.findall(r"`([^`]+)`", line))
    assert shown == MISSING_MARKERS - {""}
