"""The page geometry and type scale both documents follow, read from the ``:root`` custom
properties of the print stylesheet (``templates/committee.css``).

The stylesheet uses them through ``var()``; the DOCX writer sets cspdoc's Word styles,
its page and its header and footer from the same values (``docx/house.py``), and the
table column widths of both documents are planned from them (``columns.py``). So a
change to one of these declarations changes the PDF and the Word document alike.

In: the stylesheet's text. Out: a ``Geometry``, every length in points. A declaration
missing, or not a plain length (pt, mm, cm, in, px) or number, is a TemplateError naming
the stylesheet, the line and the property.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cspdoc.errors import TemplateError
from cspdoc.resources import templates_dir
from cspdoc.where import Where

STYLESHEET = "committee.css"
_POINTS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}


@dataclass(frozen=True)
class Heading:
    """One heading level: type size, space added above (to whatever precedes it) and
    below, in points."""

    size: float
    before: float
    after: float


@dataclass(frozen=True)
class Geometry:
    """Page, type and spacing shared by the PDF and the DOCX; lengths in points, leadings
    as a factor of the type size."""

    page_width: float
    page_height: float
    margin_top: float
    margin_right: float
    margin_bottom: float
    margin_left: float
    furniture_size: float
    furniture_leading: float
    header_gap: float
    footer_gap: float
    body_size: float
    body_leading: float
    paragraph_after: float
    heading_leading: float
    heading_indent: float
    h1: Heading
    h2: Heading
    h3: Heading
    h4: Heading
    list_indent: float
    caption_size: float
    caption_leading: float
    caption_before: float
    figure_after: float
    source_size: float
    source_before: float
    table_size: float
    table_leading: float
    cell_padding_y: float
    cell_padding_x: float
    compact_table_size: float
    compact_heading_size: float
    compact_cell_padding_x: float
    note_size: float
    note_leading: float
    note_after: float
    note_indent: float
    note_area_gap: float
    note_area_padding: float
    panel_size: float
    panel_leading: float
    panel_heading_size: float
    panel_heading_after: float
    panel_indent: float
    panel_padding_x: float
    panel_padding_top: float
    draft_size: float
    organisation_size: float
    committee_size: float
    committee_after: float
    title_size: float
    title_leading: float
    subtitle_size: float
    subtitle_before: float
    cover_size: float
    cover_leading: float
    cover_padding_y: float
    cover_label_width: float
    cover_after: float

    @property
    def text_width(self) -> float:
        """The text column of a portrait page."""
        return self.page_width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> float:
        return self.page_height - self.margin_top - self.margin_bottom

    @property
    def landscape_text_width(self) -> float:
        """The text column of a landscape page (the top and bottom margins turn into the
        sides)."""
        return self.page_height - self.margin_top - self.margin_bottom

    def headings(self) -> tuple[Heading, ...]:
        """Heading levels 1-4 (``h2`` to ``h5`` in the HTML); deeper levels as level 4."""
        return (self.h1, self.h2, self.h3, self.h4)


def _property(field: str) -> str:
    """``cell_padding_y`` → ``--cell-padding-y``; ``h1`` (a Heading) has three."""
    return "--" + field.replace("_", "-")


def parse(css: str, source: str = STYLESHEET) -> Geometry:
    """The Geometry that ``css``'s ``:root`` rule declares."""
    import tinycss2

    declared: dict[str, tuple[float, int]] = {}
    root_line = 1
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip() != ":root":
            continue
        root_line = rule.source_line
        for item in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                    skip_whitespace=True):
            if item.type == "declaration" and item.name.startswith("--"):
                declared[item.name] = (_value(item, source), item.source_line)

    def take(name: str) -> float:
        if name not in declared:
            raise TemplateError(f"{name}: missing from :root (the page geometry the Word "
                                "document shares)", Where(file=source, line=root_line))
        return declared[name][0]

    values: dict[str, object] = {}
    for field in dataclasses.fields(Geometry):
        prop = _property(field.name)
        if field.type == "Heading":
            values[field.name] = Heading(take(prop + "-size"), take(prop + "-before"),
                                         take(prop + "-after"))
        else:
            values[field.name] = take(prop)
    return Geometry(**values)  # type: ignore[arg-type]


def _value(declaration: object, source: str) -> float:
    tokens = [t for t in declaration.value  # type: ignore[attr-defined]
              if t.type not in ("whitespace", "comment")]
    where = Where(file=source, line=declaration.source_line,  # type: ignore[attr-defined]
                  field=declaration.name)  # type: ignore[attr-defined]
    if len(tokens) == 1 and tokens[0].type == "dimension" and tokens[0].lower_unit in _POINTS:
        return float(tokens[0].value) * _POINTS[tokens[0].lower_unit]
    if len(tokens) == 1 and tokens[0].type == "number":
        return float(tokens[0].value)
    raise TemplateError("expected one length in pt, mm, cm, in or px, or a number", where)


@cache
def _read(path: Path, mtime: float) -> Geometry:
    return parse(path.read_text(encoding="utf-8"), str(path))


def house_geometry(folder: Path | None = None) -> Geometry:
    """The Geometry of the print stylesheet in ``folder`` (default: cspdoc's templates)."""
    path = (folder or templates_dir()) / STYLESHEET
    return _read(path, path.stat().st_mtime)
