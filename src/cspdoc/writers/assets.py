"""Which files a writer may read: only those under the report's folder and the templates
folder. Nothing from the network, no ``..``, no oversized ``data:`` URLs.

The PDF writer's WeasyPrint fetcher (``writers/fetcher.py``) and the HTML writer's image
embedding both ask this one policy, so the two outputs can reach exactly the same files.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from cspdoc.errors import ResourceError
from cspdoc.where import NOWHERE, Where

DATA_LIMIT = 256 * 1024  # bytes of a data: URL, as written (a small icon, not a photograph)

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

    def refuse(self, url: str, why: str) -> ResourceError:
        where = self.origins.get(url, NOWHERE)
        return ResourceError(f"{_shown(url)!r}: {why}", where)

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
        return path.read_bytes(), media_type(path)
