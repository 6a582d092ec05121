"""Output folders written whole or not at all.

Everything is written into a staging folder, ``DIR/<slug>/.partial/<name>-<pid>-<n>``,
on the same file system as its destination, and moved into place by one rename when it is
complete. A build killed part-way leaves only its staging folder, which the next run
removes once the process that made it is gone; published versions are never touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from cspdoc.errors import OutputError
from cspdoc.where import Where

PARTIAL = ".partial"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def clean_stale(parent: Path) -> None:
    """Remove staging folders left by runs that were killed."""
    partial = parent / PARTIAL
    if not partial.is_dir():
        return
    for entry in partial.iterdir():
        pid = entry.name.rsplit("-", 2)[-2] if entry.name.count("-") >= 2 else ""
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
    if not any(partial.iterdir()):
        partial.rmdir()


def staging(parent: Path, name: str) -> Path:
    """A fresh staging folder for ``parent/name``."""
    clean_stale(parent)
    partial = parent / PARTIAL
    partial.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{name}-{os.getpid()}-", dir=partial))
    tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the result should not be
    return tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _discard(tmp: Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)
    partial = tmp.parent
    if partial.name == PARTIAL and partial.is_dir() and not any(partial.iterdir()):
        partial.rmdir()


def replace_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Write ``target`` afresh (a draft): ``fill(tmp)`` writes into a staging folder that
    then replaces ``target``. On any failure the old ``target`` is kept as it was."""
    tmp = staging(target.parent, target.name)
    try:
        fill(tmp)
        old = None
        if target.exists():
            old = tmp.with_name(f"{tmp.name}-old")
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old)
    finally:
        _discard(tmp)


def same_files(a: Path, b: Path) -> bool:
    """Do two folders hold the same file names with the same bytes?"""
    names_a = sorted(p.name for p in a.iterdir())
    names_b = sorted(p.name for p in b.iterdir())
    return names_a == names_b and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names_a)


def create_once(target: Path, fill: Callable[[Path], None]) -> bool:
    """Write ``target`` once and never again (a published version).

    Returns True when written, False when ``target`` already holds exactly the bytes
    ``fill`` writes (publishing the same thing twice is a no-op). Raises OutputError,
    naming the folder, when it holds anything else.
    """
    tmp = staging(target.parent, target.name)
    try:
        fill(tmp)
        if target.exists():
            if same_files(tmp, target):
                return False
            raise OutputError(
                f"{target} is already published with different content; a published "
                "version is never overwritten: give this one a new version number",
                Where(file=str(target)))
        tmp.rename(target)
        return True
    finally:
        _discard(tmp)
