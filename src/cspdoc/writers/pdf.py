"""HTML → PDF with WeasyPrint, fetching nothing but our own files."""

from __future__ import annotations

from pathlib import Path

from cspdoc.model import Report
from cspdoc.resources import templates_dir
from cspdoc.writers.html import render_html


def write_pdf(report: Report, path: Path, report_dir: Path | None = None) -> None:
    """Render ``report`` to a PDF at ``path``; images resolve inside ``report_dir``."""
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a second

    html = render_html(report, stylesheet=(templates_dir() / "committee.css").as_uri())
    base = (report_dir or Path.cwd()).resolve().as_uri() + "/"
    HTML(string=html, base_url=base).write_pdf(str(path))
