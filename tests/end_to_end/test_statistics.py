"""A workbook with shorthand, a suppression rule and separately numbered tables, built
end to end by the CLI into DOCX, PDF, HTML and the data workbook, each opened again."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import CHART_YAML
from tests.readers.workbooks import GROUPED_YAML, crime_workbook

CLI = [sys.executable, "-m", "cspdoc.cli"]
NOTE = ("Symbols: [c] confidential: fewer than 5, suppressed to protect individuals; "
        "[r] revised; [x] not available.")
YAML = (GROUPED_YAML.replace("figures:", "suppress: {below: 5}\nfigures:")
        .replace("  slug: test-report\n", "  slug: test-report\n  numbering: separate\n")
        .replace("sections:", CHART_YAML + "sections:")
        + "      - figure: crime-chart\n")
TEXT = ("Theft rose from {= crime.theft.y2023} to {= crime.theft.y2024} (see "
        "[@fig:crime] and [@fig:crime-chart]); arson stood at {= crime.arson.y2023}.\n")
DATA = [("Robbery", 19, 21, None, None), ("Arson", 3, 7, None, None),
        ("Theft", 1712, "1805 [r]", None, None), ("Burglary", "[x]", 296, None, None),
        ("Total", "=SUM(B6:B9)", "=SUM(C6:C9)", None, None)]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def build(folder: Path, out: Path) -> Path:
    done = subprocess.run([*CLI, "build", str(folder), "--out", str(out), "--format", "docx",
                           "--format", "pdf", "--format", "html", "--format", "xlsx"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out / "test-report" / "draft"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report") / "report"
    (root / "narrative").mkdir(parents=True)
    (root / "report.yaml").write_text(YAML, encoding="utf-8")
    (root / "narrative" / "crime.md").write_text(TEXT, encoding="utf-8")
    crime_workbook(root / "tables" / "crime.xlsx", DATA)
    return root


@pytest.fixture(scope="module")
def built(folder: Path, tmp_path_factory) -> Path:
    return build(folder, tmp_path_factory.mktemp("out"))


def it_prints_codes_and_the_note_once_in_the_docx(built: Path):
    doc = Document(str(built / "test-report-v1.0.docx"))
    [table] = [t for t in doc.tables if "Robbery" in t.rows[2].cells[0].text]
    cells = [[squash(c.text) for c in row.cells] for row in table.rows]
    assert cells[2:] == [  # two header rows: the groups, then the labels
        ["Robbery", "19", "21", "2", "10.5%"],
        ["Arson", "[c]", "7", "4", "[c]"],
        ["Theft", "1,712", "1,805 [r]", "93", "5.4%"],
        ["Burglary", "[x]", "296", "[x]", "[x]"],
        ["Total", "[x]", "2,129", "[x]", "[x]"]]
    texts = [squash(p.text) for p in doc.paragraphs]
    assert texts.count(NOTE) == 1
    assert "Table 1 Recorded crime" in texts and \
        "Figure 1 Robbery and theft, 2023 and 2024" in texts
    body = " ".join(texts)
    assert "(see Table 1 and Figure 1); arson stood at [c]." in body


def it_prints_the_same_in_the_pdf_and_the_html(built: Path):
    pdf = squash(" ".join(page.extract_text() for page in
                          PdfReader(str(built / "test-report-v1.0.pdf")).pages))
    assert pdf.count(NOTE) == 1
    assert "Arson [c] 7 4 [c]" in pdf and "Theft 1,712 1,805 [r] 93 5.4%" in pdf
    assert "Table 1 Recorded crime" in pdf and "arson stood at [c]." in pdf
    html = (built / "test-report-v1.0.html").read_text(encoding="utf-8")
    assert html.count("Symbols: [c] confidential") == 1
    assert ">Table 1</span> Recorded crime" in html


def it_writes_the_data_workbook_the_analysis_function_way(built: Path):
    book = load_workbook(built / "test-report-tables.xlsx")
    assert book.sheetnames == ["Cover", "Contents", "Notes", "Table_1"]
    assert all(not ws.merged_cells.ranges for ws in book.worksheets)
    cover = [ws_row[0] for ws_row in book["Cover"].iter_rows(values_only=True)]
    assert "[c] confidential: fewer than 5, suppressed to protect individuals" in cover
    assert "[x] not available" in cover and "[r] revised" in cover
    sheet = book["Table_1"]
    [name] = list(sheet.tables)
    assert name == "Table1"
    rows = list(sheet[sheet.tables[name].ref])
    assert [c.value for c in rows[0]] == [
        "Offence", "Recorded crime: 2023", "Recorded crime: 2024", "Change: Variance",
        "Change: % change", "Notes on this row", "Row type"]
    theft = rows[3]
    assert [c.value for c in theft[:3]] == ["Theft", 1712, 1805]
    assert theft[1].number_format == "#,##0" and theft[4].number_format == "0.0%"
    assert theft[5].value == "Recorded crime: 2024: [r]"
    assert [c.value for c in rows[2][:5]] == ["Arson", "[c]", 7, 4, "[c]"]
    assert all(c.value not in (None, "") for row in rows for c in row)  # no blank cells
    notes = [r for r in book["Notes"].iter_rows(min_row=4, values_only=True)]
    assert notes == [("[note 1]", "Note 1: April to December of each year.", "Table 1")]
    heading = [r[0] for r in sheet.iter_rows(max_row=3, values_only=True)]
    assert heading[0] == "Table 1: Recorded crime [note 1]"
    assert heading[2] == "Source: Hampshire & IoW Constabulary"


def it_writes_the_same_bytes_again(folder: Path, built: Path, tmp_path):
    again = build(folder, tmp_path / "again")
    for name in ("test-report-tables.xlsx", "test-report-v1.0.docx", "verification.json"):
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


def it_names_tables_in_findings_by_their_own_number(folder: Path):
    done = subprocess.run([*CLI, "check", str(folder), "--json"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert '"figure": 1,' in done.stdout and "Table 1, Arson, Variance" in done.stdout
