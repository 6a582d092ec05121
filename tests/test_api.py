"""The Python API a council's script uses: load a definition, swap in this quarter's data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cspdoc
from cspdoc.builder import column, markdown, section
from cspdoc.errors import InputError
from cspdoc.model import Derived, Input, Missing, Stated, Table
from cspdoc.pipeline import prepare
from tests.conftest import WINCHESTER


def figure(report, fig_id: str) -> Table:
    return next(f for f in report.figures() if f.id == fig_id)


def it_swaps_in_a_dataframe_with_the_same_columns():
    report = cspdoc.load(WINCHESTER)
    df = pd.DataFrame({"offence": ["Trafficking", "Possession", "Total"],
                       "y2023": [60, 212, "="], "y2024": [80, 200, None],
                       "fat2023": ["17", "188", "="], "fat2024": ["18", "203", "="]})
    swapped = prepare(cspdoc.replace_table(report, "drugs", df)).report
    table = figure(swapped, "drugs")
    assert [r.kind for r in table.rows] == ["data", "data", "total"]
    # Columns absent from the frame are computed; blank totals stay missing.
    variance = [c for c in (r.cells[3] for r in table.rows)]
    assert all(isinstance(c, Derived) for c in variance)
    assert [c.display for c in variance] == ["20", "-12", ""]
    assert table.rows[2].cells[1].display == "272"  # "=" asks cspdoc for the total
    assert isinstance(table.rows[2].cells[2], Missing)  # blank is missing, never 0
    # "=" asks for the total: the sum of the parts, and its rate over the (missing) base.
    assert [r.cells[4].display for r in table.rows] == ["17", "188", "205 (75.4%)"]
    assert [r.cells[5].display for r in table.rows] == ["18", "203", "221"]
    assert table.caption == figure(report, "drugs").caption


def it_builds_a_table_from_a_dataframe_and_infers_kinds():
    df = pd.DataFrame({"Area": ["City", "Rural"], "Incidents": [325, 84],
                       "Rate": [1.5, 2.25]})
    table = cspdoc.table_from_dataframe(df, id="asb", caption="ASB incidents")
    assert [c.kind for c in table.columns] == ["label", "count", "number"]
    assert isinstance(table.rows[0].cells[1], Input)
    assert table.rows[1].cells[2].value == pytest.approx(2.25)


def it_reports_a_bad_dataframe_cell_with_its_row():
    df = pd.DataFrame({"offence": ["A"], "y2023": ["many"], "y2024": [1]})
    cols = [column("offence", "Offence", "label"), column("y2023", "2023", "count"),
            column("y2024", "2024", "count")]
    with pytest.raises(InputError) as info:
        cspdoc.table_from_dataframe(df, id="t", caption="c", columns=cols)
    assert info.value.line() == "<DataFrame>:1: y2023: 'many' is not a number"


def it_builds_a_report_in_code(tmp_path: Path):
    report = cspdoc.load(WINCHESTER)
    extra = section("Annex", *markdown("Total crime was {= headline.total.y2024}."))
    report = report.rebuilt(sections=(*report.sections, extra))
    result = cspdoc.build(report, tmp_path, formats=["pdf"], report_dir=WINCHESTER)
    assert result.outputs["pdf"].is_file()
    annex = result.report.sections[-1].blocks[0]
    # A bound figure is printed from the data in the house format, even in a report
    # whose typed numbers are kept as published.
    assert annex.content[1].text == "5,740"


def it_keeps_stated_cells_as_published():
    table = figure(prepare(WINCHESTER).report, "violence-injury")
    cell = table.rows[1].cells[5]
    assert isinstance(cell, Stated) and cell.display == "6 (150%)"
