"""The Winchester paper written once per test session, and LibreOffice to read it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cspdoc.model import Report
from cspdoc.pipeline import prepare
from cspdoc.writers.docx import write_docx
from tests.conftest import WINCHESTER


@pytest.fixture(scope="session")
def winchester() -> Report:
    return prepare(WINCHESTER).report


@pytest.fixture(scope="session")
def winchester_docx(winchester: Report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "winchester.docx"
    write_docx(winchester, path, report_dir=WINCHESTER)
    return path


@pytest.fixture(scope="session")
def to_pdf(tmp_path_factory):
    """Convert a DOCX with LibreOffice headless, in a profile of this test session's own
    (two soffice processes sharing a profile fail)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (scripts/system-deps --test installs it)"
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(docx: Path) -> Path:
        out = docx.parent / "pdf"
        done = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), str(docx)],
            capture_output=True, text=True, timeout=300, check=False)
        pdf = out / (docx.stem + ".pdf")
        assert done.returncode == 0 and pdf.is_file(), done.stderr
        return pdf

    return convert
