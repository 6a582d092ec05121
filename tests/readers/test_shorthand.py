"""GSS shorthand in a CSV's numeric cells, and what the verifier and the text make of it."""

from __future__ import annotations

import pytest

from cspdoc.errors import InputError
from cspdoc.model import Input, Missing
from cspdoc.numbers import SHORTHAND, split_shorthand
from cspdoc.pipeline import check, prepare
from tests.conftest import MakeReport


def crime(make_report: MakeReport, rows: str, text: str = "Crime rose, see [@fig:crime].\n"):
    return make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n" + rows,
                              "narrative/crime.md": text})


class DescribeTheCodes:
    def it_holds_every_code_of_the_issue_with_its_meaning(self):
        meanings = {s.code: s.meaning for s in SHORTHAND}
        assert {"[c]", "[x]", "[z]", "[u]", "[low]", "[r]", "[p]"} <= set(meanings)
        assert meanings["[c]"] == "confidential" and meanings["[z]"] == "not applicable"

    @pytest.mark.parametrize(("text", "figure", "codes"), [
        ("[c]", "", ("[c]",)), ("123 [r]", "123", ("[r]",)), ("45.2% [p] [u]", "45.2%",
                                                              ("[p]", "[u]")),
        ("1,108 [R]", "1,108", ("[r]",)), ("[low]", "", ("[low]",))])
    def it_splits_a_figure_from_its_codes(self, text, figure, codes):
        marked = split_shorthand(text)
        assert marked is not None and (marked.figure, marked.codes) == (figure, codes)

    def it_leaves_plain_text_alone(self):
        assert split_shorthand("1,108") is None and split_shorthand("n/a") is None


class DescribeInACsv:
    def it_reads_codes_alone_as_missing_and_beside_a_figure_as_the_figure(self, make_report):
        folder = crime(make_report, "Robbery,[c],21,=\nTheft,1712,1805 [r],93\n"
                                    "Total,=,=,=\n")
        table = prepare(folder).report.figures()[0]
        robbery, theft, total = table.rows
        assert isinstance(robbery.cells[1], Missing) and robbery.cells[1].shorthand == ("[c]",)
        assert isinstance(theft.cells[2], Input) and theft.cells[2].value == 1805
        assert [c.display for c in robbery.cells[1:]] == ["[c]", "21", "[c]"]
        assert theft.cells[2].display == "1,805 [r]"
        assert [c.display for c in total.cells[1:]] == ["[c]", "1,826", "[c]"]

    def it_names_the_codes_where_a_check_cannot_be_made(self, make_report):
        folder = crime(make_report, "Robbery,[x],21,2\nTheft,1712,1805,93\nTotal,1731,1826,95\n",
                       "Robbery rose by [2]{= crime.robbery.variance} to {= crime.robbery.y2024}"
                       " from {= crime.robbery.y2023}; [19]{= crime.robbery.y2023} before.\n")
        findings = [f for f in check(folder).findings if f.code != "unverified-figure"]
        assert [(f.code, f.where.row, f.where.column) for f in findings] == [
            ("shorthand-value", None, None), ("shorthand-value", "Robbery", "Variance"),
            ("shorthand-value", "Total", "2023")]
        assert [f.message for f in findings] == [
            "Section 1 'Crime': 19 cannot be checked because crime.robbery.y2023 is [x] (not "
            "available).",
            "Figure 1, Robbery, Variance: 2 cannot be checked, because '2023' is [x] (not "
            "available).",
            "Figure 1, Total, 2023: 1731 cannot be checked, because 'Robbery' is [x] (not "
            "available)."]
        paragraph = prepare(folder).report.sections[0].blocks[0]
        assert "from [x];" in "".join(getattr(n, "text", "") or "" for n in paragraph.content)

    @pytest.mark.parametrize(("cell", "message"), [
        ("[r]", "'[r]': [r] (revised) qualifies a figure: write it beside the figure, as "
                "\"123 [r]\""),
        ("3 [c]", "'3 [c]': [c] (confidential) stands in place of a figure: write it alone "
                  "in the cell, without '3'"),
        ("[n]", "'[n]': [n] is not GSS shorthand (codes: [c], [x], [z], [low], [u], [r], "
                "[p], [e], [b])")])
    def it_refuses_codes_used_wrongly(self, make_report, cell, message):
        folder = crime(make_report, f"Robbery,{cell},21,2\n")
        with pytest.raises(InputError) as info:
            prepare(folder)
        assert info.value.line() == f"tables/crime.csv:2: y2023: {message}"


def it_explains_a_code_typed_in_the_text_too(make_report: MakeReport):
    folder = crime(make_report, "Robbery,19,21,2\nTheft,1712,1805,93\n",
                   "Robbery figures for 2024 are provisional [p], see [@fig:crime].\n")
    table = prepare(folder).publishable.figures()[0]
    assert [(s.code, s.meaning) for s in table.symbols] == [("[p]", "provisional")]
