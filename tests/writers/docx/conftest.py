"""The Winchester paper written once per test session (to_pdf, LibreOffice: tests/conftest)."""

from __future__ import annotations

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
