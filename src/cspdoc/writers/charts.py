"""Charts: a Chart and the table it draws from, drawn with matplotlib as SVG (for the PDF
and the HTML page) and PNG (for the DOCX); the same input gives the same bytes.

Step 1  ``chart_data``: the categories, and for each series the values its cells hold
        (an Input's or Stated value, a Derived value as computed) with the text the table
        prints; a missing cell, or one with no value, is a gap (None), never zero
Step 2  ``draw``: a matplotlib Figure in the house look (Liberation Sans, the house blue,
        a light grid, a legend when there is more than one series), the text width of
        an A4 page wide
Step 3  ``svg`` / ``png``: the figure through matplotlib's SVG or Agg canvas, chosen
        explicitly (no pyplot, no global backend, no display), with no date, no creator
        and a fixed hash salt, so nothing in the bytes depends on the clock

matplotlib is imported inside Step 2 and 3 only, so a report without charts never
loads it. Nothing here computes or rounds a figure of the paper: value labels print the
table's own text, and axis ticks (a scale, not figures) are set through numbers.py.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cspdoc.model import (
    Chart,
    ChartKind,
    Derived,
    Input,
    Missing,
    RowKind,
    Stated,
    Table,
    TextCell,
    plain_text,
)
from cspdoc.numbers import Unit, decimal_from_float, format_quantity, round_half_away

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MM_PER_INCH = Decimal("25.4")
WIDTH_MM = 170  # the text width of an A4 page with 20 mm margins (committee.css, DOCX)
COLUMN_HEIGHT_MM = 85
PNG_DPI = 200
HASH_SALT = "cspdoc"  # SVG clip-path ids: the same for the same chart, on every run

INK = "#0b0c0c"
GREY = "#505a5f"
GRID = "#d0d5dc"
AXIS = "#767676"
# The house blue first (committee.css headings), then colours that each keep 3:1
# contrast with white and differ in lightness, so neighbouring series stay apart in
# greyscale too; lines also differ by marker.
PALETTE = ("#1d3c6e", "#4f86c6", "#b35900", "#2e7d32", "#6d4c8d", "#505a5f")
MARKERS = ("o", "s", "^", "D", "v", "P")
FONTS = ["Liberation Sans", "Arial", "DejaVu Sans"]
TEXT_PT = 8.5
LABEL_PT = 7.5
NO_DATA = "no data"


@dataclass(frozen=True)
class Series:
    """One series: its column's key and label, and per category the value its cell holds
    (None for a gap) and the cell's text as the table prints it."""

    key: str
    label: str
    values: tuple[Decimal | Fraction | None, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class ChartData:
    """What a chart shows: the categories (the ``x`` column's text, one per row plotted),
    the series, and the unit of the value axis."""

    kind: ChartKind
    x_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: Unit
    labels: bool


def plotted_rows(chart: Chart, table: Table) -> list[Any]:
    """The rows a chart plots: those listed in ``rows``, else the data rows (no totals)."""
    if chart.rows is not None:
        by_id = {row.id: row for row in table.rows}
        return [by_id[row_id] for row_id in chart.rows]
    return [row for row in table.rows if row.kind == RowKind.DATA]


def _value(cell: object) -> Decimal | Fraction | None:
    if isinstance(cell, Input | Stated | Derived):
        return cell.value
    return None


def _text(cell: object) -> str:
    if isinstance(cell, Input):
        return cell.display if cell.display is not None else cell.text
    if isinstance(cell, Stated | Missing):
        return cell.display
    if isinstance(cell, Derived):
        return cell.display or ""
    return ""


def chart_data(chart: Chart, table: Table) -> ChartData:
    """Step 1: the values a chart plots, read from its (computed, presented) table."""
    rows = plotted_rows(chart, table)
    x = table.column_index(chart.x)
    categories = tuple(plain_text(cell.content) if isinstance(cell, TextCell) else row.id
                       for row in rows for cell in (row.cells[x],))
    series = []
    for key in chart.series:
        col = table.column(key)
        index = table.column_index(key)
        cells = [row.cells[index] for row in rows]
        series.append(Series(key=key, label=col.label_text or key,
                             values=tuple(_value(c) for c in cells),
                             texts=tuple(_text(c) for c in cells)))
    unit = table.column(chart.series[0]).kind.unit
    return ChartData(kind=chart.kind, x_label=table.column(chart.x).label_text,
                     categories=categories, series=tuple(series), unit=unit,
                     labels=chart.labels)


# ---------------------------------------------------------------------------- drawing


def _inches(mm: int | Decimal) -> float:
    return float(Decimal(mm) / MM_PER_INCH)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=max(width, 6), break_long_words=False)) or text


def _places(value: float) -> int:
    """Decimals a tick value needs (0.25 → 2), to six at most."""
    exponent = round_half_away(decimal_from_float(value), 6).normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def _tick_formatter(unit: Unit) -> Any:
    """Axis ticks in the house format (``1,500``, ``20%``, ``£2,000``) through
    numbers.py, each with as many decimals as the finest tick needs."""
    from matplotlib.ticker import Formatter

    class HouseTicks(Formatter):
        places = 0

        def set_locs(self, locs: Any) -> None:
            super().set_locs(locs)
            self.places = max((_places(float(v)) for v in locs), default=0)

        def __call__(self, x: float, pos: object = None) -> str:
            return format_quantity(decimal_from_float(float(x)), unit, self.places)

    return HouseTicks()


