"""Malformed inputs: each names the file, the line and the field, in one sentence."""

from __future__ import annotations

import pytest

from cspdoc.errors import InputError, InputErrors
from cspdoc.model import Missing
from cspdoc.pipeline import prepare
from cspdoc.readers import read_report
from tests.conftest import MINIMAL_YAML, MakeReport


def error_lines(folder) -> list[str]:
    with pytest.raises(InputError) as info:
        prepare(folder)
    err = info.value
    return [e.line() for e in err.errors] if isinstance(err, InputErrors) else [err.line()]


def only_error(folder) -> str:
    lines = error_lines(folder)
    assert len(lines) == 1, lines
    return lines[0]


def crime_rows(folder):
    report = read_report(folder)
    return report.figures()[0].rows


class DescribeReportYaml:
    def it_reports_bad_yaml_with_its_line(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("  committee: Scrutiny Committee",
                                                  "  committee: [Scrutiny"))
        line = only_error(folder)
        assert line.startswith("report.yaml:5: invalid YAML:") or line.startswith(
            "report.yaml:6: invalid YAML:"), line

    def it_rejects_an_unknown_top_level_key(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML + "chapters: []\n")
        assert only_error(folder) == (
            "report.yaml:24: chapters: unknown key 'chapters' in report.yaml (expected one "
            "of: extends, figures, footnotes, lead, meta, sections, suppress, values)")

    def it_rejects_an_unknown_meta_key(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("  slug: test-report",
                                                  "  slug: test-report\n  colour: blue"))
        line = only_error(folder)
        assert line.startswith("report.yaml:10: meta.colour: unknown key 'colour' in meta")

    def it_names_a_missing_required_meta_field(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("  meeting_date: 2025-03-04\n", ""))
        assert only_error(folder) == "report.yaml:1: meta: meeting_date is required"

    def it_names_an_invalid_date_on_its_line(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("meeting_date: 2025-03-04",
                                                  "meeting_date: 2025-02-30"))
        line = only_error(folder)
        assert line.startswith("report.yaml:5: meta.meeting_date: "), line

    def it_rejects_a_duplicate_figure_id(self, make_report: MakeReport):
        dup = MINIMAL_YAML.replace("sections:", "  crime:\n    caption: Again\n    type: image\n"
                                   "    alt: x\n    unavailable: lost\nsections:")
        line = only_error(make_report(dup))
        assert line.startswith("report.yaml:")
        assert "duplicate key" in line and "crime" in line

    def it_rejects_an_empty_report(self, make_report: MakeReport):
        empty = MINIMAL_YAML.split("figures:")[0]
        assert only_error(make_report(empty)) == (
            "report.yaml:1: the report has no content: no lead text and no sections")

    def it_rejects_an_empty_file(self, make_report: MakeReport):
        assert only_error(make_report("")) == "report.yaml:1: the file is empty"

    def it_names_a_missing_markdown_file(self, make_report: MakeReport):
        folder = make_report(drop=("narrative/crime.md",))
        assert only_error(folder) == (
            "report.yaml:22: sections[0].content[0].md: Markdown file "
            "'narrative/crime.md' not found")

    def it_names_an_unknown_figure_in_the_outline(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("- figure: crime", "- figure: crimes"))
        lines = error_lines(folder)
        assert ("report.yaml:23: sections[0].content[1].figure: unknown figure 'crimes' "
                "(figures: crime)") in lines
        assert any("figure 'crime' is defined but not placed" in x for x in lines)

    def it_refuses_a_path_outside_the_report_folder(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("md: narrative/crime.md",
                                                  "md: ../secret.md"))
        assert only_error(folder) == (
            "report.yaml:22: sections[0].content[0].md: '../secret.md' is outside the "
            "report folder")


