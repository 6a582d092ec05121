"""writers/assets.py: which files a writer may read."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspdoc.errors import ResourceError
from cspdoc.where import Where
from cspdoc.writers.assets import LocalFiles


@pytest.fixture
def roots(tmp_path: Path) -> tuple[Path, Path]:
    report, templates = tmp_path / "report", tmp_path / "templates"
    (report / "images").mkdir(parents=True)
    templates.mkdir()
    (report / "images" / "chart.png").write_bytes(b"\x89PNG")
    (templates / "committee.css").write_text("p {}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    return report, templates


class DescribeLocalFiles:
    def it_serves_files_under_either_root(self, roots):
        report, templates = roots
        files = LocalFiles([report, templates])
        assert files.read((report / "images" / "chart.png").as_uri()) == (b"\x89PNG",
                                                                          "image/png")
        assert files.read((templates / "committee.css").as_uri())[1] == "text/css"

    def it_accepts_a_small_data_url(self, roots):
        assert LocalFiles(roots).check("data:text/plain,hello") is None

    @pytest.mark.parametrize(("url", "why"), [
        ("http://example.org/a.png", "fetches nothing from the network"),
        ("https://example.org/a.png", "fetches nothing from the network"),
        ("ftp://example.org/a.png", "fetches nothing from the network"),
        ("javascript:alert(1)", "only files in the report folder"),
        ("file://server/share/a.png", "a file on another host"),
    ])
    def it_refuses_other_schemes_and_hosts(self, roots, url, why):
        with pytest.raises(ResourceError) as caught:
            LocalFiles(roots).check(url)
        assert why in caught.value.message and url in caught.value.message
        assert caught.value.code == "resource"

    def it_refuses_files_outside_the_roots(self, roots, tmp_path):
        with pytest.raises(ResourceError, match="outside the report folder"):
            LocalFiles(roots).check((tmp_path / "secret.txt").as_uri())

    def it_refuses_dot_dot_even_when_it_would_land_inside(self, roots):
        report, _ = roots
        url = report.as_uri() + "/images/../images/chart.png"
        with pytest.raises(ResourceError, match=r"'\.\.' is not allowed"):
            LocalFiles(roots).check(url)
        with pytest.raises(ResourceError, match=r"'\.\.' is not allowed"):
            LocalFiles(roots).check(report.as_uri() + "/images/%2e%2e/%2e%2e/secret.txt")

    def it_refuses_a_symlink_that_leads_out(self, roots, tmp_path):
        report, _ = roots
        (report / "images" / "link.txt").symlink_to(tmp_path / "secret.txt")
        with pytest.raises(ResourceError, match="outside the report folder"):
            LocalFiles(roots).check((report / "images" / "link.txt").as_uri())

    def it_refuses_a_missing_file(self, roots):
        report, _ = roots
        with pytest.raises(ResourceError, match="file not found"):
            LocalFiles(roots).check((report / "images" / "gone.png").as_uri())

    def it_refuses_a_data_url_over_the_limit(self, roots):
        url = "data:image/png;base64," + "A" * 100
        with pytest.raises(ResourceError, match="over the limit of 50") as caught:
            LocalFiles(roots, data_limit=50).check(url)
        assert "data:image/png;base64,AAAA" in caught.value.message

    def it_serves_a_chart_it_drew_itself_whatever_its_size(self, roots):
        chart = "data:image/svg+xml;base64," + "A" * 100
        files = LocalFiles(roots, data_limit=50, generated=[chart])
        assert files.check(chart) is None
        with pytest.raises(ResourceError, match="over the limit of 50"):
            files.check(chart + "AAAA")  # anything else is still held to the limit

    def it_says_where_the_report_asked_for_a_refused_file(self, roots):
        url = "https://example.org/logo.png"
        where = Where(file="report.yaml", line=12, field="src")
        with pytest.raises(ResourceError) as caught:
            LocalFiles(roots, origins={url: where}).check(url)
        assert caught.value.line().startswith("report.yaml:12: src: 'https://example.org")
