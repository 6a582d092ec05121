"""Report → HTML through the Jinja2 house template: the PDF's source, or a page to publish.

``render_html`` gives the paged document WeasyPrint lays out (footnotes float to the foot
of their page); ``write_html`` writes a standalone, accessible page for the screen (notes
listed at the end, the screen stylesheet and any images inside the file). A chart is an
``img`` of its SVG (a data: URL, ``chart_images``) with the chart's alt text; the screen
page follows it with the plotted values as a table, for readers who cannot see it.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from cspdoc.errors import CspdocError, TemplateError
from cspdoc.model import Chart, Image, Inlines, Report, Table, plain_text
from cspdoc.resources import templates_dir
from cspdoc.writers import charts, images
from cspdoc.writers.assets import LocalFiles
from cspdoc.writers.columns import Setting, plan
from cspdoc.writers.contents import figure_lists, section_entries
from cspdoc.writers.cover import cover_fields, draft_marking
from cspdoc.writers.geometry import Geometry, house_geometry
from cspdoc.writers.panels import Breaks
from cspdoc.writers.symbols import symbols_line

TEMPLATE = "committee.html"
PRINT_CSS = "committee.css"
SCREEN_CSS = "committee-screen.css"

_SAFE_URL = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def environment(folder: Path | None = None) -> SandboxedEnvironment:
    """A sandboxed, autoescaping Jinja environment over the templates folder."""
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(folder or templates_dir())),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class TableLayout:
    """How a table is laid out (not what it says): CSS column widths in column order,
    ``width_class`` ("compact" or "compact landscape" for tables set in smaller type)
    and the header labels with the soft hyphens both documents break them at."""

    widths: tuple[str, ...]
    width_class: str
    labels: tuple[Inlines, ...]


def table_layout(table: Table, geometry: Geometry | None = None) -> TableLayout:
    """The table's plan (``columns.plan``, the same as the Word table's) for CSS.
    Layout only: no figure of the paper is touched."""
    shape = plan(table, geometry or house_geometry())
    width_class = {Setting.REGULAR: "", Setting.COMPACT: "compact",
                   Setting.LANDSCAPE: "compact landscape"}[shape.setting]
    return TableLayout(shape.percentages(), width_class, shape.labels)


def safe_url(url: str) -> bool:
    """Whether a link may be printed as a link (http, https, mailto; never javascript:)."""
    return bool(_SAFE_URL.match(url))


def chart_images(report: Report) -> dict[str, str]:
    """Each chart's SVG as a data: URL, by figure id (each chart drawn once)."""
    return {fig.id: "data:image/svg+xml;base64," + base64.b64encode(
        charts.svg(fig, report.table(fig.table))).decode("ascii")
        for fig in report.figures() if isinstance(fig, Chart)}


def render_html(report: Report, *, paged: bool = True, stylesheet: str | None = None,
                styles: str | None = None,
                image_src: Callable[[Image], str] | None = None,
                chart_urls: Mapping[str, str] | None = None,
                folder: Path | None = None, review: str | None = None) -> str:
    """The paper as one HTML document.

    ``paged``: footnotes float to the foot of their page (for WeasyPrint); otherwise they
    are listed at the end. ``stylesheet`` is linked, ``styles`` inlined. ``image_src``
    gives each available image's URL (default: its ``src`` as written, relative to the
    report folder); ``chart_urls`` each chart's, by id (default: ``chart_images``);
    ``review`` the reviewer's summary, already rendered (``writers.review``).
    """
    if styles is not None and "</" in styles:
        raise TemplateError("an inlined stylesheet cannot contain '</'")
    env = environment(folder)
    geometry = house_geometry(folder)
    urls = chart_urls if chart_urls is not None else chart_images(report)
    try:
        template = env.get_template(TEMPLATE)
        return template.render(
            report=report, meta=report.meta, paged=paged, stylesheet=stylesheet,
            # Our own stylesheet, inside <style>: HTML escaping would break its selectors.
            styles=Markup(styles) if styles is not None else None,
            cover=cover_fields(report.meta), draft=draft_marking(report.meta),
            contents=section_entries(report), figure_lists=figure_lists(report),
            breaks=Breaks(report, geometry),
            layout=lambda table: table_layout(table, geometry),
            safe_url=safe_url, plain_text=plain_text, symbols_line=symbols_line,
            image_src=image_src or (lambda image: image.src or ""),
            chart_src=lambda chart: urls[chart.id],
            chart_data=lambda chart: charts.chart_data(chart, report.table(chart.table)),
            review=Markup(review) if review is not None else None)
    except CspdocError:
        raise
    except Exception as exc:  # a placeholder the model cannot fill, a template bug
        raise TemplateError(f"{TEMPLATE}: {type(exc).__name__}: {exc}") from exc


def embedded_image(report: Report, files: LocalFiles, base: Path) -> Callable[[Image], str]:
    """An ``image_src`` that puts each image inside the page as a data: URL, read and
    decoded (an SVG sanitised) by ``images``."""
    urls = {p.figure.id: f"data:{p.mime};base64,{base64.b64encode(p.data).decode('ascii')}"
            for p in images.pictures(report, files, base)}
    return lambda image: urls[image.id]


def write_html(report: Report, path: Path, report_dir: Path | None = None, *,
               extra_css: str = "", review: str | None = None) -> None:
    """Write a standalone page for the screen at ``path``: one file, nothing to fetch
    (``extra_css`` and ``review``: the reviewer's copy, ``writers.review``)."""
    folder = templates_dir()
    base = (report_dir or Path.cwd()).resolve()
    files = LocalFiles([base, folder], data_limit=0)
    styles = (folder / SCREEN_CSS).read_text(encoding="utf-8") + extra_css
    html = render_html(report, paged=False, styles=styles,
                       image_src=embedded_image(report, files, base), folder=folder,
                       review=review)
    path.write_text(html, encoding="utf-8", newline="\n")
