"""Inputs past a bound of limits.py stop with one located error, never a hang or a
traceback: sizes, nesting, alias expansion, characters a document cannot carry."""

from __future__ import annotations

import time

from cspdoc.limits import (
    MAX_CELL_CHARS,
    MAX_LIST_DEPTH,
    MAX_TEXT_BYTES,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
)
from cspdoc.readers import read_report
from tests.conftest import MINIMAL_FILES, MINIMAL_YAML, MakeReport
from tests.readers.test_errors import error_lines, only_error

CSV = MINIMAL_FILES["tables/crime.csv"]


def with_meta(line: str) -> str:
    """The minimal report.yaml with ``line`` added at the end of meta (line 10)."""
    return MINIMAL_YAML.replace("  slug: test-report\n", f"  slug: test-report\n{line}")


class DescribeYamlStructure:
    def it_refuses_an_alias_bomb_at_the_alias_that_passes_the_bound(
            self, make_report: MakeReport):
        levels = ["    - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"] + [
            f"    - &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9)]
        folder = make_report(with_meta("  keywords:\n" + "".join(levels)))
        started = time.monotonic()
        line = only_error(folder)
        assert time.monotonic() - started < 10  # it once ran past 120 s and 2.4 GB
        assert line.startswith("report.yaml:16: meta.keywords[5][1]: expanding the alias "
                               "*a4"), line
        assert "more than 200,000 values" in line

    def it_refuses_an_alias_inside_its_own_anchor(self, make_report: MakeReport):
        folder = make_report(with_meta("  keywords: &k [a, *k]\n"))
        assert only_error(folder) == ("report.yaml:10: meta.keywords[1]: the alias *k "
                                      "refers to the value that holds it, so it never ends")

    def it_reads_ordinary_anchors_and_aliases(self, make_report: MakeReport):
        yaml = MINIMAL_YAML.replace('label: "2023", kind: count', 'label: "2023", kind: &n count'
                                    ).replace('label: "2024", kind: count',
                                              'label: "2024", kind: *n')
        assert yaml.count("*n") == 1
        table = read_report(make_report(yaml)).figures()[0]
        assert [c.kind.value for c in table.columns] == ["label", "count", "count", "change"]

    def it_refuses_deep_nesting(self, make_report: MakeReport):
        folder = make_report(with_meta("  subtitle: " + "[" * 3000 + "]" * 3000 + "\n"))
        line = only_error(folder)
        assert line.startswith("report.yaml:10: meta.subtitle[0][0]"), line
        assert line.endswith(f"mappings and lists nest more than {MAX_YAML_DEPTH} deep "
                             "here; a report definition needs a handful of levels")

    def it_refuses_an_escaped_nul_in_a_value(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("Test report", '"Test\\0report"'))
        assert only_error(folder) == (
            "report.yaml:2: meta.title: the value holds U+0000 (a NUL byte), which a Word "
            "document or PDF cannot carry; delete it or retype the text")

    def it_refuses_a_raw_control_character_at_its_line(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML.replace("Scrutiny", "Scru\x07tiny"))
        assert only_error(folder).startswith("report.yaml:4: the text holds U+0007")

    def it_refuses_an_oversized_definition(self, make_report: MakeReport):
        folder = make_report(MINIMAL_YAML + "#" * MAX_YAML_BYTES)
        assert only_error(folder) == ("report.yaml:1: the file is 1 MiB; a report "
                                      "definition may be at most 1 MiB")


class DescribeTableCells:
    def it_refuses_a_cell_longer_than_a_spreadsheet_holds(self, make_report: MakeReport):
        long = "R" * (MAX_CELL_CHARS + 1)
        folder = make_report(files={"tables/crime.csv": CSV.replace("Robbery", long)})
        assert only_error(folder) == (
            f"tables/crime.csv:2: offence: the cell holds {MAX_CELL_CHARS + 1:,} "
            f"characters; a cell may hold at most {MAX_CELL_CHARS:,} (the most a "
            "spreadsheet cell holds)")

    def it_refuses_a_cell_past_the_csv_modules_own_limit(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": CSV.replace("Theft", "T" * 140_000)})
        assert only_error(folder) == (
            f"tables/crime.csv:3: a cell is longer than {MAX_CELL_CHARS:,} characters (the "
            "most a spreadsheet cell holds)")

    def it_refuses_a_nul_in_a_text_cell_with_its_column(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": CSV.replace("Robbery", "Rob\0bery")})
        assert only_error(folder).startswith(
            "tables/crime.csv:2: offence: the text holds U+0000 (a NUL byte)")

    def it_refuses_a_number_of_400_digits(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": CSV.replace("19,", "1" * 400 + ",")})
        assert only_error(folder) == (
            "tables/crime.csv:2: y2023: the number 1111111111...1111111111 has 400 "
            "significant digits; cspdoc reads at most 15 (what a spreadsheet keeps)")

    def it_hints_at_an_unclosed_quote(self, make_report: MakeReport):
        folder = make_report(files={"tables/crime.csv": CSV.replace("Theft", '"Theft')})
        assert "is a closing quote (\") missing?" in only_error(folder)


class DescribeNarrative:
    def it_refuses_a_nul_at_its_line(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "Crime rose.\n\nIt rose\0 again.\n"})
        assert only_error(folder).startswith("narrative/crime.md:3: the text holds U+0000")

    def it_refuses_an_oversized_file(self, make_report: MakeReport):
        text = ("Crime rose. " * 100 + "\n\n") * (MAX_TEXT_BYTES // 1200 + 1)
        folder = make_report(files={"narrative/crime.md": text})
        assert only_error(folder).startswith("narrative/crime.md:1: the file is 2")

    def it_refuses_lists_deeper_than_the_word_document_lays_out(self, make_report: MakeReport):
        deep = "".join(" " * (2 * i) + f"- level {i + 1}\n" for i in range(MAX_LIST_DEPTH + 1))
        folder = make_report(files={"narrative/crime.md": deep})
        assert only_error(folder) == (
            f"narrative/crime.md:{MAX_LIST_DEPTH + 1}: lists nest more than "
            f"{MAX_LIST_DEPTH} levels deep here (the most the Word document lays out)")

    def it_bounds_lists_at_the_levels_the_word_writer_defines(self):
        from cspdoc.writers.docx.numbering import LEVELS

        assert MAX_LIST_DEPTH <= LEVELS

    def it_reads_lists_as_deep_as_the_word_document_lays_out(self, make_report: MakeReport):
        deep = "".join(" " * (2 * i) + f"- level {i + 1}\n" for i in range(MAX_LIST_DEPTH))
        folder = make_report(files={"narrative/crime.md": deep + "\nSee [@fig:crime].\n"})
        assert error_lines_or_none(folder) is None

    def it_refuses_emphasis_nested_thousands_deep(self, make_report: MakeReport):
        folder = make_report(files={"narrative/crime.md": "*" * 3000 + "x" + "*" * 3000})
        assert only_error(folder) == ("narrative/crime.md:1: bold, italics and links nest "
                                      "more than 16 deep here; check the * and _ marks")

    def it_names_a_footnote_id_with_a_dot(self, make_report: MakeReport):
        folder = make_report(files={
            "narrative/crime.md": "Crime rose[^a.b], see [@fig:crime].\n\n[^a.b]: Police.\n"})
        assert error_lines(folder) == [
            "narrative/crime.md:1: [^a.b] is not a footnote reference: a footnote id holds "
            "only letters, digits, _ and -",
            "narrative/crime.md:3: [^a.b]: footnote id 'a.b' may hold only letters, digits, "
            "_ and - (write [^a-b] here and where it is referenced)"]


def error_lines_or_none(folder):
    from cspdoc.errors import InputError
    from cspdoc.pipeline import prepare

    try:
        prepare(folder)
    except InputError as exc:
        return exc.line()
    return None
