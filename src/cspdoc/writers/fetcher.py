"""WeasyPrint's URL fetcher, narrowed to ``assets.LocalFiles``: it serves files under the
report and templates folders and small data: URLs, and stops the rendering on anything
else (WeasyPrint would only log a failed fetch and print the page without it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

from cspdoc.writers.assets import LocalFiles, media_type


class LocalFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches through ``files`` only. ``fail_on_errors`` makes a refusal fatal: WeasyPrint
    raises ``FatalURLFetchingError`` from our ``ResourceError``."""

    def __init__(self, files: LocalFiles,
                 served: Mapping[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True)
        self.files = files
        self.served = dict(served or {})  # URL: bytes and type already read (pictures)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url in self.served:
            data, mime = self.served[url]
            return URLFetcherResponse(url, data, {"Content-Type": mime})
        path = self.files.check(url)
        if path is None:  # a data: URL within the limit; urllib decodes it
            return super().fetch(url, headers)
        return URLFetcherResponse(url, self.files.read_path(path, url),
                                  {"Content-Type": media_type(path)})
