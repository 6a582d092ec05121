"""The model validates on construction: bad shapes never reach a writer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cspdoc.errors import ModelError, UsageError
from cspdoc.model import (
    Chart,
    Column,
    ColumnKind,
    Contact,
    Image,
    Input,
    Meta,
    Paragraph,
    Period,
    Report,
    Row,
    Section,
    Table,
    Text,
    TextCell,
)


def meta(**changes) -> Meta:
    data = dict(title="T", organisation="O", committee="C", meeting_date=dt.date(2025, 3, 4),
                reference="R", period=Period(start=dt.date(2024, 4, 1),
                                             end=dt.date(2024, 12, 31)),
                contact=Contact(name="A"), slug="t")
    data.update(changes)
    return Meta(**data)


def label(text: str) -> tuple[Text, ...]:
    return (Text(text=text),)


def col(key: str, kind: str, **kw) -> Column:
    return Column(key=key, label=label(key), kind=ColumnKind(kind), **kw)


def row(row_id: str, *cells) -> Row:
    return Row(id=row_id, cells=tuple(cells))


def n(value: int) -> Input:
    return Input(value=Decimal(value), text=str(value))


class DescribeMeta:
    def it_defaults_to_draft_version_1_0_in_en_gb(self):
        m = meta()
        assert (m.status, m.version, m.language) == ("draft", "1.0", "en-GB")

    def it_rejects_a_period_that_ends_before_it_starts(self):
        with pytest.raises(ModelError, match=r"ends .* before it starts"):
            Period(start=dt.date(2024, 4, 1), end=dt.date(2024, 3, 1))

    @pytest.mark.parametrize("slug", ["Has Space", "UPPER", "-lead", ""])
    def it_rejects_a_slug_that_is_not_a_file_name(self, slug: str):
        with pytest.raises(ModelError):
            meta(slug=slug)

    def it_is_frozen(self):
        with pytest.raises(ModelError):
            meta().title = "changed"  # type: ignore[misc]

    def it_forbids_unknown_fields(self):
        with pytest.raises(ModelError, match="colour: unknown key colour"):
            meta(colour="blue")


class DescribeMetaBounds:
    """What the Word document's properties and zip dates hold is refused on input, by
    the model, so a report folder and a script meet the same rule."""

    def it_refuses_a_title_longer_than_a_document_property(self):
        assert meta(title="T" * 255).title == "T" * 255
        with pytest.raises(ModelError, match=r"^invalid Meta: title: 256 characters is too "
                           r"long for the Word document's title property, which holds at "
                           r"most 255$"):
            meta(title="T" * 256)

    def it_leaves_room_for_the_date_beside_the_committee(self):
        assert meta(committee="C" * 243).committee == "C" * 243
        with pytest.raises(ModelError, match="at most 243 beside the meeting date"):
            meta(committee="C" * 244)

    def it_counts_the_keywords_with_their_commas(self):
        with pytest.raises(ModelError, match="the keywords come to 258 characters"):
            meta(keywords=("burglary",) * 26)

    @pytest.mark.parametrize("day", [dt.date(2108, 1, 1), dt.date(1979, 12, 31)])
    def it_refuses_dates_a_zip_cannot_hold(self, day):
        with pytest.raises(ModelError, match="a Word document's dates run from 1980-01-01 "
                           "to 2107-12-31"):
            meta(meeting_date=day)
        with pytest.raises(ModelError, match="issued: "):
            meta(issued=day)

    def it_refuses_text_a_document_cannot_carry(self):
        with pytest.raises(ModelError, match=r"title: the text holds U\+0000"):
            meta(title="Crime\0")
        with pytest.raises(ModelError, match=r"text: the text holds U\+001B"):
            Text(text="\x1b[31m")


class DescribeModelError:
    def it_is_cspdocs_own_error_and_a_value_error(self):
        with pytest.raises(ModelError) as info:
            Section(id="Bad id", title=label("T"))
        err = info.value
        assert isinstance(err, ValueError)
        assert [(p.field, p.message) for p in err.problems] == [
            ("id", "'Bad id' is not allowed here: use lower-case letters, digits, _ and -")]
        assert "pydantic" not in str(err) and "errors.pydantic.dev" not in str(err)

    def it_names_each_nested_field(self):
        with pytest.raises(ModelError) as info:
            Report(meta=meta(), sections=(Section(id="s", title=label("T")),
                                          {"id": "t", "title": "not inlines"}))
        assert info.value.problems[0].field.startswith("sections[1].title")


class DescribeTable:
    def it_needs_one_cell_per_column(self):
        with pytest.raises(ModelError, match="has 1 cells for 2 columns"):
            Table(id="t", caption=label("c"), columns=(col("a", "label"), col("b", "count")),
                  rows=(row("r", TextCell(content=label("x"))),))

    def it_keeps_text_cells_in_text_columns(self):
        with pytest.raises(ModelError, match="cannot hold a text cell"):
            Table(id="t", caption=label("c"), columns=(col("a", "count"),),
                  rows=(row("r", TextCell(content=label("x"))),))

    def it_needs_a_base_for_a_rate(self):
        with pytest.raises(ModelError, match="needs 'base'"):
            col("fat", "rate")

    def it_checks_the_base_is_a_numeric_column(self):
        with pytest.raises(ModelError, match="base 'label'"):
            Table(id="t", caption=label("c"),
                  columns=(col("label", "label"), col("fat", "rate", base="label")), rows=())

    def it_refuses_formulas_that_refer_to_each_other(self):
        with pytest.raises(ModelError, match="formulas refer to each other"):
            Table(id="t", caption=label("c"),
                  columns=(col("a", "count", formula="b + 1"), col("b", "count", formula="a")),
                  rows=())

    def it_refuses_a_formula_over_an_unknown_column(self):
        with pytest.raises(ModelError, match="reads 'y2025'"):
            Table(id="t", caption=label("c"),
                  columns=(col("y2024", "count"), col("v", "change", formula="y2025 - y2024")),
                  rows=())

    def it_refuses_duplicate_row_ids(self):
        with pytest.raises(ModelError, match="row id 'a' is used twice"):
            Table(id="t", caption=label("c"), columns=(col("x", "count"),),
                  rows=(row("a", n(1)), row("a", n(2))))

    def it_defaults_total_rules_by_kind(self):
        assert col("x", "count").total_rule == "sum"
        assert col("x", "percent").total_rule == "none"
        assert col("x", "change", formula="1").total_rule == "formula"


class DescribeImage:
    def it_requires_alt_text(self):
        with pytest.raises(ModelError, match="alt"):
            Image(id="i", caption=label("c"), alt=" ", src="a.png")

    def it_needs_a_file_or_a_reason_it_is_unavailable(self):
        with pytest.raises(ModelError, match="exactly one of 'src'"):
            Image(id="i", caption=label("c"), alt="a chart")
        assert Image(id="i", caption=label("c"), alt="a chart", unavailable="lost").src is None


def chart(**changes) -> Chart:
    data = dict(id="c", caption=label("Crime"), alt="Column chart of crime.", kind="column",
                table="crime", x="offence", series=("y2023", "y2024"))
    data.update(changes)
    return Chart(**data)


class DescribeChart:
    def it_holds_what_it_draws_and_from_where(self):
        c = chart(rows=("robbery",))
        assert (c.type, c.kind, c.table, c.x, c.series, c.rows, c.labels, c.number) == (
            "chart", "column", "crime", "offence", ("y2023", "y2024"), ("robbery",), False,
            None)

    @pytest.mark.parametrize("alt", ["", "   "])
    def it_requires_alt_text_that_is_not_blank(self, alt: str):
        with pytest.raises(ModelError, match="alt"):
            chart(alt=alt)

    def it_needs_at_least_one_series(self):
        with pytest.raises(ModelError, match="at least one series column"):
            chart(series=())

    @pytest.mark.parametrize("field", ["series", "rows"])
    def it_refuses_a_column_or_row_listed_twice(self, field: str):
        with pytest.raises(ModelError, match="'a' is listed twice"):
            chart(**{field: ("a", "b", "a")})

    def it_draws_columns_bars_or_lines_only(self):
        assert {chart(kind=k).kind for k in ("column", "bar", "line")} == {
            "column", "bar", "line"}
        with pytest.raises(ModelError, match="'column', 'bar' or 'line'"):
            chart(kind="pie")

    def it_is_a_figure_of_the_report(self):
        table = Table(id="crime", caption=label("c"),
                      columns=(col("offence", "label"), col("y2023", "count"),
                               col("y2024", "count")), rows=())
        c = chart()
        report = Report(meta=meta(), sections=(
            Section(id="s", title=label("S"), blocks=(c, table)),))
        assert report.figures() == [c, table]
        assert report.table("crime") is table
        with pytest.raises(UsageError, match=r"the report has no table 'c' \(tables: crime\)"):
            report.table("c")  # a chart, not a table


class DescribeReport:
    def it_refuses_an_empty_report(self):
        with pytest.raises(ModelError, match="no content"):
            Report(meta=meta())

    def it_nests_sections_three_levels_and_walks_them_in_order(self):
        deep = Section(id="c", title=label("C"), blocks=(Paragraph(content=label("p")),))
        mid = Section(id="b", title=label("B"), sections=(deep,))
        top = Section(id="a", title=label("A"), sections=(mid,))
        report = Report(meta=meta(), sections=(top,))
        walked = [n.id for _, n in report.walk() if isinstance(n, Section)]
        assert walked == ["a", "b", "c"]
        paths = [[s.id for s in path] for path, n in report.walk()
                 if isinstance(n, Paragraph)]
        assert paths == [["a", "b", "c"]]


def it_says_every_pattern_of_the_model_in_words():
    """A ModelError for an id or name says how to write it, never a regular expression."""
    from cspdoc import model
    from cspdoc.model.base import _PATTERN_HINTS, Node

    def patterns(annotation_metadata):
        for item in annotation_metadata:
            pattern = getattr(item, "pattern", None)
            if pattern is not None:
                yield str(pattern)

    found = set()
    for name in dir(model):
        cls = getattr(model, name)
        if isinstance(cls, type) and issubclass(cls, Node):
            for field in cls.model_fields.values():
                found.update(patterns(field.metadata))
                for arg in getattr(field.annotation, "__args__", ()):
                    found.update(patterns(getattr(arg, "__metadata__", ())))
    assert found and found <= set(_PATTERN_HINTS), found - set(_PATTERN_HINTS)
