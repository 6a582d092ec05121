"""Shared test helpers: a minimal valid report folder that each test can break."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
WINCHESTER = FIXTURES / "winchester-2024-25"
STRATEGY = FIXTURES / "winchester-strategy"
SEEDS = Path(__file__).parent / "data" / "seeds"

MINIMAL_YAML = """\
meta:
  title: Test report
  organisation: Test Partnership
  committee: Scrutiny Committee
  meeting_date: 2025-03-04
  reference: TEST-1
  period: {start: 2024-04-01, end: 2024-12-31}
  contact: {name: A Officer}
  slug: test-report
figures:
  crime:
    caption: Recorded crime
    data: tables/crime.csv
    columns:
      - {key: offence, label: Offence, kind: label}
      - {key: y2023, label: "2023", kind: count}
      - {key: y2024, label: "2024", kind: count}
      - {key: variance, label: Variance, kind: change, formula: y2024 - y2023}
sections:
  - title: Crime
    content:
      - md: narrative/crime.md
      - figure: crime
"""

# The minimal report, ready to publish (a paper whose status is draft, the default, is not).
PUBLISHABLE_YAML = MINIMAL_YAML.replace("  slug: test-report",
                                        "  slug: test-report\n  status: final")

# A chart of the minimal report's table (report.yaml lines 19-26), placed after it.
CHART_YAML = """\
  crime-chart:
    type: chart
    kind: column
    caption: Robbery and theft, 2023 and 2024
    alt: Column chart of robbery and theft in 2023 and 2024; theft is far higher.
    table: crime
    x: offence
    series: [y2023, y2024]
"""


def with_chart(chart: str = CHART_YAML) -> str:
    """The minimal report.yaml with ``chart`` defined after its table and placed last."""
    return MINIMAL_YAML.replace("sections:", chart + "sections:") + \
        "      - figure: crime-chart\n"


MINIMAL_FILES = {
    "tables/crime.csv": "offence,2023,2024,Variance\nRobbery,19,21,2\nTheft,1712,1805,93\n"
                        "Total,1731,1826,95\n",
    "narrative/crime.md": "Crime rose[^src], see [@fig:crime].\n\n[^src]: Police data.\n",
}

MakeReport = Callable[..., Path]


@pytest.fixture
def make_report(tmp_path: Path) -> MakeReport:
    """Write the minimal report with ``yaml`` and ``files`` overriding its parts."""

    def make(yaml: str | None = None, files: dict[str, str | bytes] | None = None,
             drop: tuple[str, ...] = ()) -> Path:
        folder = tmp_path / "report"
        folder.mkdir(exist_ok=True)
        (folder / "report.yaml").write_text(
            textwrap.dedent(yaml) if yaml is not None else MINIMAL_YAML, encoding="utf-8")
        merged: dict[str, str | bytes] = {**MINIMAL_FILES, **(files or {})}
        for rel, content in merged.items():
            if rel in drop:
                continue
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return make


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory):
    """Convert a DOCX with LibreOffice headless to another format ("pdf", "odt"), in a
    profile of this test session's own (two soffice processes sharing a profile fail)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (scripts/system-deps --test installs it)"
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(docx: Path, fmt: str = "pdf") -> Path:
        out = docx.parent / fmt
        done = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", fmt, "--outdir", str(out), str(docx)],
            capture_output=True, text=True, timeout=300, check=False)
        converted = out / f"{docx.stem}.{fmt}"
        assert done.returncode == 0 and converted.is_file(), done.stderr
        return converted

    return convert


@pytest.fixture(scope="session")
def to_pdf(libreoffice):
    """LibreOffice's PDF of a DOCX (Word's stand-in)."""
    return libreoffice
