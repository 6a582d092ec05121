"""Table column widths, planned once for both documents from the shared geometry.

Widths come from the text each column must hold, measured with Arial's advance widths
(Liberation Sans has the same metrics): a column is never narrower than its longest word
(a header word of 11 letters or more may break at a soft hyphen, as both documents
allow, with 5 letters either side), number columns are as wide as their widest figure,
text columns share what is left by the column's ``width`` weight. A table of 8 columns
or more, or one whose words do not fit the text width in the regular type, is set in
the compact type; one that fits neither goes on a landscape page (``Setting``).

The PDF gives the widths as percentages (``percentages``), the DOCX in twips
(``twips``); both print the header labels with the same soft hyphens (``labels``).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from cspdoc.model import Column, Inlines, Row, Table, Text, TextCell, plain_text
from cspdoc.writers.geometry import Geometry

SOFT_HYPHEN = "\u00ad"
COMPACT_FROM = 8  # columns
_HYPHENATE_FROM = 11  # letters, with at least 5 on either side of a break
_HYPHENATE_KEEP = 5
_BOLD = 1.06  # Arial Bold is about this much wider than Arial

# Arial advance widths in thousandths of an em (Liberation Sans is metric-compatible).
_WIDTHS: dict[str, int] = {}
for _chars, _w in (("ijl|", 222), ("ft.,:;!'/ I[]", 278), ("r()-", 333), ("\"", 355),
                   ("*", 389), ("^", 469), ("Jcksvxyz", 500), ("Lo", 556),
                   ("abdeghnpqu0123456789$#?_", 556), ("FTZ", 611), ("+<>=~", 584),
                   ("ABEKPSVXY&", 667), ("CDHNRUw", 722), ("GOQ", 778), ("Mm", 833),
                   ("%", 889), ("W", 944), ("@", 1015)):
    for _c in _chars:
        _WIDTHS[_c] = _w
_OTHER = 600


def text_width(text: str, points: float, *, bold: bool = False) -> float:
    """The width of ``text`` set in Arial at ``points``, in points (a soft hyphen counts
    only where the text breaks, so not at all here)."""
    em = math.fsum(_WIDTHS.get(c, _OTHER) for c in text if c != SOFT_HYPHEN) / 1000
    return em * points * (_BOLD if bold else 1.0)


class Setting(StrEnum):
    """How a table is set: regular type, compact type, or compact on a landscape page."""

    REGULAR = "regular"
    COMPACT = "compact"
    LANDSCAPE = "landscape"


@dataclass(frozen=True)
class TablePlan:
    """Column widths in points (they fill the text width the table is set in), the
    setting, and the header labels with their soft hyphens."""

    widths: tuple[float, ...]
    setting: Setting
    labels: tuple[Inlines, ...]

    @property
    def compact(self) -> bool:
        return self.setting is not Setting.REGULAR

    def percentages(self) -> tuple[str, ...]:
        """Each width as a CSS percentage of the table's width."""
        total = math.fsum(self.widths)
        return tuple(f"{w * 100 / total:.3f}%" for w in self.widths)

    def twips(self, width: int) -> tuple[int, ...]:
        """Each width in twips, summing to exactly ``width`` twips."""
        total = math.fsum(self.widths)
        edges = [round(math.fsum(self.widths[:i]) * width / total)
                 for i in range(len(self.widths) + 1)]  # each within a twip of its place
        return tuple(b - a for a, b in itertools.pairwise(edges))


@cache
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_GB", left=_HYPHENATE_KEEP, right=_HYPHENATE_KEEP)


def hyphenate(text: str) -> str:
    """``text`` with soft hyphens where its long words may break."""
    words = text.split(" ")
    return " ".join(_hyphenator().inserted(w, SOFT_HYPHEN) if len(w) >= _HYPHENATE_FROM
                    else w for w in words)


def _hyphenated_label(label: Inlines) -> Inlines:
    """The label with soft hyphens in its plain text (emphasis, notes kept as they are)."""
    return tuple(Text(text=hyphenate(n.text)) if isinstance(n, Text) else n for n in label)


def _pieces(text: str) -> list[str]:
    """What cannot break inside: the words, cut at their soft hyphens (each piece but
    the last then ends with the hyphen printed)."""
    out: list[str] = []
    for word in text.split() or [""]:
        parts = word.split(SOFT_HYPHEN)
        out.extend([p + "-" for p in parts[:-1]] + [parts[-1]])
    return out


def _cell_text(cell: object) -> str:
    if isinstance(cell, TextCell):
        return plain_text(cell.content)
    return getattr(cell, "display", None) or ""


