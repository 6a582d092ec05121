"""Where: the one location type, from a file and line to a figure, row and column."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict


class Where(BaseModel):
    """A place in the report's inputs and in the document; every field is optional.

    ``file`` and ``line`` say where the value was typed (``line`` is 1-based: a YAML
    line, a CSV or XLSX row; ``sheet`` and ``cell`` the worksheet and the cell, "C4", of
    a workbook); the rest say where it stands in the paper: ``section`` its number and
    title ("2.1 HM Prison and Probation Service"), ``quote`` the sentence or the cell as
    printed, ``page`` the PDF page (set after a build).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str | None = None
    line: int | None = None
    field: str | None = None
    section: str | None = None
    figure: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    quote: str | None = None
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None

    @property
    def source(self) -> str | None:
        """``file:line`` (or just the file; ``file:Sheet!C4`` for a workbook's cell, as
        Excel names it), as findings and error messages print it."""
        if self.file is None:
            return None
        if self.sheet is not None:
            # A cell as Excel names it; a whole row as "Crime!4:4".
            place = self.cell or (f"{self.line}:{self.line}" if self.line is not None
                                  else None)
            return f"{self.file}:{self.sheet}!{place}" if place else f"{self.file}:{self.sheet}"
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    @property
    def place(self) -> str:
        """Where a reader finds it on paper, as findings begin: "Figure 7, ABH, FAT
        Outcomes 2024", "Section 2.1 'HM Prison and Probation Service'", "Footnote 4"."""
        parts = [self.row, self.column]
        if self.figure is not None and (any(parts) or not self.section):
            return ", ".join(p for p in (f"Figure {self.figure}", *parts) if p)
        if self.section:
            if self.section.startswith("footnote "):
                return self.section.capitalize()
            m = _NUMBERED.match(self.section)
            if m:
                return f"Section {m['number']} '{m['title']}'"
            return f"Section '{self.section}'"
        return "The text"

    def but(self, **changes: object) -> Where:
        """A copy with some fields replaced (validated through the constructor)."""
        data = self.model_dump()
        data.update(changes)
        return Where(**data)

    def findings_dict(self) -> dict[str, object]:
        """The ``where`` object of DESIGN.md's findings JSON: only the keys that apply."""
        out: dict[str, object] = {}
        for key in ("figure", "table", "row", "column", "section"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.source is not None:
            out["source"] = self.source
        for key in ("quote", "page"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


_NUMBERED = re.compile(r"(?P<number>\d+(?:\.\d+)*) (?P<title>.+)$")

NOWHERE = Where()
