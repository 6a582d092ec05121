"""Where: the one location type, from a file and line to a figure, row and column."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Where(BaseModel):
    """A place in the report's inputs and in the document; every field is optional.

    ``file`` and ``line`` say where the value was typed (``line`` is 1-based: a YAML
    line, a CSV or XLSX row); the rest say where it stands in the paper.
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

    @property
    def source(self) -> str | None:
        """``file:line`` (or just the file), as findings and error messages print it."""
        if self.file is None:
            return None
        return f"{self.file}:{self.line}" if self.line is not None else self.file

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
        return out


NOWHERE = Where()
