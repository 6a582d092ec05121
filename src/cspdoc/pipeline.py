"""The one orchestrator: read → check references → transforms in order → write.

Step 1  read the report folder (or take a Report built in Python)
Step 2  check references (footnotes, cross-references, unique ids)
Step 3  number, compute, present (``transforms.STAGES``)
Step 4  verify (findings; never changes the report)
Step 5  write DOCX and PDF (and HTML when asked) into a temporary folder beside the
        destination, then move the finished folder into place, so no reader ever sees
        half a build.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cspdoc.findings import Finding, Verification
from cspdoc.model import Report
from cspdoc.readers import read_report
from cspdoc.transforms import STAGES
from cspdoc.transforms.references import check_references

log = logging.getLogger("cspdoc")

FORMATS = ("docx", "pdf", "html")
# What a build writes unless asked: the paper as DESIGN.md defines it. The HTML page is
# on request (--format html), so publish, manifests and byte-identical rebuilds keep
# covering exactly the two documents a committee receives.
DEFAULT_FORMATS = ("docx", "pdf")


@dataclass
class Prepared:
    """A report after every transform, with the findings gathered on the way."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    folder: Path | None = None


@dataclass
class BuildResult:
    """What a build wrote: the folder, each output by format, and the verification."""

    folder: Path
    outputs: dict[str, Path]
    verification: Verification
    report: Report


def load(source: str | Path) -> Report:
    """Read a report folder into a Report (references are checked when it is prepared)."""
    return read_report(source)


def prepare(source: str | Path | Report) -> Prepared:
    """Steps 1-3: the report ready to verify and write."""
    folder = None
    if isinstance(source, Report):
        report = source
    else:
        folder = Path(source)
        log.info("Step 1: read %s", folder)
        report = read_report(folder)
    log.info("Step 2: check references")
    findings = check_references(report)
    for number, (name, stage) in enumerate(STAGES, start=3):
        log.info("Step %d: %s", number, name)
        report = stage(report)
    return Prepared(report, findings, folder)


def verify(prepared: Prepared) -> Verification:
    """Step 4: the findings about a prepared report."""
    meta = prepared.report.meta
    return Verification(report=meta.slug, version=meta.version,
                        findings=tuple(prepared.findings))


def write_outputs(report: Report, folder: Path, report_dir: Path | None,
                  formats: Sequence[str] = DEFAULT_FORMATS) -> dict[str, Path]:
    """Write each format into ``folder`` (which must exist)."""
    from cspdoc.writers.docx import write_docx
    from cspdoc.writers.html import write_html
    from cspdoc.writers.pdf import write_pdf

    stem = f"{report.meta.slug}-v{report.meta.version}"
    outputs: dict[str, Path] = {}
    for fmt in formats:
        path = folder / f"{stem}.{fmt}"
        log.info("Step 5: write %s", path.name)
        if fmt == "docx":
            write_docx(report, path)
        elif fmt == "pdf":
            write_pdf(report, path, report_dir)
        elif fmt == "html":
            write_html(report, path, report_dir)
        else:
            raise ValueError(f"unknown output format {fmt!r}")
        outputs[fmt] = path
    return outputs


def replace_folder(target: Path, fill: object) -> None:
    """Create ``target`` through a temporary sibling: ``fill(tmp)`` writes into it, then
    it replaces ``target`` in two renames. On any failure the old ``target`` is kept."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        fill(tmp)  # type: ignore[operator]
        old = None
        if target.exists():
            old = target.with_name(f"{tmp.name}-old")
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def build(source: str | Path | Report, out: str | Path, *,
          formats: Sequence[str] = DEFAULT_FORMATS,
          report_dir: str | Path | None = None) -> BuildResult:
    """Build the draft paper: ``out/<slug>/draft/<slug>-v<version>.docx`` and ``.pdf``."""
    prepared = prepare(source)
    verification = verify(prepared)
    report = prepared.report
    images = Path(report_dir) if report_dir is not None else prepared.folder
    target = Path(out) / report.meta.slug / "draft"
    names: dict[str, str] = {}

    def fill(tmp: Path) -> None:
        for fmt, path in write_outputs(report, tmp, images, formats).items():
            names[fmt] = path.name

    replace_folder(target, fill)
    return BuildResult(target, {fmt: target / name for fmt, name in names.items()},
                       verification, report)
