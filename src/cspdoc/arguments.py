"""What the Python API's entry points accept, checked before any work is done.

A script that passes the wrong thing gets a ``UsageError`` that says what to pass,
never a ``TypeError`` from deep inside (``Path(None)``) or a format read letter by
letter (``formats="pdf"`` once meant the formats "p", "d" and "f").
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cspdoc.errors import UsageError
from cspdoc.model import Report

FORMATS = ("docx", "pdf", "html", "xlsx", "review")


def _kind(value: object) -> str:
    return "None" if value is None else type(value).__name__


def report_source(source: object, verb: str) -> Path | Report:
    """A report folder (a path) or a Report; anything else is a UsageError."""
    if isinstance(source, Report):
        return source
    if isinstance(source, str | os.PathLike):
        return Path(source)
    raise UsageError(f"{verb}() takes a report folder (a path) or a Report, not "
                     f"{_kind(source)}")


def folder_path(value: object, what: str) -> Path:
    """A path given as str or os.PathLike."""
    if isinstance(value, str | os.PathLike) and str(value):
        return Path(value)
    raise UsageError(f"{what} must be a folder path, not {_kind(value)}")


def optional_path(value: object, what: str) -> Path | None:
    """None, or a path given as str or os.PathLike."""
    if value is None:
        return None
    if isinstance(value, str | os.PathLike) and str(value):
        return Path(value)
    raise UsageError(f"{what} must be a path or None, not {_kind(value)}")


def output_formats(formats: object) -> tuple[str, ...]:
    """``"pdf"`` or ``["docx", "pdf"]`` as a tuple of known formats, in order, once each."""
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, Iterable):
        raise UsageError(f"formats must be a format name or a list of them "
                         f"({', '.join(FORMATS)}), not {_kind(formats)}")
    out: list[str] = []
    for fmt in formats:
        if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
            raise UsageError(f"unknown output format {fmt!r} (formats: {', '.join(FORMATS)})")
        if fmt.lower() not in out:
            out.append(fmt.lower())
    if not out:
        raise UsageError(f"formats is empty: name at least one of {', '.join(FORMATS)}")
    return tuple(out)


def optional_text(value: object, what: str) -> str | None:
    """None, or a non-blank string (a reason, a name)."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return value
    raise UsageError(f"{what} must be a non-empty string or None, not {value!r}")
