"""Publish a version: ``DIR/<slug>/v<version>/`` written once, never overwritten.

A publication holds the DOCX, the PDF, verification.json, the model snapshot that
``cspdoc diff`` reads (model.json) and manifest.json (cspdoc's version, every input and
output with its sha256, the build settings). It is refused while verification finds
errors, unless the publisher gives a reason, which both files record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cspdoc import snapshot
from cspdoc._version import __version__
from cspdoc.errors import CspdocError, OutputError
from cspdoc.findings import Verification
from cspdoc.model import Report
from cspdoc.model.report import canonical_version
from cspdoc.outputs import create_once, sha256
from cspdoc.where import Where

MANIFEST = "manifest.json"
_VERSION_DIR = re.compile(r"^v(\d{1,9}(?:\.\d{1,9}){0,2})$")


class PublishRefused(CspdocError):
    """Verification found errors and no reason to publish anyway was given."""

    code = "verification-errors"

    def __init__(self, verification: Verification) -> None:
        self.verification = verification
        super().__init__(
            f"not published: verification found {verification.errors} error"
            f"{'s' * (verification.errors != 1)}; correct them, or publish anyway with "
            "--allow-errors \"REASON\"")


@dataclass
class PublishResult:
    """What a publication wrote (or found already written: ``unchanged``)."""

    folder: Path
    outputs: dict[str, Path]
    verification: Verification
    report: Report
    unchanged: bool


def version_key(version: str) -> tuple[int, ...]:
    """1.10 sorts after 1.9; "1", "1.00" and "1.0" are the same version."""
    return tuple(int(part) for part in canonical_version(version).split("."))


def version_folder(slug_dir: Path, version: str) -> Path:
    """Where ``version`` is published: ``v<version>`` in its canonical form. A folder
    holding the same version under another name (``v1.00``, written before names were
    canonical) is an OutputError: that version is published already."""
    name = f"v{canonical_version(version)}"
    for found, path in published_versions(slug_dir):
        if path.name != name and version_key(found) == version_key(version):
            raise OutputError(
                f"{path} already holds version {canonical_version(version)} (as "
                f"{path.name}); a published version is never overwritten: give this one "
                "a new version number", Where(file=str(path)))
    return slug_dir / name


def published_versions(slug_dir: Path) -> list[tuple[str, Path]]:
    """The version folders under ``DIR/<slug>``, oldest first."""
    if not slug_dir.is_dir():
        return []
    found = [(m[1], p) for p in slug_dir.iterdir()
             if p.is_dir() and (m := _VERSION_DIR.match(p.name))
             and (p / snapshot.SNAPSHOT).is_file()]
    return sorted(found, key=lambda item: version_key(item[0]))


def previous_version(slug_dir: Path, version: str) -> Path | None:
    """The latest published version before ``version``, if any."""
    earlier = [p for v, p in published_versions(slug_dir)
               if version_key(v) < version_key(version)]
    return earlier[-1] if earlier else None


def manifest(report: Report, inputs: Sequence[tuple[str, Path]], folder: Path,
             settings: dict[str, Any]) -> str:
    """manifest.json: what went in and what came out, with their sha256."""
    outputs = sorted(p for p in folder.iterdir() if p.name != MANIFEST)
    data = {
        "cspdoc": __version__,
        "report": report.meta.slug,
        "version": report.meta.version,
        "settings": settings,
        "inputs": [{"path": name, "sha256": sha256(path)} for name, path in inputs],
        "outputs": [{"path": p.name, "sha256": sha256(p)} for p in outputs],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_publication(target: Path, report: Report, verification: Verification,
                      write: Callable[..., dict[str, str]],
                      inputs: Sequence[tuple[str, Path]],
                      settings: dict[str, Any],
                      finish: Callable[[Verification, list[str]], Verification] | None = None
                      ) -> tuple[bool, dict[str, str]]:
    """Write the version folder once; ``write(tmp, pages)`` writes the documents, fills
    ``pages`` with the text of each PDF page and returns their names by format;
    ``finish`` gives the verification its findings' pages. Returns (written, names)."""
    names: dict[str, str] = {}

    def fill(tmp: Path) -> None:
        pages: list[str] = []
        names.update(write(tmp, pages))
        done = finish(verification, pages) if finish is not None and pages else verification
        (tmp / "verification.json").write_text(done.dumps(), encoding="utf-8")
        (tmp / snapshot.SNAPSHOT).write_text(snapshot.dumps(report), encoding="utf-8")
        (tmp / MANIFEST).write_text(manifest(report, inputs, tmp, settings),
                                    encoding="utf-8")

    return create_once(target, fill), names
