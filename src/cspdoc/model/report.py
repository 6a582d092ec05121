"""The report: metadata, sections, footnotes and named values; the single source of truth."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from cspdoc.errors import UsageError
from cspdoc.limits import FIRST_PAPER_DATE, LAST_PAPER_DATE, MAX_PROPERTY_CHARS
from cspdoc.model.base import DocumentText, Node, document_text
from cspdoc.model.blocks import (
    Blocks,
    BulletList,
    Chart,
    Figure,
    Image,
    ListItem,
    Panel,
    Paragraph,
)
from cspdoc.model.inlines import Inlines
from cspdoc.model.table import Input, Suppression, Table
from cspdoc.where import NOWHERE, Where

SLUG = r"^[a-z0-9][a-z0-9-]*$"
VERSION = r"^\d{1,9}(\.\d{1,9}){0,2}$"


def canonical_version(version: str) -> str:
    """A version as cspdoc names it, so one version has one name (and one folder):
    numbers without leading zeros, at least two of them, no ".0" past the second.
    "1", "1.0", "1.00" and "01.0" are all "1.0"; "1.2.0" is "1.2"; "1.10" stays "1.10"
    (it comes after "1.9")."""
    parts = [int(part) for part in version.split(".")]
    while len(parts) > 2 and parts[-1] == 0:
        parts.pop()
    if len(parts) == 1:
        parts.append(0)
    return ".".join(str(part) for part in parts)
VALUE_NAME = r"^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*(\.[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*)*$"


class Status(StrEnum):
    """Where the paper is in its life."""

    DRAFT = "draft"
    FINAL = "final"
    CORRECTED = "corrected"


class NumberStyle(StrEnum):
    """How typed numbers are printed: exactly as typed, or re-set in the house format."""

    AS_PUBLISHED = "as-published"  # a transcription: "2109" stays "2109"
    HOUSE = "house"  # "2109" prints "2,109" (en-GB)


class Numbering(StrEnum):
    """How figures are numbered: tables with images and charts as "Figure N", or tables
    as "Table N" in a sequence of their own (``separate``)."""

    TOGETHER = "together"
    SEPARATE = "separate"


class Period(Node):
    """The period the data covers."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Contact(Node):
    """The contact officer printed on the cover."""

    name: Annotated[str, DocumentText] = Field(min_length=1)
    role: Annotated[str, DocumentText] | None = None
    email: Annotated[str, DocumentText] | None = None
    phone: Annotated[str, DocumentText] | None = None


class ChangeReason(Node):
    """Why one thing changed in a corrected version: a table cell (``figure``, ``row`` id,
    ``column`` key), a whole figure (``figure`` alone), a section's text (``section``
    id), or one changed passage of it (``section`` and ``text``, words of the passage
    as it read before or after)."""

    figure: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None
    text: str | None = Field(default=None, min_length=1)
    reason: str = Field(min_length=1)
    where: Where = NOWHERE

    @model_validator(mode="after")
    def _names_a_place(self) -> ChangeReason:
        if (self.figure is None) == (self.section is None):
            raise ValueError("a change reason names either a figure (with its row and "
                             "column for one cell) or a section")
        if self.section is not None and (self.row or self.column):
            raise ValueError("row and column go with a figure, not a section")
        if self.figure is not None and self.text is not None:
            raise ValueError("text goes with a section, not a figure")
        return self


class Correction(Node):
    """One entry of the correction history: the version it made, when, why (overall),
    and why each change was made (``changes``; changes not listed take ``reason``)."""

    version: str = Field(pattern=VERSION)
    date: dt.date
    reason: str = Field(min_length=1)
    changes: tuple[ChangeReason, ...] = ()

    @field_validator("version")
    @classmethod
    def _canonical(cls, version: str) -> str:
        return canonical_version(version)


class NoticeItem(Node):
    """One line of a corrections notice: what changed, and why."""

    text: str
    reason: str


class CorrectionsNotice(Node):
    """The "Corrections" notice near the start of a corrected version: a status line
    ("Corrected version 1.1, replaces version 1.0 published 4 March 2025") and each
    change with its reason. Composed by ``transforms.corrections``; writers print it."""

    status: str
    items: tuple[NoticeItem, ...]


# The Meta fields the DOCX writer stores in a core property (writers/docx/package.py).
_PROPERTIES = {"title": "title", "subject": "subject", "author": "author",
               "organisation": "author", "reference": "identifier", "committee": "comments"}


