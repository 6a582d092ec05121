"""The draft folder: the latest file of each format, and a manifest saying which build
wrote which.

A build writes the formats it is asked for (``--format html`` writes only the page); the
files of the other formats stay from the build that wrote them, since a build that
deleted the DOCX and PDF an officer had made would lose work. Each build replaces only
its own formats' files (whatever the version in their names). So that nobody mistakes a
kept file for a current one, ``manifest.json`` lists every output with its sha256, the
digest of the prepared report it was made from (``model``) and ``current``: false when
the report has changed since. The CLI says so too.

In: the staging folder the build has written, the existing draft folder. Out: the kept
files linked (or copied) into the staging folder, and manifest.json.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cspdoc import snapshot
from cspdoc._version import __version__
from cspdoc.model import Report
from cspdoc.outputs import sha256

MANIFEST = "manifest.json"
SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".xlsx": "xlsx"}


def _format_of(path: Path) -> str | None:
    """The format of a file in a draft without a manifest, from its name."""
    if path.name.endswith("-review.html"):
        return "review"
    return SUFFIXES.get(path.suffix)


@dataclass(frozen=True)
class Kept:
    """An earlier build's file kept in the draft; ``current`` when made from the same
    report as this build."""

    format: str
    path: Path
    current: bool


def model_digest(report: Report) -> str:
    """The sha256 of the prepared report (its snapshot): equal for equal reports."""
    return hashlib.sha256(snapshot.dumps(report, compact=True).encode("utf-8")).hexdigest()


def _earlier(draft: Path) -> dict[str, dict[str, Any]]:
    """The earlier draft's outputs by format: from its manifest, or, for a draft written
    before there was one, from the file names (made from an unknown report)."""
    try:
        data = json.loads((draft / MANIFEST).read_text(encoding="utf-8"))
        return {o["format"]: o for o in data["outputs"] if (draft / o["path"]).is_file()}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(draft.glob("*")) if draft.is_dir() else ():
        fmt = _format_of(path)
        if fmt is not None and path.is_file():
            found[fmt] = {"format": fmt, "path": path.name, "model": None}
    return found


def keep_and_record(tmp: Path, draft: Path, report: Report,
                    written: dict[str, str]) -> list[Kept]:
    """Link the earlier draft's files of formats this build did not write into ``tmp``,
    then write ``tmp/manifest.json``; returns what was kept."""
    digest = model_digest(report)
    outputs: list[dict[str, Any]] = [{"format": fmt, "path": name, "model": digest}
                                     for fmt, name in written.items()]
    kept: list[Kept] = []
    for fmt, entry in sorted(_earlier(draft).items()):
        if fmt in written:
            continue
        _link(draft / entry["path"], tmp / entry["path"])
        outputs.append({"format": fmt, "path": entry["path"], "model": entry.get("model")})
        kept.append(Kept(fmt, draft / entry["path"], entry.get("model") == digest))
    manifest = {
        "cspdoc": __version__,
        "report": report.meta.slug,
        "version": report.meta.version,
        "model": digest,
        "outputs": [{**o, "sha256": sha256(tmp / o["path"]), "current": o["model"] == digest}
                    for o in sorted(outputs, key=lambda o: o["format"])],
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    return kept


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: copy
        shutil.copy2(source, target)
