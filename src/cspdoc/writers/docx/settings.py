"""The settings part: what the schema requires of the parts of it a template may leave
out (a council's template is often written by tools more lenient than Word)."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn


def complete(settings: Any) -> None:
    """``w:zoom`` must give a ``w:percent`` (ECMA-376 Part 1, 17.15.1.94): 100 when the
    template leaves it out, as Word writes for a "best fit" zoom."""
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
