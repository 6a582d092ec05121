"""Blocks: paragraphs, lists, images and charts, side-by-side panels (tables: table.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from cspdoc.model.base import DocumentText, Node
from cspdoc.model.inlines import Inlines
from cspdoc.model.table import COLUMN_KEY, ROW_ID, Table
from cspdoc.where import NOWHERE, Where

FIGURE_ID = r"^[a-z0-9][a-z0-9_-]*$"


class Paragraph(Node):
    """A paragraph of inline content (from Markdown)."""

    type: Literal["paragraph"] = "paragraph"
    content: Inlines
    where: Where = NOWHERE


class ListItem(Node):
    """One item of a list: its inline content and any nested lists."""

    content: Inlines
    children: tuple[BulletList, ...] = ()
    where: Where = NOWHERE


class BulletList(Node):
    """A bulleted (or numbered, when ``ordered``) list."""

    type: Literal["list"] = "list"
    items: tuple[ListItem, ...] = Field(min_length=1)
    ordered: bool = False
    where: Where = NOWHERE


ListItem.model_rebuild()


class Image(Node):
    """An image figure. ``alt`` is required; ``src`` is a path inside the report folder.

    ``unavailable`` explains why there is no image (e.g. lost from the source): the
    caption is still printed with a visible note, and the figure keeps its number.
    """

    type: Literal["image"] = "image"
    id: str = Field(pattern=FIGURE_ID)
    caption: Inlines
    alt: Annotated[str, DocumentText] = Field(min_length=1)
    src: str | None = None
    unavailable: Annotated[str, DocumentText] | None = None
    width_mm: int | None = Field(default=None, gt=0, le=400)
    number: int | None = None
    where: Where = NOWHERE

    @field_validator("alt")
    @classmethod
    def _alt_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("alt text must describe the image")
        return value

    @model_validator(mode="after")
    def _src_or_unavailable(self) -> Image:
        if (self.src is None) == (self.unavailable is None):
            raise ValueError(
                f"image {self.id!r} needs exactly one of 'src' (a file) or 'unavailable' "
                "(why there is no image)")
        return self


class ChartKind(StrEnum):
    """How a chart draws its series."""

    COLUMN = "column"  # vertical bars, one group per category
    BAR = "bar"  # horizontal bars, categories down the side
    LINE = "line"  # one line per series across the categories


class ChartPlaces(Node):
    """Where each reference of a chart was typed (the report.yaml line and field), so a
    reference that does not resolve is reported where it was written."""

    table: Where = NOWHERE
    x: Where = NOWHERE
    series: tuple[Where, ...] = ()
    rows: tuple[Where, ...] = ()


class Chart(Node):
    """A chart figure drawn from a table of the report: one category per row (named by
    the ``x`` label column), one series per numeric column in ``series``.

    ``rows`` picks and orders the rows plotted (default: the table's data rows, without
    totals). The chart plots the numbers the table holds, so it never disagrees with it;
    ``labels`` prints each bar's or point's value as the table prints it. ``alt`` is
    required: it describes the drawing to readers who cannot see it.
    """

    type: Literal["chart"] = "chart"
    id: str = Field(pattern=FIGURE_ID)
    caption: Inlines
    alt: Annotated[str, DocumentText] = Field(min_length=1)
    kind: ChartKind
    table: str = Field(pattern=FIGURE_ID)
    x: str = Field(pattern=COLUMN_KEY)
    series: tuple[Annotated[str, Field(pattern=COLUMN_KEY)], ...]
    rows: tuple[Annotated[str, Field(pattern=ROW_ID)], ...] | None = None
    labels: bool = False
    number: int | None = None
    places: ChartPlaces = ChartPlaces()
    where: Where = NOWHERE

    @field_validator("alt")
    @classmethod
    def _alt_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("alt text must describe the chart")
        return value

    @field_validator("series", "rows")
    @classmethod
    def _listed_once(cls, value: tuple[str, ...] | None, info: ValidationInfo
                     ) -> tuple[str, ...] | None:
        if value is not None and not value:
            raise ValueError("a chart needs at least one series column" if info.field_name
                             == "series" else "list at least one row, or leave 'rows' out")
        for i, name in enumerate(value or ()):
            if name in (value or ())[:i]:
                raise ValueError(f"{name!r} is listed twice")
        return value


class PanelColumn(Node):
    """One column of a side-by-side panel: a heading and its blocks."""

    heading: Inlines
    blocks: Blocks
    where: Where = NOWHERE


class Panel(Node):
    """Columns set side by side, as the seed's "priority outcome achievements" box."""

    type: Literal["panel"] = "panel"
    columns: tuple[PanelColumn, ...] = Field(min_length=2, max_length=4)
    where: Where = NOWHERE


Block = Annotated[Paragraph | BulletList | Table | Image | Chart | Panel,
                  Field(discriminator="type")]
Blocks = tuple[Block, ...]
Figure = Table | Image | Chart

PanelColumn.model_rebuild()
Panel.model_rebuild()
