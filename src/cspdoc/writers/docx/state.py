"""What the DOCX writer keeps while it writes one document (pandoc's Docx/Types.hs).

Nothing here is a figure: ids for bookmarks, footnotes, lists and pictures, the styles in
use, the page geometry (the template's page, and the geometry shared with the PDF), and
the PDF's page of each anchor when the contents can print it; every number printed comes
from the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cspdoc.model import Report
from cspdoc.writers.docx.fields import Bookmarks, bookmark_name
from cspdoc.writers.docx.layout import PageGeometry
from cspdoc.writers.docx.numbering import Lists
from cspdoc.writers.docx.styles import StyleMap
from cspdoc.writers.geometry import Geometry
from cspdoc.writers.images import Picture


@dataclass
class State:
    """The writer's state for one document."""

    report: Report
    styles: StyleMap
    bookmarks: Bookmarks
    lists: Lists
    geometry: PageGeometry
    shared: Geometry
    document_part: Any
    first_note_id: int
    next_drawing_id: int
    pictures: Mapping[str, Picture] = field(default_factory=dict)  # by figure id
    pages: Mapping[str, int] | None = None
    own_template: bool = True
    notes_referenced: list[int] = field(default_factory=list)

    def note_id(self, number: int) -> int:
        """The ``w:id`` of footnote ``number`` (the model's number, after the template's
        own notes)."""
        return self.first_note_id + number - 1

    def drawing_id(self) -> int:
        """A drawing object id no other in the document has."""
        ident = self.next_drawing_id
        self.next_drawing_id += 1
        return ident


def figure_bookmark(figure_id: str) -> str:
    """The bookmark around "Figure N" in figure ``figure_id``'s caption."""
    return bookmark_name("Ref", figure_id)


def number_bookmark(figure_id: str) -> str:
    """The bookmark around just "N" in figure ``figure_id``'s caption."""
    return bookmark_name("RefNum", figure_id)


def note_bookmark(number: int) -> str:
    """The bookmark around the first reference to footnote ``number``."""
    return bookmark_name("RefNote", str(number))


def heading_bookmark(section_id: str) -> str:
    """The bookmark around a section's heading (the table of contents links to it)."""
    return bookmark_name("Toc", section_id)