def _sizes(geometry: Geometry, setting: Setting) -> tuple[float, float, float]:
    """Body type, header type and cell padding (each side) for ``setting``."""
    if setting is Setting.REGULAR:
        return geometry.table_size, geometry.table_size, geometry.cell_padding_x
    return (geometry.compact_table_size, geometry.compact_heading_size,
            geometry.compact_cell_padding_x)


def _measure(table: Table, labels: tuple[Inlines, ...], geometry: Geometry,
             setting: Setting) -> tuple[list[float], list[float]]:
    """Each column's minimum and preferred width in ``setting``."""
    body, head, padding = _sizes(geometry, setting)
    minimum: list[float] = []
    preferred: list[float] = []
    rows: tuple[Row, ...] = table.rows
    for index, column in enumerate(table.columns):
        header = plain_text(labels[index])
        cells = [_cell_text(row.cells[index]) for row in rows]
        longest = max([text_width(p, head, bold=True) for p in _pieces(header)] +
                      [text_width(w, body, bold=True) for c in cells for w in c.split()])
        full = max([text_width(c, body, bold=True) for c in cells] + [0.0])
        pad = 2 * padding + 1.5  # both sides, and a little air
        if column.kind.is_text:
            minimum.append(longest + pad)
            preferred.append(max(full, longest) + pad)
        else:  # a number never wraps; its header would rather not either
            need = max(longest, full) + pad
            minimum.append(need)
            preferred.append(max(need, text_width(header.replace(SOFT_HYPHEN, ""), head,
                                                  bold=True) + pad))
    return minimum, preferred


def plan(table: Table, geometry: Geometry, text_width_pt: float | None = None) -> TablePlan:
    """The plan for ``table`` in a text column ``text_width_pt`` wide (default: the
    geometry's portrait text width)."""
    portrait = text_width_pt if text_width_pt is not None else geometry.text_width
    landscape = portrait + geometry.landscape_text_width - geometry.text_width
    labels = tuple(_hyphenated_label(c.label) for c in table.columns)
    minimum, preferred = _measure(table, labels, geometry, Setting.REGULAR)
    if len(table.columns) < COMPACT_FROM and math.fsum(minimum) <= portrait:
        setting, available = Setting.REGULAR, portrait
    else:
        minimum, preferred = _measure(table, labels, geometry, Setting.COMPACT)
        if math.fsum(minimum) <= portrait:
            setting, available = Setting.COMPACT, portrait
        else:
            setting, available = Setting.LANDSCAPE, landscape
    widths = _share(table.columns, minimum, preferred, available)
    return TablePlan(widths, setting, labels)


def _share(columns: tuple[Column, ...], minimum: list[float], preferred: list[float],
           available: float) -> tuple[float, ...]:
    """Minimum widths first; then number columns grow towards one-line headers (with at
    most a sixth of the room left when there are text columns); then text columns share
    the rest by their ``width`` weight, none beyond its longest line until all have it."""
    if math.fsum(minimum) >= available:  # squeeze every column alike
        scale = available / math.fsum(minimum)
        return tuple(m * scale for m in minimum)
    weights = [float(c.width) if c.width is not None else 1.0 for c in columns]
    numbers = [i for i, c in enumerate(columns) if not c.kind.is_text]
    text = [i for i, c in enumerate(columns) if c.kind.is_text] or numbers
    widths = list(minimum)
    spare = available - math.fsum(minimum)
    budget = spare / 6 if text is not numbers else spare
    spare -= _fill(widths, numbers, dict.fromkeys(numbers, 1.0), preferred, budget)
    spare -= _fill(widths, text, weights, preferred, spare)
    _fill(widths, text, weights, None, spare)
    return tuple(widths)


def _fill(widths: list[float], columns: list[int], weights: dict[int, float] | list[float],
          limit: list[float] | None, budget: float) -> float:
    """Pour ``budget`` into ``columns`` by weight, none beyond its ``limit``; returns what
    was poured."""
    poured = 0.0
    open_ = [i for i in columns if limit is None or widths[i] < limit[i]]
    while open_ and budget - poured > 0.01:
        total = math.fsum(weights[i] for i in open_)
        left = budget - poured
        for i in open_:
            extra = left * weights[i] / total
            if limit is not None:
                extra = min(extra, limit[i] - widths[i])
            widths[i] += extra
            poured += extra
        open_ = [i for i in open_ if limit is None or widths[i] < limit[i] - 0.01]
        if limit is None:
            break
    return poured