class DescribeCsvTables:
    def it_names_a_row_with_the_wrong_number_of_cells(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                    "Robbery,19,21\n"})
        assert only_error(folder) == "tables/crime.csv:2: row has 3 cells but the header has 4"

    def it_names_a_non_numeric_count(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                    "Robbery,19,twenty,2\n"})
        assert only_error(folder) == "tables/crime.csv:2: y2024: 'twenty' is not a number"

    def it_refuses_a_negative_count(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                    "Robbery,19,21,2\nTheft,-4,5,9\n"})
        assert only_error(folder) == "tables/crime.csv:3: y2023: '-4': a count cannot be negative"

    def it_refuses_a_count_with_decimals(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                    "Robbery,19.5,21,2\n"})
        assert only_error(folder) == ("tables/crime.csv:2: y2023: '19.5': a count must be a "
                                      "whole number")

    def it_refuses_a_csv_that_is_not_utf8(self, make_report: MakeReport):
        data = "offence,2023,2024,Variance\nCaf\u00e9 crime,1,2,1\n".encode("cp1252")
        folder = make_report(files={"tables/crime.csv": data})
        assert only_error(folder) == ("tables/crime.csv:2: not UTF-8 text (byte 30); save the "
                                      "CSV as UTF-8")

    def it_names_an_undeclared_header(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": "offence,2023,2024,Variance,Notes\n"
                                    "Robbery,19,21,2,x\n"})
        assert only_error(folder) == (
            "tables/crime.csv:1: Notes: header 'Notes' is not a declared column (columns: "
            "offence, y2023, y2024, variance)")

    def it_accepts_a_byte_order_mark(self, make_report: MakeReport):
        data = "\ufeffoffence,2023,2024,Variance\nRobbery,19,21,2\n".encode()
        rows = crime_rows(make_report(files={"tables/crime.csv": data}))
        assert rows[0].cells[1].value == 19

    def it_accepts_a_thousands_separator(self, make_report: MakeReport):
        csv = 'offence,2023,2024,Variance\nTheft,"1,108",2,\n'
        cell = crime_rows(make_report(files={"tables/crime.csv": csv}))[0].cells[1]
        assert (cell.value, cell.text) == (1108, "1,108")

    @pytest.mark.parametrize("marker", ["", "—", "n/a", "-"])
    def it_reads_a_blank_or_marker_as_missing_never_zero(self, make_report: MakeReport,
                                                          marker: str):
        csv = f"offence,2023,2024,Variance\nTheft,{marker},2,\n"
        cell = crime_rows(make_report(files={"tables/crime.csv": csv}))[0].cells[1]
        assert isinstance(cell, Missing)
        assert cell.text == marker


