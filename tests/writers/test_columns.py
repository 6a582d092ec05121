"""Column widths planned once for both documents: every word fits, the widths fill the
text width, many columns go compact, header words break only at soft hyphens."""

from __future__ import annotations

import pytest

from cspdoc.model import Report, Table, Text, plain_text
from cspdoc.pipeline import prepare
from cspdoc.writers.columns import SOFT_HYPHEN, Setting, hyphenate, plan, text_width
from cspdoc.writers.geometry import house_geometry
from tests.conftest import WINCHESTER


@pytest.fixture(scope="module")
def tables() -> list[Table]:
    report: Report = prepare(WINCHESTER).report
    return [f for f in report.figures() if isinstance(f, Table)]


class DescribeThePlan:
    def it_fills_the_text_width_and_never_cuts_a_word(self, tables: list[Table]):
        geometry = house_geometry()
        for table in tables:
            layout = plan(table, geometry)
            assert abs(sum(layout.widths) - geometry.text_width) < 0.5, table.id
            body = (geometry.compact_table_size if layout.compact else geometry.table_size)
            for index, column in enumerate(table.columns):
                words = [w for row in table.rows for w in
                         (getattr(row.cells[index], "display", None) or "").split()]
                longest = max([text_width(w, body, bold=True) for w in words] + [0])
                assert layout.widths[index] >= longest, (table.id, column.key)
                for piece in plain_text(layout.labels[index]).replace(
                        SOFT_HYPHEN, "-\n").split():
                    head = geometry.compact_heading_size if layout.compact else body
                    assert layout.widths[index] >= text_width(piece, head, bold=True)

    def it_sets_tables_of_eight_columns_or_more_compact(self, tables: list[Table]):
        compact = {t.id for t in tables if plan(t, house_geometry()).setting
                   is Setting.COMPACT}
        assert compact == {t.id for t in tables if len(t.columns) >= 8}
        assert compact == {"asb-incidents", "camhs-referrals", "camhs-waiting"}

    def it_turns_a_table_to_landscape_only_when_compact_type_cannot_hold_it(
            self, tables: list[Table]):
        table = next(t for t in tables if t.id == "asb-incidents")
        wide = table.rebuilt(columns=tuple(
            c.rebuilt(label=(Text(text="W" * 12),))
            if i else c for i, c in enumerate(table.columns)))
        layout = plan(wide, house_geometry())
        assert layout.setting is Setting.LANDSCAPE
        geometry = house_geometry()
        assert abs(sum(layout.widths) - geometry.landscape_text_width) < 0.5

    def it_gives_css_percentages_and_word_twips_of_the_same_widths(self, tables):
        layout = plan(tables[0], house_geometry())
        twips = layout.twips(9638)
        assert sum(twips) == 9638
        for t, percent in zip(twips, layout.percentages(), strict=True):
            assert abs(t / 9638 * 100 - float(percent.rstrip("%"))) < 0.02


class DescribeHyphenation:
    def it_breaks_only_long_words_with_five_letters_either_side(self):
        assert hyphenate("ASB - ENVIRONMENTAL 2023") == \
            f"ASB - ENVIR{SOFT_HYPHEN}ON{SOFT_HYPHEN}MENTAL 2023"
        assert hyphenate("Community Outcomes") == "Community Outcomes"

    @pytest.mark.parametrize(("text", "points", "width"), [
        ("", 9, 0.0), ("W", 10, 9.44), ("iiii", 10, 8.88), (f"ab{SOFT_HYPHEN}c", 10, 16.12)])
    def it_measures_text_with_arial_advance_widths(self, text: str, points: int,
                                                   width: float):
        assert text_width(text, points) == pytest.approx(width)
