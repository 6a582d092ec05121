"""Where the house templates are: inside the installed package, or this source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "templates"
_SOURCE_TREE = Path(__file__).resolve().parents[2] / "templates"


def templates_dir() -> Path:
    """The folder holding committee.html, committee.css and committee.docx.

    A wheel carries them as ``cspdoc/templates`` (hatch force-include); an editable
    install reads the repository's top-level ``templates/``.
    """
    for candidate in (_PACKAGED, _SOURCE_TREE):
        if (candidate / "committee.html").is_file():
            return candidate
    raise FileNotFoundError("cspdoc's templates are missing from this installation")
