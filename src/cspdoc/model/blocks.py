"""Blocks: paragraphs, lists, images and charts, side-by-side panels (tables: table.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from cspdoc.model.base import Node
from cspdoc.model.inlines import Inlines
from cspdoc.model.table import Table
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
    alt: str = Field(min_length=1)
    src: str | None = None
    unavailable: str | None = None
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


Block = Annotated[Paragraph | BulletList | Table | Image | Panel, Field(discriminator="type")]
Blocks = tuple[Block, ...]
Figure = Table | Image

PanelColumn.model_rebuild()
Panel.model_rebuild()
