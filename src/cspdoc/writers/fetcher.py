"""WeasyPrint's URL fetcher, narrowed to ``assets.LocalFiles``: it serves files under the
report and templates folders and small data: URLs, and stops the rendering on anything
else (WeasyPrint would only log a failed fetch and print the page without it)."""

from __future__ import annotations

from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

from cspdoc.writers.assets import LocalFiles, media_type


class LocalFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches through ``files`` only. ``fail_on_errors`` makes a refusal fatal: WeasyPrint
    raises ``FatalURLFetchingError`` from our ``ResourceError``."""

    def __init__(self, files: LocalFiles) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True)
        self.files = files

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = self.files.check(url)
        if path is None:  # a data: URL within the limit; urllib decodes it
            return super().fetch(url, headers)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type(path)})
