"""Reading a text file of the report folder: bounded in size, UTF-8, and holding only
characters a document can carry; every refusal names the file and the line."""

from __future__ import annotations

from pathlib import Path

from cspdoc.errors import InputError
from cspdoc.limits import bad_character, size_message
from cspdoc.where import Where


def read_text(path: Path, display: str, limit: int, what: str) -> str:
    """The text of ``path`` (shown as ``display``), a BOM dropped; an InputError when it
    is missing, a folder, over ``limit`` bytes, not UTF-8, or holds a character XML
    cannot (``what`` names the kind of file in messages: "a Markdown file")."""
    here = Where(file=display)
    if path.is_dir():
        raise InputError(f"this is a folder, not {what}", here)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(size_message(size, limit, what), here.but(line=1))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", here) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", here) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                         here.but(line=line)) from None
    check_characters(text, here.but(line=1))
    return text


def check_characters(text: str, where: Where) -> None:
    """An InputError at the line of the first character a document cannot carry
    (``where.line`` is the line ``text`` starts on)."""
    found = bad_character(text)
    if found is None:
        return
    pos, char = found
    line = where.line + text.count("\n", 0, pos) if where.line is not None else None
    raise InputError(f"the text holds {char}, which a Word document or PDF cannot carry; "
                     "delete it or retype the text", where.but(line=line))