def _height_mm(data: ChartData) -> int:
    if data.kind != ChartKind.BAR:
        return COLUMN_HEIGHT_MM
    slot = max(7, 4 * len(data.series) + 3)  # mm per category
    return 22 + slot * len(data.categories)


def draw(data: ChartData) -> Figure:
    """Step 2: the chart as a matplotlib Figure (drawn inside ``_save``'s rc_context)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(_inches(WIDTH_MM), _inches(_height_mm(data))), layout="constrained",
                 facecolor="white")
    ax = fig.add_subplot()
    n = len(data.categories)
    horizontal = data.kind == ChartKind.BAR
    if data.kind == ChartKind.LINE:
        _lines(ax, data)
    else:
        _bars(ax, data, horizontal)
    value_axis = ax.xaxis if horizontal else ax.yaxis
    category_axis = ax.yaxis if horizontal else ax.xaxis
    whole = data.unit in (Unit.COUNT, Unit.MONEY)
    value_axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=whole,
                                                 min_n_ticks=3))
    value_axis.set_major_formatter(_tick_formatter(data.unit))
    width = 26 if horizontal else int(160 / max(n, 1) / 1.9)  # characters per line
    category_axis.set_ticks(range(n), [_wrap(c, width) for c in data.categories])
    _style(ax, horizontal)
    if len(data.series) > 1:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncols=min(len(data.series), 4),
                  frameon=False, handlelength=1.2, columnspacing=1.6, borderaxespad=0.2)
    elif horizontal:
        ax.set_xlabel(data.series[0].label)
    else:
        ax.set_ylabel(data.series[0].label)
    return fig


def _bars(ax: Any, data: ChartData, horizontal: bool) -> None:
    count = len(data.series)
    group = 0.8
    size = group / count
    for s, series in enumerate(data.series):
        offset = -group / 2 + size * (s + 0.5)
        at = [i + offset for i, v in enumerate(series.values) if v is not None]
        heights = [float(v) for v in series.values if v is not None]
        texts = [t for t, v in zip(series.texts, series.values, strict=True) if v is not None]
        colour = PALETTE[s % len(PALETTE)]
        draw_bars = ax.barh if horizontal else ax.bar
        bars = draw_bars(at, heights, size * 0.92, color=colour, label=series.label,
                         zorder=2)
        if data.labels:
            ax.bar_label(bars, labels=texts, padding=2, fontsize=LABEL_PT, color=INK)
        for i, value in enumerate(series.values):
            if value is None:  # a gap: said in words (or its code), never read as zero
                gap = series.texts[i] if series.texts[i].startswith("[") else NO_DATA
                ax.text(*((0, i + offset) if horizontal else (i + offset, 0)), gap,
                        rotation=0 if horizontal else 90, fontsize=LABEL_PT - 1,
                        color=GREY, style="italic", ha="left" if horizontal else "center",
                        va="center" if horizontal else "bottom", zorder=3)
    if horizontal:
        ax.invert_yaxis()  # the table's first row at the top
    (ax.axvline if horizontal else ax.axhline)(0, color=AXIS, linewidth=0.75, zorder=2)


def _lines(ax: Any, data: ChartData) -> None:
    for s, series in enumerate(data.series):
        ys = [float(v) if v is not None else float("nan") for v in series.values]
        colour = PALETTE[s % len(PALETTE)]
        ax.plot(range(len(ys)), ys, color=colour, marker=MARKERS[s % len(MARKERS)],
                markersize=4.5, linewidth=1.75, label=series.label, zorder=2)
        if data.labels:
            for i, (value, text) in enumerate(zip(series.values, series.texts,
                                                  strict=True)):
                if value is not None:
                    ax.annotate(text, (i, float(value)), textcoords="offset points",
                                xytext=(0, 5), ha="center", fontsize=LABEL_PT, color=INK)
    ax.set_ylim(bottom=min(0.0, ax.get_ylim()[0]))
    ax.set_xlim(-0.5, len(data.categories) - 0.5)


def _style(ax: Any, horizontal: bool) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left" if not horizontal else "bottom"].set_visible(False)
    ax.grid(axis="x" if horizontal else "y", color=GRID, linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(axis="both", length=0, pad=4)
    ax.margins(**({"x": 0.08} if horizontal else {"y": 0.08}))


# ---------------------------------------------------------------------------- output


def _save(data: ChartData, fmt: str, **options: Any) -> bytes:
    import matplotlib

    with matplotlib.rc_context({
        "font.family": "sans-serif", "font.sans-serif": FONTS, "font.size": TEXT_PT,
        "text.color": INK, "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
        "axes.edgecolor": AXIS, "axes.linewidth": 0.75, "svg.hashsalt": HASH_SALT,
        "svg.fonttype": "path", "axes.unicode_minus": False,
    }):
        fig = draw(data)
        out = io.BytesIO()
        fig.savefig(out, format=fmt, backend="agg" if fmt == "png" else "svg", **options)
    return out.getvalue()


def svg(chart: Chart, table: Table) -> bytes:
    """Step 3: the chart as SVG, text drawn as paths (the same in every viewer)."""
    return _save(chart_data(chart, table), "svg",
                 metadata={"Date": None, "Creator": None})


def png(chart: Chart, table: Table) -> bytes:
    """Step 3: the chart as a PNG at ``PNG_DPI`` (for Word, which prints it)."""
    return _save(chart_data(chart, table), "png", dpi=PNG_DPI,
                 metadata={"Software": None})