class DescribeNarrative:
    def it_names_a_footnote_referenced_but_never_defined(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "Crime rose[^nope], see "
                                    "[@fig:crime].\n\n[^src]: Police data.\n"})
        assert only_error(folder) == (
            "narrative/crime.md:1: footnote [^nope] is referenced but never defined")

    def it_names_a_footnote_defined_twice(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "Crime rose[^src], see "
                                    "[@fig:crime].\n\n[^src]: Police data.\n\n"
                                    "[^src]: Again.\n"})
        assert only_error(folder) == "narrative/crime.md:5: footnote [^src] is defined twice"

    def it_warns_of_a_footnote_defined_but_never_used(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "Crime rose[^src], see "
                                    "[@fig:crime].\n\n[^src]: Police data.\n\n"
                                    "[^spare]: Never cited.\n"})
        findings = prepare(folder).findings
        assert [(f.code, f.severity, f.where.source) for f in findings] == [
            ("unused-footnote", "warning", "narrative/crime.md:5")]

    def it_names_an_unknown_cross_reference(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "Text.\n\nSee [@fig:crim] for "
                                    "more[^src].\n\n[^src]: Police data.\n"})
        assert only_error(folder) == (
            "narrative/crime.md:3: cross-reference [@fig:crim] names no figure "
            "(figures: crime)")

    def it_rejects_a_heading_in_a_markdown_file(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "# Crime\n\nText[^src] "
                                    "[@fig:crime].\n\n[^src]: x\n"})
        assert only_error(folder) == (
            "narrative/crime.md:1: headings belong in report.yaml's outline (a section's "
            "'title'), not in a Markdown file")

    def it_names_a_bad_expression(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "Up [5%]{= pct(crime.total.y2024,"
                                    " )}[^src] [@fig:crime].\n\n[^src]: x\n"})
        assert only_error(folder) == (
            "narrative/crime.md:1: unexpected ')' in expression 'pct(crime.total.y2024, )'")

    def it_names_an_unknown_value_in_an_expression(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "Text[^src] [@fig:crime].\n\n"
                                    "Up [5%]{= pct(crime.total.y2025, crime.total.y2023)}."
                                    "\n\n[^src]: x\n"})
        assert only_error(folder) == (
            "narrative/crime.md:3: table 'crime' has no column 'y2025' (columns: offence, "
            "y2023, y2024, variance)")

    def it_refuses_a_non_web_link(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "See [here](file:///etc/passwd)"
                                    "[^src] [@fig:crime].\n\n[^src]: x\n"})
        assert only_error(folder) == (
            "narrative/crime.md:1: link 'file:///etc/passwd' must be an absolute http(s) or "
            "mailto address")


def it_reports_every_problem_in_one_run(make_report: MakeReport):
    folder = make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                "Robbery,abc,21,2\nTheft,-1,5,6\n"})
    assert error_lines(folder) == [
        "tables/crime.csv:2: y2023: 'abc' is not a number",
        "tables/crime.csv:3: y2023: '-1': a count cannot be negative",
    ]


class DescribeATypoInAKey:
    """An unknown key close to a valid one names it, at every level of report.yaml."""

    def it_suggests_the_meta_key(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("  committee:", "  commitee:"))
        assert only_error(folder) == ("report.yaml:4: meta.commitee: unknown key "
                                      "'commitee' in meta: did you mean 'committee'?")

    def it_suggests_the_figure_key_before_missing_the_caption(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("    caption: Recorded crime",
                                                  "    captoin: Recorded crime"))
        assert only_error(folder) == (
            "report.yaml:12: figures.crime.captoin: unknown key 'captoin' in table "
            "'crime': did you mean 'caption'?")

    def it_suggests_the_column_key(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace(
            "{key: variance, label: Variance, kind: change, formula: y2024 - y2023}",
            "{key: variance, label: Variance, kind: change, fromula: y2024 - y2023}"))
        assert only_error(folder) == (
            "report.yaml:18: figures.crime.columns[3].fromula: unknown key 'fromula' in "
            "column 'variance' of table 'crime': did you mean 'formula'?")

    def it_suggests_the_section_key(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("    content:", "    contents:"))
        assert only_error(folder) == (
            "report.yaml:21: sections[0].contents: unknown key 'contents' in section "
            "'Crime': did you mean 'content'?")

    def it_suggests_the_top_level_key(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("sections:", "section:"))
        assert only_error(folder) == ("report.yaml:19: section: unknown key 'section' in "
                                      "report.yaml: did you mean 'sections'?")

    def it_lists_the_valid_keys_when_none_is_close(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("    caption: Recorded crime",
                                                  "    caption: Recorded crime\n"
                                                  "    zebra: 3"))
        assert only_error(folder).startswith(
            "report.yaml:13: figures.crime.zebra: unknown key 'zebra' in table 'crime' "
            "(expected one of: caption, columns, data, ")

    def it_suggests_a_key_of_a_nested_mapping(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("contact: {name: A Officer}",
                                                  "contact: {name: A Officer, emial: a@b.c}"))
        assert only_error(folder) == ("report.yaml:8: meta.contact.emial: unknown key 'emial' in "
                                      "meta.contact: did you mean 'email'?")
