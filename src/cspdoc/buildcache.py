"""Reuse a draft's documents when nothing they are made from has changed.

A document's key is the sha256 of everything that goes into it: cspdoc's version and the
bytes of its own code and templates, the versions of the libraries that lay it out, its
format and settings (the Word template's bytes), and every input file with its name (the
report folder's files as read, its images, the files it looked for and did not find,
and the model of the earlier published version a corrections notice is drawn from).
``OUT/<slug>/.build.json`` records, per format, the key and the sha256 of the file the
last build wrote; a rebuild whose key is the same, and whose draft file still has those
bytes, copies that file instead of writing it again. Any change, one character
anywhere, gives another key. A report built in Python (no input files) is never reused.

When every document and the draft folder itself are unchanged, the whole build is
reused: the stamp's ``build`` record (below) lets a rebuild skip reading, checking and
writing altogether.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from cspdoc._version import __version__
from cspdoc.outputs import sha256

STAMP = ".build.json"
# The libraries whose output ends up in the documents' bytes.
_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pillow", "python-docx", "docxtpl",
              "docxcompose", "lxml", "matplotlib", "jinja2", "babel", "markdown")


@cache
def code_digest() -> str:
    """sha256 of cspdoc's version, its source files and templates, and the libraries'
    versions: a change to cspdoc itself (even unreleased) never reuses a document."""
    from importlib import metadata

    from cspdoc.resources import templates_dir

    digest = hashlib.sha256(f"cspdoc {__version__}\n".encode())
    package = Path(__file__).parent
    for folder in (package, templates_dir()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    installed = _dist_info_versions()
    for name in _LIBRARIES:
        version = installed.get(_normal(name))
        if version is None:  # not a plain dist-info install: ask importlib (slower)
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "-"
        digest.update(f"{name} {version}\n".encode())
    return digest.hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _dist_info_versions() -> dict[str, str]:
    """Installed distributions' versions from their ``<name>-<version>.dist-info``
    folder names on sys.path (one directory listing each, not a metadata file each)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, version = folder[: -len(".dist-info")].rsplit("-", 1)
                found.setdefault(_normal(name), version)
    return found


def input_key(files: Iterable[tuple[str, Path]], settings: Mapping[str, Any]) -> str:
    """The key of one document: the code digest, ``settings`` (JSON) and each
    (name, file) pair's name and bytes (a missing file counts as missing)."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for name, path in sorted(files, key=lambda item: item[0]):
        digest.update(f"\n{name}\n".encode())
        digest.update(sha256(path).encode() if path.is_file() else b"missing")
    return digest.hexdigest()


def read_stamp(slug_dir: Path) -> dict[str, Any]:
    """What the last build recorded: ``{format: {"key", "name", "sha256"}}``, the PDF's
    with ``"pages"`` ({} if none or unreadable)."""
    try:
        data = json.loads((slug_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def reusable(stamp: Mapping[str, Any], fmt: str, key: str, draft: Path) -> Path | None:
    """The draft's file for ``fmt`` when it was made from exactly ``key`` and still has
    the bytes recorded for it."""
    entry = stamp.get(fmt)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    if fmt == "pdf" and not isinstance(entry.get("pages"), list):
        return None  # a PDF's reuse brings its pages' text
    path = draft / str(entry.get("name", ""))
    if path.parent != draft or not path.is_file() or sha256(path) != entry.get("sha256"):
        return None
    return path


def write_stamp(slug_dir: Path, entries: Mapping[str, Mapping[str, Any]]) -> None:
    """Record the key, name and sha256 of each document just written (and the PDF's
    pages' text)."""
    tmp = slug_dir / f"{STAMP}.tmp"
    tmp.write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(slug_dir / STAMP)


# ---------------------------------------------------------------- the whole build
#
# A rebuild with nothing changed need not even read the report: the stamp's "build"
# record holds the key of everything the last build read (every input file by its
# bytes, every file it looked for and did not find, the settings, the published
# versions a corrections notice could come from, cspdoc's code), the sha256 of every
# file the draft folder held afterwards, and the verification. When the key is the same
# and the draft folder is exactly as that build left it, the build is done.

BUILD = "build"


def recorded_build(out: Path, folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The slug folder under ``out`` whose last build was of report folder ``folder``
    (resolved), with that build's record."""
    try:
        entries = sorted(os.scandir(out), key=lambda e: e.name)
    except OSError:
        return None
    for entry in entries:
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        slug_dir = Path(entry.path)
        if not (slug_dir / STAMP).is_file():
            continue
        record = read_stamp(slug_dir).get(BUILD)
        if isinstance(record, dict) and record.get("folder") == str(folder):
            return slug_dir, record
    return None


def folder_digests(folder: Path) -> dict[str, str]:
    """The sha256 of every file directly in ``folder``, by name ({} if none)."""
    try:
        return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}
    except OSError:
        return {}


def build_key(inputs: Iterable[tuple[str, Path]], settings: Mapping[str, Any]) -> str:
    """The key of a whole build: its inputs' bytes and its settings (``input_key``)."""
    return input_key(inputs, {**settings, "whole build": True})
