"""Report → HTML through the Jinja2 house template (the PDF is printed from this HTML)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from cspdoc.model import Report
from cspdoc.resources import templates_dir


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


def render_html(report: Report, *, stylesheet: str = "committee.css",
                folder: Path | None = None) -> str:
    """The paper as one HTML document; ``stylesheet`` is linked relative to the templates."""
    env = environment(folder)
    template = env.get_template("committee.html")
    return template.render(report=report, meta=report.meta, stylesheet=stylesheet)
