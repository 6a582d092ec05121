"""HTML → PDF with WeasyPrint: paged, tagged (PDF/UA-1), fetching nothing but our files.

Step 1  render the paged HTML (``html.render_html``)
Step 2  lay it out (WeasyPrint), every URL through ``fetcher.LocalFetcher``, each
        footnote kept on the page of its reference (``footnotes``)
Step 3  write the PDF, mending the structure tree on the way (``tags``)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cspdoc.errors import CspdocError
from cspdoc.model import Image, Report
from cspdoc.resources import templates_dir
from cspdoc.where import Where
from cspdoc.writers.assets import LocalFiles
from cspdoc.writers.html import PRINT_CSS, chart_images, render_html

PDF_VARIANT = "pdf/ua-1"


def _origins(report: Report, base: Path) -> dict[str, Where]:
    """Each image's URL and where the report asked for it (for refusal messages)."""
    return {(base / fig.src).resolve().as_uri(): fig.where for fig in report.figures()
            if isinstance(fig, Image) and fig.src is not None}


def render_document(report: Report, report_dir: Path | None = None) -> Any:
    """Steps 1-2: the laid-out ``weasyprint.Document``; images resolve inside
    ``report_dir``, charts are drawn into the page (``html.chart_images``). Raises
    ResourceError for anything it will not fetch."""
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a while
    from weasyprint.urls import FatalURLFetchingError

    from cspdoc.writers.fetcher import LocalFetcher
    from cspdoc.writers.footnotes import same_page_footnotes

    folder = templates_dir()
    base = (report_dir or Path.cwd()).resolve()
    charts = chart_images(report)
    files = LocalFiles([base, folder], origins=_origins(report, base),
                       generated=charts.values())
    html = render_html(report, paged=True, stylesheet=(folder / PRINT_CSS).as_uri(),
                       chart_urls=charts, folder=folder)
    try:
        with same_page_footnotes():
            return HTML(string=html, base_url=base.as_uri() + "/",
                        url_fetcher=LocalFetcher(files)).render()
    except FatalURLFetchingError as exc:
        if isinstance(exc.__cause__, CspdocError):
            raise exc.__cause__ from None
        raise


def write_document(document: Any, path: Path) -> None:
    """Step 3: write a laid-out document as a tagged PDF, its structure tree mended."""
    from cspdoc.writers.pdf_tags import mend, recording

    with recording() as origins:
        document.write_pdf(str(path), pdf_variant=PDF_VARIANT,
                           finisher=lambda _document, pdf: mend(pdf, origins))


def page_texts(document: Any) -> list[str]:
    """The text of each laid-out page, in reading order (for ``pages.paginate``)."""
    from weasyprint.formatting_structure.boxes import TextBox

    return [" ".join(box.text for box in page._page_box.descendants()
                     if isinstance(box, TextBox)) for page in document.pages]


def write_pdf(report: Report, path: Path, report_dir: Path | None = None) -> list[str]:
    """Render ``report`` to a tagged PDF at ``path``; returns each page's text."""
    document = render_document(report, report_dir)
    write_document(document, path)
    return page_texts(document)
