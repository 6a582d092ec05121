"""Output folders written whole or not at all.

Everything is written into a staging folder, ``DIR/<slug>/.partial/<name>~<pid>~<token>``,
on the same file system as its destination, and moved into place when it is complete:

- a new published version by one rename (``create_once``);
- a draft, which already exists, by one atomic exchange of the two folders
  (``renameat2(RENAME_EXCHANGE)``), so at every moment ``draft/`` is either the old or
  the new one. Where the file system cannot exchange, the old draft is first renamed
  to ``…~old`` beside the staging folder, and a run killed between the two renames
  leaves it there for the next run to put back.

The next run removes every staging folder a dead process left, and puts back a draft it
had moved aside; published versions are never touched. A failed run leaves nothing new
under the output folder: its staging folder, and any folder it created, are removed.
Any error of the file system (a file where a folder must be, a full disk) is an
OutputError naming the path.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import hashlib
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from cspdoc.errors import CspdocError, OutputError
from cspdoc.where import Where

T = TypeVar("T")
PARTIAL = ".partial"
OLD = "old"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
# Staging names: "draft~4242~k3j9x0" and "draft~4242~k3j9x0~old"; the older form
# "draft-4242-abcd1234" (and "-old") is still recognised, to clean it up.
_STAGED = re.compile(r"^(?P<name>.+?)~(?P<pid>\d+)~(?P<token>[0-9a-f]+)(?:~(?P<old>old))?$")
_LEGACY = re.compile(r"^(?P<name>.+)-(?P<pid>\d+)-(?P<token>[A-Za-z0-9_]+?)(?:-(?P<old>old))?$")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def clean_stale(parent: Path) -> None:
    """Remove the staging folders of runs that are no longer running, putting back a
    draft one of them had moved aside (when nothing has taken its place)."""
    partial = parent / PARTIAL
    if not partial.is_dir():
        return
    for entry in sorted(partial.iterdir()):
        found = _STAGED.match(entry.name) or _LEGACY.match(entry.name)
        if found is None or _alive(int(found["pid"])):
            continue
        home = parent / found["name"]
        if found["old"] and not home.exists():
            entry.rename(home)
        else:
            shutil.rmtree(entry, ignore_errors=True)
    _remove_if_empty(partial)


def _remove_if_empty(folder: Path) -> None:
    with suppress(OSError):  # not empty, or already gone
        folder.rmdir()


def _guarded(target: Path, action: Callable[[], T]) -> T:
    """``action()``, its file-system errors raised as OutputErrors naming the path.

    The OutputError is raised after the OSError is let go, with no traceback chained
    to it: the writer's frames hold half-closed files, which are closed here quietly
    (closing one on a full disk fails again, and Python would print that as an
    "Exception ignored" traceback)."""
    hook = sys.unraisablehook
    try:
        try:
            return action()
        except CspdocError:
            raise
        except OSError as error:
            failure = _output_error(error, target)
            sys.unraisablehook = lambda _unraisable: None  # until the frames are gone
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise failure


def _output_error(error: OSError, target: Path) -> OutputError:
    path = Path(error.filename) if error.filename else target
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        why = f"the disk is full ({path})"
    elif isinstance(error, FileExistsError | NotADirectoryError) and \
            (blocking := _file_in_the_way(target)) is not None:
        path = blocking
        why = f"{blocking} is a file, not a folder"
    else:
        why = f"{error.strerror or error} ({path})"
    return OutputError(f"cannot write {target}: {why}", Where(file=str(path)))


def _file_in_the_way(target: Path) -> Path | None:
    """The nearest ancestor of ``target`` (or itself) that exists and is not a folder."""
    for folder in (target, *target.parents):
        if folder.exists() or folder.is_symlink():
            return None if folder.is_dir() else folder
    return None


def _missing_parents(folder: Path) -> list[Path]:
    """``folder`` and those of its ancestors that do not exist yet, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def staging(parent: Path, name: str) -> Path:
    """A fresh staging folder for ``parent/name``."""
    clean_stale(parent)
    partial = parent / PARTIAL
    partial.mkdir(parents=True, exist_ok=True)
    tmp = partial / f"{name}~{os.getpid()}~{secrets.token_hex(4)}"
    tmp.mkdir(mode=0o777)  # the umask applies: the result is as readable as any folder
    return tmp


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (not Linux, an old
    kernel, a file system without RENAME_EXCHANGE)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _move_into_place(tmp: Path, target: Path) -> None:
    """``tmp`` becomes ``target``; the old ``target`` ends in ``tmp`` (or ``…~old``),
    which the caller removes."""
    if not target.exists():
        tmp.rename(target)
        return
    if _exchange(tmp, target):
        return
    old = tmp.with_name(f"{tmp.name}~{OLD}")
    target.rename(old)  # a kill here: the next run's clean_stale puts it back
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def replace_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Write ``target`` afresh (a draft): ``fill(tmp)`` writes into a staging folder that
    then replaces ``target`` atomically. On any failure ``target`` is kept as it was,
    and nothing new is left under the output folder."""

    def write(tmp: Path) -> None:
        fill(tmp)
        _move_into_place(tmp, target)

    _staged(target, write)


def _staged(target: Path, write: Callable[[Path], T]) -> T:
    """``write(tmp)`` in a fresh staging folder for ``target``; afterwards the staging
    folder is removed, and, when ``write`` failed, every folder this made on the way."""
    created = _missing_parents(target.parent)
    tmp: list[Path] = []

    def run() -> T:
        tmp.append(staging(target.parent, target.name))
        return write(tmp[0])

    done = False
    try:
        result = _guarded(target, run)
        done = True
        return result
    finally:
        if tmp:
            shutil.rmtree(tmp[0], ignore_errors=True)
            _remove_if_empty(tmp[0].parent)
        for folder in created if not done else ():  # deepest first, only if empty
            _remove_if_empty(folder)


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

    def write(tmp: Path) -> bool:
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

    return _staged(target, write)
