"""cspdoc build, end to end: run the CLI, then open what it wrote."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from cspdoc import buildcache
from cspdoc.model import Section, plain_text
from cspdoc.pipeline import prepare
from tests.conftest import WINCHESTER, MakeReport
from tests.writers.docx.reading import footnote_texts

CLI = [sys.executable, "-m", "cspdoc.cli"]


def cspdoc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    done = cspdoc("build", str(WINCHESTER), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / "winchester-2024-25" / "draft"


@pytest.fixture(scope="module")
def expected():
    report = prepare(WINCHESTER).report
    sections = [plain_text(n.title) for _, n in report.walk() if isinstance(n, Section)]
    captions = [f"Figure {f.number} {plain_text(f.caption)}" for f in report.figures()]
    notes = [plain_text(n.content) for n in report.footnotes]
    return sections, captions, notes


def it_writes_the_docx_and_pdf_into_the_draft_folder(built: Path):
    assert sorted(p.name for p in built.iterdir()) == [
        "manifest.json", "verification.json", "winchester-2024-25-v1.0.docx",
        "winchester-2024-25-v1.0.pdf"]


def it_puts_every_section_caption_and_footnote_in_the_docx(built: Path, expected):
    doc = Document(str(built / "winchester-2024-25-v1.0.docx"))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [c.text for r in table.rows for c in r.cells]
    parts += footnote_texts(built / "winchester-2024-25-v1.0.docx").values()
    text = squash(" ".join(parts))
    sections, captions, notes = expected
    assert len(sections) == 13 and len(captions) == 10 and len(notes) == 21
    for item in [*sections, *captions, *notes]:
        assert squash(item) in text, item


def it_puts_every_section_caption_and_footnote_in_the_pdf(built: Path, expected):
    reader = PdfReader(str(built / "winchester-2024-25-v1.0.pdf"))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    sections, captions, notes = expected
    for item in [*sections, *captions, *notes]:
        assert squash(item) in text, item


def it_prints_its_version():
    done = cspdoc("--version")
    assert done.returncode == 0 and re.fullmatch(r"cspdoc \d+\.\d+\.\d+\n", done.stdout)


def it_exits_2_with_one_located_line_and_writes_nothing(make_report: MakeReport,
                                                          tmp_path: Path):
    folder = make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                "Robbery,19,lots,2\n"})
    out = tmp_path / "out"
    done = cspdoc("build", str(folder), "--out", str(out))
    assert done.returncode == 2
    assert done.stderr == f"{folder}/tables/crime.csv:2: y2024: 'lots' is not a number\n"
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not out.exists()


def it_keeps_the_earlier_draft_when_a_rebuild_fails(make_report: MakeReport, tmp_path: Path):
    folder = make_report()
    out = tmp_path / "out"
    assert cspdoc("build", str(folder), "--out", str(out)).returncode == 0
    draft = out / "test-report" / "draft"
    before = {p.name: p.read_bytes() for p in draft.iterdir()}
    (folder / "tables" / "crime.csv").write_text("offence,2023\nbroken\n", encoding="utf-8")
    assert cspdoc("build", str(folder), "--out", str(out)).returncode == 2
    assert {p.name: p.read_bytes() for p in draft.iterdir()} == before
    # No staging folder left; the reuse record still describes the draft kept.
    assert sorted(p.name for p in draft.parent.iterdir()) == [buildcache.STAMP, "draft"]
    stamp = buildcache.read_stamp(draft.parent)
    assert {stamp[f]["name"]: stamp[f]["sha256"] for f in ("docx", "pdf")} == {
        name: hashlib.sha256(data).hexdigest() for name, data in before.items()
        if not name.endswith(".json")}


def it_shows_the_traceback_only_with_debug(make_report: MakeReport, tmp_path: Path):
    folder = make_report(files={"tables/crime.csv": "offence,2023,2024,Variance\n"
                                "Robbery,19,lots,2\n"})
    done = cspdoc("--debug", "build", str(folder), "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and "Traceback" in done.stderr


def it_writes_verification_json_beside_the_outputs(built: Path):
    data = json.loads((built / "verification.json").read_text(encoding="utf-8"))
    assert data["report"] == "winchester-2024-25"
    assert data["summary"]["errors"] == 10


def it_prints_the_summary_and_exits_0_unless_strict(tmp_path: Path):
    done = cspdoc("build", str(WINCHESTER), "--out", str(tmp_path), "--format", "docx")
    assert done.returncode == 0, done.stderr
    assert ("10 errors, 7 warnings; 261 figures checked, 1 checked automatically in the "
            "text, 66 unverified") in squash(done.stdout)
    # ... and says what to run next.
    assert done.stdout.splitlines()[-1] == (
        f"10 errors: run `cspdoc check {WINCHESTER}` to see them.")
    strict = cspdoc("build", str(WINCHESTER), "--out", str(tmp_path), "--format", "docx",
                    "--strict")
    assert strict.returncode == 1
    assert (tmp_path / "winchester-2024-25" / "draft" / "verification.json").is_file()
