"""Misusing the Python API raises cspdoc's documented errors with plain messages,
never a raw KeyError, AttributeError, TypeError or pydantic ValidationError."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import cspdoc
from cspdoc.builder import column, inline, markdown, section
from cspdoc.errors import CspdocError, InputError, ModelError, UsageError
from cspdoc.model import Contact, Meta, Period, Report, Section
from cspdoc.pipeline import verify, write_outputs
from tests.conftest import MakeReport

FORMATS = "(formats: docx, pdf, html, xlsx, review)"


@pytest.fixture
def report(make_report: MakeReport) -> Report:
    return cspdoc.load(make_report())


def raised(call, error: type[CspdocError] = UsageError) -> str:
    """The message ``call`` raises, which must be ``error`` and say nothing of Python."""
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for internal in ("pydantic", "Traceback", "object has no attribute", "errors.pydantic"):
        assert internal not in message, message
    return message


class DescribeFormats:
    def it_takes_one_format_as_a_string(self, report: Report, tmp_path: Path):
        result = cspdoc.build(report, tmp_path, formats="html")
        assert set(result.outputs) == {"html"} and result.outputs["html"].is_file()

    def it_takes_a_list_and_reads_each_format_once(self, report: Report, tmp_path: Path):
        result = cspdoc.build(report, tmp_path, formats=["html", "HTML", "docx"])
        assert list(result.outputs) == ["html", "docx"]

    @pytest.mark.parametrize(("formats", "message"), [
        ("pdfx", f"unknown output format 'pdfx' {FORMATS}"),
        (["docx", "exe"], f"unknown output format 'exe' {FORMATS}"),
        ([], "formats is empty: name at least one of docx, pdf, html, xlsx, review"),
        (7, "formats must be a format name or a list of them (docx, pdf, html, xlsx, "
            "review), not int"),
        ([None], f"unknown output format None {FORMATS}"),
    ])
    def it_names_a_format_it_does_not_know(self, report: Report, tmp_path: Path, formats,
                                           message):
        out = tmp_path / "out"
        assert raised(lambda: cspdoc.build(report, out, formats=formats)) == message
        assert not out.exists()  # refused before anything was written


class DescribeArguments:
    @pytest.mark.parametrize(("call", "message"), [
        (lambda: cspdoc.build(42, "out"),
         "build() takes a report folder (a path) or a Report, not int"),
        (lambda: cspdoc.check(None), "check() takes a report folder (a path) or a Report, "
                                     "not None"),
        (lambda: cspdoc.load(3.5), "load()'s report folder must be a folder path, not float"),
        (lambda: cspdoc.compare(1, 2), "a version to compare must be a folder path, not int"),
    ])
    def it_says_what_to_pass_instead(self, call, message):
        assert raised(call) == message

    def it_needs_an_output_folder(self, report: Report):
        assert raised(lambda: cspdoc.build(report, None)) == (
            "build()'s output folder (out) must be a folder path, not None")

    def it_needs_a_reason_to_publish_with_errors(self, report: Report, tmp_path: Path):
        assert raised(lambda: cspdoc.publish(report, tmp_path, allow_errors=5)) == (
            "allow_errors (the reason) must be a non-empty string or None, not 5")
        assert raised(lambda: cspdoc.publish(report, tmp_path, allow_errors=" ")) == (
            "allow_errors (the reason) must be a non-empty string or None, not ' '")

    def it_checks_template_and_image_folder_types(self, report: Report, tmp_path: Path):
        assert raised(lambda: cspdoc.build(report, tmp_path, docx_template=42)) == (
            "docx_template must be a path or None, not int")
        assert raised(lambda: cspdoc.build(report, tmp_path, report_dir=["a"])) == (
            "report_dir must be a path or None, not list")

    def it_names_a_missing_folder_as_input(self, tmp_path: Path):
        message = raised(lambda: cspdoc.load(tmp_path / "nowhere"), InputError)
        assert message == f"{tmp_path / 'nowhere'}: not a report folder (no such directory)"


class DescribePreparedReports:
    def it_accepts_what_prepare_returns(self, report: Report, tmp_path: Path):
        prepared = cspdoc.prepare(report)
        assert cspdoc.check(prepared).errors == 0
        assert cspdoc.build(prepared, tmp_path, formats="html").outputs["html"].is_file()

    def it_refuses_to_verify_a_report_not_prepared(self, report: Report):
        assert raised(lambda: verify(report)) == (  # type: ignore[arg-type]
            "verify() takes what prepare() returns; to verify a report folder or a Report, "
            "call check()")

    def it_refuses_to_write_a_report_not_prepared(self, report: Report, tmp_path: Path):
        assert raised(lambda: write_outputs(report, tmp_path, None, "html")) == (
            "write_outputs() needs a prepared Report (prepare(...).report): this one has "
            "figures without their numbers or text")
        written = write_outputs(cspdoc.prepare(report).report, tmp_path, None, "html")
        assert written["html"].is_file()


class DescribeLookups:
    def it_names_the_tables_there_are(self, report: Report):
        assert raised(lambda: report.table("drugs")) == (
            "the report has no table 'drugs' (tables: crime)")
        assert raised(lambda: cspdoc.replace_table(report, "drugs", pd.DataFrame())) == (
            "the report has no table 'drugs' (tables: crime)")

    def it_names_the_footnotes_there_are(self, report: Report):
        assert raised(lambda: report.footnote("source")) == (
            "the report has no footnote 'source' (footnotes: src)")

    def it_wants_a_dataframe_or_a_table(self, report: Report):
        assert raised(lambda: cspdoc.replace_table(report, "crime", [[1, 2]])) == (
            "expected a pandas DataFrame, not list")
        assert raised(lambda: cspdoc.replace_table("report", "crime", None)) == (
            "replace_table() takes a Report first, not str")

    def it_reports_a_frame_missing_a_column_as_input(self, report: Report):
        frame = pd.DataFrame({"offence": ["Robbery"], "y2023": [19]})
        message = raised(lambda: cspdoc.replace_table(report, "crime", frame), InputError)
        assert message == ("<DataFrame>:1: column 'y2024' ('2024') is missing from the data "
                           "and has no formula to compute it")


class DescribeBuildingInCode:
    def it_refuses_text_that_is_not_a_string(self):
        assert raised(lambda: inline(42)) == "inline text must be a string, not int"
        assert raised(lambda: markdown(None)) == "markdown text must be a string, not None"
        assert raised(lambda: section(3)) == "a section title must be a string, not int"

    def it_names_an_unknown_column_kind(self):
        message = raised(lambda: column("y2024", "2024", "amount"), ModelError)
        assert message.startswith("invalid Column: kind: input should be 'label', ")

    def it_names_a_bad_field_of_a_model_node(self):
        message = raised(lambda: Section(id="Crime and ASB", title=inline("Crime")),
                         ModelError)
        assert message == ("invalid Section: id: 'Crime and ASB' is not allowed here: use "
                           "lower-case letters, digits, _ and -")

    def it_names_a_missing_field(self):
        message = raised(lambda: Meta(title="T", organisation="O", committee="C",
                                      meeting_date=dt.date(2025, 3, 4), reference="R",
                                      period=Period(start=dt.date(2024, 4, 1),
                                                    end=dt.date(2024, 12, 31)),
                                      contact=Contact(name="A")), ModelError)
        assert message == "invalid Meta: slug: slug is required"

    def it_says_a_frozen_node_cannot_change(self, report: Report):
        message = raised(lambda: setattr(report.meta, "title", "New"), ModelError)
        assert message == ("invalid Meta: title: a Meta cannot be changed; build a new one "
                           "with .rebuilt(title=...)")
