"""Suggested bindings: the Markdown that turns a figure the verifier resolved into a
permanent check, and writing them into the report's own narrative files.

In: a Verification (its ``figures``, each with the binding the claim finder proposes).
Out: ``Suggestion``s, and with ``write_suggestions`` the files rewritten so that only the
suggested figures change: "61 (38.36%)" becomes
"{= probation.age_35_49} ([38.36%]{= pct(probation.age_35_49, probation.offenders)})".
A figure no table or value supports gets no suggestion: a binding is never made of a
value taken from the text itself. Files of a report this one ``extends`` are never written.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cspdoc.errors import OutputError
from cspdoc.findings import Verification
from cspdoc.transforms.claims.tokens import tokenize
from cspdoc.where import Where

# Spans of Markdown whose digits are not the text's figures: annotations, footnote and
# figure references, link targets, autolinks, code.
_MASK = re.compile(r"\[[^\]\n]*\]\{[^}\n]*\}|\{=[^}\n]*\}|\[\^[^\]\n]*\]|\[-?@[^\]\n]*\]"
                   r"|\]\([^)\n]*\)|<[^>\n]*>|`[^`\n]*`")


@dataclass(frozen=True)
class Suggestion:
    """One binding: ``text`` is the figure as printed, ``occurrence`` which of the
    unit's plain figures with that text it is (0 the first), ``markdown`` what replaces
    it; ``note`` says what it was checked against and ``status`` how it fared."""

    where: Where
    text: str
    occurrence: int
    markdown: str
    note: str
    status: str

    @property
    def line(self) -> str:
        return (f"{self.where.source or ''}: {self.text} -> {self.markdown}"
                f"{f'  ({self.note})' if self.note else ''}")

    def to_json(self) -> dict[str, object]:
        return {"source": self.where.source, "place": self.where.place, "stated": self.text,
                "markdown": self.markdown, "note": self.note, "status": self.status}


def suggestions(verification: Verification) -> list[Suggestion]:
    """Every resolved figure's binding, in reading order."""
    out = []
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for fig in verification.figures:
        if fig.token.source != "text":
            continue
        key = (fig.unit, fig.token.text)
        occurrence = seen[key]
        seen[key] += 1
        if fig.suggestion is None:
            continue
        out.append(Suggestion(fig.where, fig.token.text, occurrence, fig.suggestion,
                              fig.note or "", fig.status))
    return out


@dataclass
class Written:
    """What ``write_suggestions`` did: files rewritten, and suggestions it left alone
    with the reason."""

    files: list[Path]
    applied: int
    skipped: list[tuple[Suggestion, str]]


def write_suggestions(folder: Path, found: list[Suggestion]) -> Written:
    """Apply ``found`` to the Markdown and CSV files of the report ``folder`` itself."""
    root = folder.resolve()
    by_file: dict[Path, list[Suggestion]] = defaultdict(list)
    skipped: list[tuple[Suggestion, str]] = []
    for s in found:
        if s.where.file is None or s.where.line is None:
            skipped.append((s, "no source line"))
            continue
        path = (folder / s.where.file).resolve()
        if root not in path.parents:
            skipped.append((s, "in a report this one extends: bind it there"))
            continue
        by_file[path].append(s)
    for items in by_file.values():
        # Later occurrences first: replacing one never renumbers those before it.
        items.sort(key=lambda s: (s.where.line or 0, s.text, -s.occurrence))
    written: list[Path] = []
    applied = 0
    for path, items in sorted(by_file.items()):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        done = 0
        for s in items:
            apply = _apply_cell if path.suffix.lower() == ".csv" else _apply_block
            if apply(lines, s):
                done += 1
            else:
                skipped.append((s, "not found where expected in the file"))
        if done:
            new = "\n".join(lines)
            tmp = path.with_name(f".{path.name}.cspdoc-tmp")
            try:
                tmp.write_text(new, encoding="utf-8")
                tmp.replace(path)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise OutputError(f"cannot write {path}: {exc.strerror}",
                                  Where(file=str(path))) from exc
            written.append(path)
            applied += done
    return Written(written, applied, skipped)


def _occurrences(text: str, figure: str) -> list[tuple[int, int]]:
    """Where ``figure`` stands as a figure in Markdown source: read as the claim finder
    reads the text (so "24" in "2023/24" is not one), annotations and references masked."""
    masked = _MASK.sub(lambda m: " " * len(m.group(0)), text)
    return [(t.start, t.end) for t in tokenize(masked)
            if t.is_figure and not t.spelled and t.text == figure]


_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


def _block(lines: list[str], line: int) -> range:
    """The lines of the paragraph or list item that starts at ``line`` (1-based)."""
    start = line - 1
    end = start + 1
    while end < len(lines) and lines[end].strip() and not _ITEM.match(lines[end]) \
            and not lines[end].startswith("[^"):
        end += 1
    return range(start, end)


def _apply_block(lines: list[str], s: Suggestion) -> bool:
    assert s.where.line is not None
    rows = _block(lines, s.where.line)
    joined = "\n".join(lines[i] for i in rows)
    marker = _ITEM.match(joined)
    skip = marker.end() if marker else 0  # the list marker is not the item's text
    spans = [(a + skip, b + skip) for a, b in _occurrences(joined[skip:], s.text)]
    if s.occurrence >= len(spans):
        return False
    a, b = spans[s.occurrence]
    new = joined[:a] + s.markdown + joined[b:]
    new_lines = new.split("\n")
    lines[rows.start:rows.stop] = new_lines
    return True


def _apply_cell(lines: list[str], s: Suggestion) -> bool:
    """A comment cell of a CSV table: only that cell of that row changes (quoted when
    the binding brings a comma or a quote)."""
    assert s.where.line is not None
    i = s.where.line - 1
    if i >= len(lines):
        return False
    row = lines[i]
    cells = _cell_spans(row)
    header = next(csv.reader(io.StringIO(lines[0]))) if lines else []
    column = header.index(s.where.column) if s.where.column in header else None
    for k, (a, b) in enumerate(cells):
        if column is not None and k != column:
            continue
        raw = row[a:b]
        value = next(csv.reader(io.StringIO(raw))) if raw else [""]
        content = value[0] if value else ""
        spans = _occurrences(content, s.text)
        if s.occurrence >= len(spans):
            continue
        x, y = spans[s.occurrence]
        content = content[:x] + s.markdown + content[y:]
        cell = content if not re.search(r'[",\n]', content) else \
            '"' + content.replace('"', '""') + '"'
        lines[i] = row[:a] + cell + row[b:]
        return True
    return False


def _cell_spans(row: str) -> list[tuple[int, int]]:
    """Where each cell of one CSV line starts and ends (quotes respected)."""
    spans, start, quoted, i = [], 0, False, 0
    while i < len(row):
        ch = row[i]
        if ch == '"':
            if quoted and i + 1 < len(row) and row[i + 1] == '"':
                i += 2
                continue
            quoted = not quoted
        elif ch == "," and not quoted:
            spans.append((start, i))
            start = i + 1
        i += 1
    spans.append((start, len(row)))
    return spans


__all__ = ["Suggestion", "Written", "suggestions", "write_suggestions"]
