"""HTML → PDF with WeasyPrint: paged, tagged (PDF/UA-1), fetching nothing but our files.

Step 1  read and decode each image figure (``images``); render the paged HTML
        (``html.render_html``)
Step 2  lay it out (WeasyPrint), every URL through ``fetcher.LocalFetcher``, each
        footnote kept on the page of its reference (``footnotes``); an image WeasyPrint
        could not load is an error naming the figure, never a page without it
Step 3  write the PDF, mending the structure tree on the way (``tags``)
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cspdoc.errors import CspdocError, ResourceError
from cspdoc.model import Report
from cspdoc.resources import templates_dir
from cspdoc.writers import images
from cspdoc.writers.assets import LocalFiles
from cspdoc.writers.html import PRINT_CSS, chart_images, render_html

PDF_VARIANT = "pdf/ua-1"
_IMAGE_FAILURES = ("Failed to load image", "Failed to render SVG image")


class _ImageFailures(logging.Handler):
    """Keeps WeasyPrint's reports of an image it could not load (it only logs them)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.failures: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(_IMAGE_FAILURES):
            self.failures.append(record.getMessage())


@contextmanager
def _image_failures() -> Iterator[_ImageFailures]:
    handler = _ImageFailures()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _failed_figure(message: str, urls: dict[str, images.Picture]) -> ResourceError:
    for url, picture in urls.items():
        if url in message:
            return images.refused(picture.figure, "WeasyPrint cannot draw it in the PDF")
    return ResourceError(f"the PDF cannot show an image: {message}")


class _PageCounter(logging.Handler):
    """Hears WeasyPrint's "Creating layout - Page N" and passes N on."""

    def __init__(self, on_page: Callable[[int], None]) -> None:
        super().__init__(logging.INFO)
        self.on_page = on_page

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if record.msg == "Step 5 - Creating layout - Page %d" and isinstance(args, tuple) \
                and args and isinstance(args[0], int):
            self.on_page(args[0])


@contextmanager
def _pages(on_page: Callable[[int], None] | None) -> Iterator[None]:
    if on_page is None:
        yield
        return
    logger = logging.getLogger("weasyprint.progress")
    handler, saved = _PageCounter(on_page), (logger.level, logger.propagate)
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:  # heard by us, not printed
        logger.setLevel(logging.INFO)
        logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])  # setLevel, not .level: it clears the logger's cache
        logger.propagate = saved[1]


def render_document(report: Report, report_dir: Path | None = None, *,
                    on_page: Callable[[int], None] | None = None) -> Any:
    """Steps 1-2: the laid-out ``weasyprint.Document``; images resolve inside
    ``report_dir``, charts are drawn into the page (``html.chart_images``). Raises
    ResourceError for anything it will not fetch. ``on_page(n)`` hears each page as
    it is laid out."""
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a while
    from weasyprint.urls import FatalURLFetchingError

    from cspdoc.writers.fetcher import LocalFetcher
    from cspdoc.writers.footnotes import same_page_footnotes

    folder = templates_dir()
    base = (report_dir or Path.cwd()).resolve()
    charts = chart_images(report)
    files = LocalFiles([base, folder], generated=charts.values())
    # Each picture at a URL of its own, served as decoded and sanitised (not re-read).
    urls = {f"file:///cspdoc-image/{n}/{p.figure.id}": p
            for n, p in enumerate(images.pictures(report, files, base))}
    by_id = {p.figure.id: url for url, p in urls.items()}
    html = render_html(report, paged=True, stylesheet=(folder / PRINT_CSS).as_uri(),
                       chart_urls=charts, folder=folder,
                       image_src=lambda image: by_id[image.id])
    fetcher = LocalFetcher(files, {url: (p.data, p.mime) for url, p in urls.items()})
    try:
        with same_page_footnotes(), _image_failures() as failed, _pages(on_page):
            document = HTML(string=html, base_url=base.as_uri() + "/",
                            url_fetcher=fetcher).render()
    except FatalURLFetchingError as exc:
        if isinstance(exc.__cause__, CspdocError):
            raise exc.__cause__ from None
        raise
    if failed.failures:
        raise _failed_figure(failed.failures[0], urls)
    return document


def page_numbers(document: Any) -> dict[str, int]:
    """Each anchor (an element id: ``sec-<id>``, ``cap-<id>``) → the page it is on,
    counting from 1, in a laid-out ``weasyprint.Document``."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


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


def write_pdf(report: Report, path: Path, report_dir: Path | None = None, *,
              on_page: Callable[[int], None] | None = None) -> list[str]:
    """Render ``report`` to a tagged PDF at ``path`` (``on_page`` as render_document);
    returns each page's text."""
    document = render_document(report, report_dir, on_page=on_page)
    # Layout leaves much cyclic garbage; collected now, writing the PDF reuses its memory
    # instead of adding to it (peak 366 -> 307 MB for a 117-page paper).
    gc.collect()
    write_document(document, path)
    return page_texts(document)
