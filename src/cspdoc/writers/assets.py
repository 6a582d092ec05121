"""Which files a writer may read: only those under the report's folder and the templates
folder. Nothing from the network, no ``..``, no symlink that leads out, no oversized
``data:`` URLs or files.

Every writer reads through this one policy: the PDF writer's WeasyPrint fetcher
(``writers/fetcher.py``), and the pictures every writer embeds (``writers/images.py``),
so the outputs reach exactly the same files. The check is made again on the file as
opened (``read_path``): a file swapped for a symlink after the report was read is caught
when a writer reads it.
"""

from __future__ import annotations

import mimetypes
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from cspdoc.errors import ResourceError
from cspdoc.where import NOWHERE, Where

DATA_LIMIT = 256 * 1024  # bytes of a data: URL, as written (a small icon, not a photograph)
FILE_LIMIT = 32 * 1024 * 1024  # bytes of a file a writer reads (a print-quality photograph)

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two letters at least: not C:\\
_TYPES = {".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg",
          ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml",
          ".webp": "image/webp"}


def media_type(path: Path) -> str:
    """The MIME type of a file we serve, from its suffix."""
    suffix = path.suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or \
        "application/octet-stream"


def _shown(url: str) -> str:
    """The reference as a message shows it (a data: URL is cut short)."""
    return url if len(url) <= 80 else url[:60] + "…"


class LocalFiles:
    """The files under ``roots`` (resolved, symlinks followed), and small data: URLs.

    ``origins`` maps a URL to where the report asked for it (an image's figure), so a
    refusal points at the report.yaml line rather than only at the URL. ``generated``
    are data: URLs cspdoc made itself (charts), served whatever their size.
    """

    def __init__(self, roots: Sequence[Path], *, data_limit: int = DATA_LIMIT,
                 origins: Mapping[str, Where] | None = None,
                 generated: Iterable[str] = ()) -> None:
        self.roots = tuple(root.resolve() for root in roots)
        self.data_limit = data_limit
        self.origins = dict(origins or {})
        self.generated = frozenset(generated)

    def refuse(self, url: str, why: str, where: Where | None = None) -> ResourceError:
        """The error refusing ``url``, placed where the report asked for it."""
        return ResourceError(f"{_shown(url)!r}: {why}",
                             where or self.origins.get(url, NOWHERE))

    def check(self, url: str) -> Path | None:
        """The local file ``url`` names (None for an acceptable data: URL); raises
        ResourceError for anything else."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            if len(url) > self.data_limit and url not in self.generated:
                raise self.refuse(url, f"a data: URL of {len(url)} characters is over the "
                                       f"limit of {self.data_limit}")
            return None
        if scheme in ("http", "https", "ftp"):
            raise self.refuse(url, "cspdoc fetches nothing from the network; put the file "
                                   "in the report folder")
        if scheme != "file":
            raise self.refuse(url, "only files in the report folder or the templates "
                                   "folder can be used")
        return self.path(url)

    def path(self, url: str) -> Path:
        """The file behind a file: URL, if it lies under a root and exists."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self.refuse(url, "a file on another host cannot be used")
        raw = unquote(parts.path)
        if ".." in PurePosixPath(raw).parts or ".." in Path(url2pathname(parts.path)).parts:
            raise self.refuse(url, "'..' is not allowed in a file reference")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise self.refuse(url, "outside the report folder and the templates folder")
        if not path.is_file():
            raise self.refuse(url, "file not found")
        return path

    def read(self, url: str) -> tuple[bytes, str]:
        """The bytes and MIME type of a local file (data: URLs are the engine's job)."""
        path = self.check(url)
        if path is None:
            raise self.refuse(url, "a data: URL is not a file")
        return self.read_path(path, url), media_type(path)

    def local(self, src: str, base: Path, where: Where = NOWHERE) -> Path:
        """The file an image figure's ``src`` names, relative to ``base`` (the report
        folder), by the rules of ``check``: a URL is judged as a URL (a file: URL under
        a root passes), a path must lie under a root, without ``..``, and exist."""
        if _URL_SCHEME.match(src):
            path = self.check(src)
            if path is None:
                raise ResourceError(f"{_shown(src)!r}: an image figure shows a file in the "
                                    "report folder, not a data: URL", where)
            return path
        if ".." in Path(src).parts:
            raise ResourceError(f"{src!r}: '..' is not allowed in a file reference", where)
        path = (base / src).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ResourceError(f"{src!r}: outside the report folder and the templates "
                                "folder", where)
        if not path.exists():
            raise ResourceError(f"{src!r}: file not found", where)
        if not path.is_file():
            raise ResourceError(f"{src!r}: not a regular file", where)
        return path

    def read_path(self, path: Path, url: str, where: Where | None = None) -> bytes:
        """The bytes of ``path``, which ``check`` accepted, checked once more as opened:
        a regular file, under a root, within ``FILE_LIMIT``."""
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        try:
            fd = os.open(path, flags)
        except OSError as error:
            raise self.refuse(url, f"cannot be read ({error.strerror})", where) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise self.refuse(url, "not a regular file", where)
            opened = _opened_path(fd, path)
            if not any(opened.is_relative_to(root) for root in self.roots):
                raise self.refuse(url, "outside the report folder and the templates folder",
                                  where)
            if info.st_size > FILE_LIMIT:
                raise self.refuse(url, f"a file of {info.st_size:,} bytes is over the limit "
                                       f"of {FILE_LIMIT:,}", where)
            with os.fdopen(os.dup(fd), "rb") as handle:
                return handle.read(FILE_LIMIT + 1)[:FILE_LIMIT]
        finally:
            os.close(fd)


def _opened_path(fd: int, path: Path) -> Path:
    """Where the file open as ``fd`` really is (Linux: /proc names it; elsewhere the
    resolved path, if it is the same file)."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        resolved = path.resolve()
        same = os.path.samestat(os.fstat(fd), os.stat(resolved))
        return resolved if same else Path("/")
