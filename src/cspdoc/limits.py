"""Bounds on what cspdoc reads, in one place, each with the reason for its value.

A committee paper is small: the Winchester paper's definition is 13 KB, its longest
narrative file 5 KB and its largest table 23 rows. The bounds below sit far above any
real paper and far below what would exhaust a machine, so a malformed or hostile input
stops with a located error (``file:line: field: message``) instead of a traceback, a
hang or a crash. Each is checked where the input is read (``readers/``, ``expr.py``,
the model); the messages quote the bound and say what it protects.
"""

from __future__ import annotations

import datetime as dt
import re

KIB = 1024
MIB = 1024 * KIB

# ---------------------------------------------------------------- file sizes

MAX_YAML_BYTES = 1 * MIB
"""report.yaml: 80 times the Winchester definition. ruamel's line-aware parser is pure
Python (about 10 s for 1 MiB on a CI runner), so this also bounds the time to read it."""

MAX_TEXT_BYTES = 2 * MIB
"""A Markdown narrative file: a few hundred pages of prose, 400 times the longest
Winchester narrative."""

MAX_TABLE_BYTES = 16 * MIB
"""A CSV or XLSX table file: far more rows than a paper can print (a table prints on
one or two pages), while still reading a council's whole export of a year."""

# ---------------------------------------------------------------- YAML structure

MAX_YAML_NODES = 200_000
"""Values in report.yaml once its aliases (``*name``) are expanded. An alias is a
pointer, so nine levels of nine aliases each ("billion laughs") stand for 387 million
values in a few hundred bytes; every reader of the definition expands them. 200,000 is
more than 1 MiB of plain YAML holds."""

MAX_YAML_DEPTH = 64
"""Nesting of mappings and lists in report.yaml (a real definition nests six deep).
ruamel builds the document recursively, and Python's stack ends near 1,000 levels."""

# ---------------------------------------------------------------- cells and numbers

MAX_CELL_CHARS = 32_767
"""Characters in one table cell: the most an Excel cell holds, so no real spreadsheet
export has a longer one. (Python's csv module stops at 131,072 with an unlocated
error.)"""

MAX_NUMBER_DIGITS = 15
"""Significant digits in a typed number: what Excel and every spreadsheet keep (a
double holds 15 to 17). Nothing a council counts needs more: a budget to the penny in
billions of pounds has 12. Longer numbers are typing errors, and their arithmetic would
outgrow the precision used to round them for print."""

# ---------------------------------------------------------------- expressions and text

MAX_EXPR_CHARS = 1_000
"""Characters in one expression (``{= ...}``, a column formula). The longest in the
Winchester paper has 61; a weighted mean of twenty pairs has about 600."""

MAX_EXPR_DEPTH = 32
"""Nesting in one expression: brackets, function calls, signs and chained operators
(``a + b + c`` nests two deep). The parser and evaluator recurse once per level."""

MAX_INLINE_DEPTH = 16
"""Nested inline markup (emphasis in a link in bold ...); nobody nests three deep."""

MAX_LIST_DEPTH = 6
"""Nested list levels: the levels the Word writer's list definitions give a bullet or a
number and an indent (``writers/docx/numbering.py``; Word itself stops at nine). A
deeper item would print with the wrong marker in Word."""

MAX_PROPERTY_CHARS = 255
"""Characters in a document property (title, subject, author, keywords, reference):
python-docx refuses longer core properties, and Word's own property fields hold 255."""

FIRST_PAPER_DATE = dt.date(1980, 1, 1)
LAST_PAPER_DATE = dt.date(2107, 12, 31)
"""The paper's own dates (meeting date, issue date) date every entry of the DOCX zip,
and a zip entry's date holds only the years 1980 to 2107 (the DOS date format)."""

# Characters a document cannot carry: what XML 1.0 cannot hold (Word and the PDF's
# HTML are XML: C0 controls other than tab, line feed and carriage return; U+FFFE,
# U+FFFF; unpaired surrogates), and DEL and the C1 controls, which XML allows but no
# font draws (they print as empty boxes; U+0092 is usually a Windows-1252 quote read as
# Latin-1).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def bad_character(text: str) -> tuple[int, str] | None:
    """The position and description of the first character a document cannot hold,
    or None: ``(3, "U+0000 (a NUL byte)")``."""
    m = _NOT_XML.search(text)
    if m is None:
        return None
    char = m.group(0)
    name = "a NUL byte" if char == "\x00" else "a control character"
    if char in "\ufffe\uffff":
        name = "a non-character"
    elif "\ud800" <= char <= "\udfff":
        name = "half a surrogate pair"
    return m.start(), f"U+{ord(char):04X} ({name})"


def bad_character_message(text: str) -> str | None:
    """A plain sentence about the first character a document cannot hold, or None."""
    found = bad_character(text)
    if found is None:
        return None
    return (f"holds {found[1]}, which a Word document or PDF cannot carry; "
            "delete it or retype the text")


_DIGIT_RUN = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")


def too_many_digits(text: str) -> str | None:
    """A plain sentence when a number in ``text`` has more significant digits than
    ``MAX_NUMBER_DIGITS``, else None (``text`` is a cell, a value or a stated figure)."""
    for run in _DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", run).lstrip("0")
        if len(digits) > MAX_NUMBER_DIGITS:
            return (f"the number {_short(run)} has {len(digits)} significant digits; "
                    f"cspdoc reads at most {MAX_NUMBER_DIGITS} (what a spreadsheet keeps)")
    return None


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}...{text[-10:]}"


def size_message(size: int, limit: int, what: str) -> str:
    """"the file is 3.2 MiB; a Markdown file may be at most 2 MiB" (for any bound)."""
    return f"the file is {_bytes(size)}; {what} may be at most {_bytes(limit)}"


def _bytes(n: int) -> str:
    if n >= MIB:
        return f"{n / MIB:.1f} MiB".replace(".0 ", " ")
    if n >= KIB:
        return f"{n / KIB:.1f} KiB".replace(".0 ", " ")
    return f"{n} bytes"