class Meta(Node):
    """Report metadata: what the cover, the running header and the file properties say."""

    title: str = Field(min_length=1)
    subtitle: str | None = None
    short_title: str | None = None
    organisation: str = Field(min_length=1)
    committee: str = Field(min_length=1)
    meeting_date: dt.date
    reference: str = Field(min_length=1)
    period: Period
    status: Status = Status.DRAFT
    version: str = Field(default="1.0", pattern=VERSION)
    contact: Contact
    language: str = Field(default="en-GB", pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")
    slug: str = Field(pattern=SLUG)
    wards: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: tuple[str, ...] = ()
    issued: dt.date | None = None
    numbers: NumberStyle = NumberStyle.HOUSE
    numbering: Numbering = Numbering.TOGETHER
    number_sections: bool = True
    table_of_contents: bool = False  # a contents list after the cover
    list_of_figures: bool = False  # a list of the figures after the cover
    corrections: tuple[Correction, ...] = ()

    @field_validator("version")
    @classmethod
    def _canonical(cls, version: str) -> str:
        return canonical_version(version)

    @field_validator("title", "subtitle", "short_title", "organisation", "committee",
                     "reference", "wards", "author", "subject")
    @classmethod
    def _printable(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Printed on the cover; the title, subject, author (organisation), reference and
        committee are also the Word document's properties, which hold at most
        ``MAX_PROPERTY_CHARS`` (the committee shares its property with the date)."""
        if value is None:
            return None
        document_text(value)
        prop = _PROPERTIES.get(info.field_name or "")
        limit = MAX_PROPERTY_CHARS - (len(", 2025-03-04") if prop == "comments" else 0)
        if prop is not None and len(value) > limit:
            room = " beside the meeting date" if prop == "comments" else ""
            raise ValueError(f"{len(value)} characters is too long for the Word document's "
                             f"{prop} property, which holds at most {limit}{room}")
        return value

    @field_validator("keywords")
    @classmethod
    def _keywords_fit(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for word in value:
            document_text(word)
        joined = len(", ".join(value))
        if joined > MAX_PROPERTY_CHARS:
            raise ValueError(f"the keywords come to {joined} characters with their commas; "
                             f"a Word document's keywords property holds at most "
                             f"{MAX_PROPERTY_CHARS}")
        return value

    @field_validator("meeting_date", "issued")
    @classmethod
    def _dates_a_document_holds(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not FIRST_PAPER_DATE <= value <= LAST_PAPER_DATE:
            raise ValueError(f"{value.isoformat()} is out of range: a Word document's "
                             f"dates run from {FIRST_PAPER_DATE.isoformat()} to "
                             f"{LAST_PAPER_DATE.isoformat()} (the years a zip file holds)")
        return value

    @property
    def running_title(self) -> str:
        return self.short_title or self.title

    @property
    def date(self) -> dt.date:
        """The paper's date: when it was issued, else the meeting date."""
        return self.issued or self.meeting_date


class Footnote(Node):
    """A footnote, defined once by id; ``number`` is set by the numbering transform in
    order of first reference."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    content: Inlines
    number: int | None = None
    where: Where = NOWHERE


class NamedValue(Node):
    """A value the narrative's expressions can use by name (``da.arrests_q3``)."""

    name: str = Field(pattern=VALUE_NAME)
    value: Input
    source: str | None = None
    where: Where = NOWHERE


class Section(Node):
    """A section: heading (may carry footnote references), blocks, subsections.

    ``number`` is set by the numbering transform (1, 2.1, ...), as a tuple of ints.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Inlines = Field(min_length=1)
    blocks: Blocks = ()
    sections: tuple[Section, ...] = ()
    number: tuple[int, ...] | None = None
    where: Where = NOWHERE


class Report(Node):
    """A committee paper: metadata, lead blocks before the first heading, sections,
    footnotes and named values; ``suppress`` is its small-number rule for count columns
    (a column may override it)."""

    meta: Meta
    lead: Blocks = ()
    sections: tuple[Section, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    values: tuple[NamedValue, ...] = ()
    suppress: Suppression | None = None
    notice: CorrectionsNotice | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Report:
        if not self.lead and not self.sections:
            raise ValueError("the report has no content: no lead text and no sections")
        return self

    def walk(self) -> Iterator[tuple[tuple[Section, ...], object]]:
        """Every section and block in reading order, with the sections it stands in."""
        yield from _walk_blocks(self.lead, ())
        for section in self.sections:
            yield from _walk_section(section, ())

    def figures(self) -> list[Figure]:
        """Tables, images and charts in order of appearance."""
        return [node for _, node in self.walk() if isinstance(node, Table | Image | Chart)]

    def table(self, figure_id: str) -> Table:
        """The table figure ``figure_id`` (a chart's data); UsageError if there is none.
        (To swap in new rows: ``cspdoc.replace_table``.)"""
        tables = [node for node in self.figures() if isinstance(node, Table)]
        for node in tables:
            if node.id == figure_id:
                return node
        known = ", ".join(t.id for t in tables) or "none"
        raise UsageError(f"the report has no table {figure_id!r} (tables: {known})")

    def footnote(self, footnote_id: str) -> Footnote:
        """The footnote ``footnote_id``; UsageError if there is none."""
        for note in self.footnotes:
            if note.id == footnote_id:
                return note
        known = ", ".join(n.id for n in self.footnotes) or "none"
        raise UsageError(f"the report has no footnote {footnote_id!r} (footnotes: {known})")


def _walk_section(section: Section, path: tuple[Section, ...]) -> Iterator[
        tuple[tuple[Section, ...], object]]:
    inner = (*path, section)
    yield path, section
    yield from _walk_blocks(section.blocks, inner)
    for sub in section.sections:
        yield from _walk_section(sub, inner)


def _walk_blocks(blocks: Blocks, path: tuple[Section, ...]) -> Iterator[
        tuple[tuple[Section, ...], object]]:
    for block in blocks:
        yield path, block
        if isinstance(block, Panel):
            for column in block.columns:
                yield path, column
                yield from _walk_blocks(column.blocks, path)
        elif isinstance(block, BulletList):
            yield from _walk_items(block.items, path)


def _walk_items(items: tuple[ListItem, ...], path: tuple[Section, ...]) -> Iterator[
        tuple[tuple[Section, ...], object]]:
    for item in items:
        yield path, item
        for child in item.children:
            yield path, child
            yield from _walk_items(child.items, path)


__all__ = ["ChangeReason", "Contact", "Correction", "CorrectionsNotice", "Footnote", "Meta",
           "NamedValue", "NoticeItem", "NumberStyle", "Numbering",
           "Paragraph", "Period", "Report", "Section", "Status"]
