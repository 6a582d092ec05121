"""Publishing: version folders written once, corrected versions that say what changed,
the same bytes from the same input, and nothing half-written when a build is killed."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

import cspdoc
from cspdoc.errors import InputError, OutputError
from cspdoc.publish import PublishRefused
from tests.conftest import WINCHESTER

CORRECTED = WINCHESTER.parent / "winchester-2024-25-corrected"
SLUG = "winchester-2024-25"
CLI = [sys.executable, "-m", "cspdoc.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """v1.0 as received (with its errors), then the corrected v1.1, from the CLI."""
    out = tmp_path_factory.mktemp("pub")
    first = run("publish", str(WINCHESTER), "--out", str(out), "--allow-errors",
                "published as received")
    assert first.returncode == 0, first.stderr
    second = run("publish", str(CORRECTED), "--out", str(out))
    assert second.returncode == 0, second.stderr
    return out / SLUG


def docx_text(path: Path) -> str:
    return " ".join(p.text for p in Document(str(path)).paragraphs)


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


class DescribePublish:
    def it_refuses_a_report_with_errors_and_names_them(self, tmp_path: Path):
        done = run("publish", str(WINCHESTER), "--out", str(tmp_path))
        assert done.returncode == 1
        assert "not published: verification found 10 errors" in done.stderr
        assert "27 out of 28 is 96.4%" in squash(done.stderr)
        assert not (tmp_path / SLUG / "v1.0").exists()
        with pytest.raises(PublishRefused):
            cspdoc.publish(WINCHESTER, tmp_path)

    def it_writes_the_version_folder_and_records_the_reason(self, published: Path):
        v10 = published / "v1.0"
        assert sorted(p.name for p in v10.iterdir()) == [
            "manifest.json", "model.json", "verification.json",
            f"{SLUG}-v1.0.docx", f"{SLUG}-v1.0.pdf"]
        manifest = json.loads((v10 / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["settings"]["allow_errors"] == "published as received"
        verification = json.loads((v10 / "verification.json").read_text(encoding="utf-8"))
        assert verification["allowed_errors"] == "published as received"
        assert verification["summary"]["errors"] == 10

    def it_lists_every_input_and_output_with_its_sha256(self, published: Path):
        manifest = json.loads((published / "v1.1" / "manifest.json").read_text("utf-8"))
        assert manifest["cspdoc"] == cspdoc.__version__
        outputs = {o["path"]: o["sha256"] for o in manifest["outputs"]}
        current = hashes(published / "v1.1")
        del current["manifest.json"]
        assert outputs == current
        inputs = {i["path"]: i["sha256"] for i in manifest["inputs"]}
        assert inputs["report.yaml"] == hashlib.sha256(
            (CORRECTED / "report.yaml").read_bytes()).hexdigest()
        assert "tables/violence-injury.csv" in inputs  # the corrected copy
        assert "../winchester-2024-25/tables/headline.csv" in inputs  # shared, not copied
        for name, digest in inputs.items():
            assert hashlib.sha256((CORRECTED / name).read_bytes()).hexdigest() == digest

    def it_never_overwrites_a_version_with_different_content(self, published: Path,
                                                             tmp_path: Path):
        before = hashes(published / "v1.1")
        changed = tmp_path / "changed"
        changed.mkdir()
        (changed / "report.yaml").write_text(
            (CORRECTED / "report.yaml").read_text(encoding="utf-8").replace(
                "extends: ../winchester-2024-25", f"extends: {WINCHESTER}").replace(
                "issued: 2025-03-18", "issued: 2025-03-19"), encoding="utf-8")
        for sub in ("tables", "narrative"):
            for f in (CORRECTED / sub).iterdir():
                (changed / sub).mkdir(exist_ok=True)
                (changed / sub / f.name).write_bytes(f.read_bytes())
        done = run("publish", str(changed), "--out", str(published.parent))
        assert done.returncode == 2
        assert done.stderr.strip().endswith(
            "is already published with different content; a published version is never "
            "overwritten: give this one a new version number")
        assert str(published / "v1.1") in done.stderr
        assert hashes(published / "v1.1") == before
        with pytest.raises(OutputError):
            cspdoc.publish(changed, published.parent)

    def it_is_a_no_op_to_publish_the_same_version_again(self, published: Path):
        before = hashes(published / "v1.0")
        done = run("publish", str(WINCHESTER), "--out", str(published.parent),
                   "--allow-errors", "published as received")
        assert done.returncode == 0, done.stderr
        assert "already published with these exact bytes" in done.stdout
        assert hashes(published / "v1.0") == before


class DescribeCorrectedVersion:
    def it_leaves_version_1_0_untouched(self, published: Path, tmp_path: Path):
        alone = tmp_path / "alone"
        cspdoc.publish(WINCHESTER, alone, allow_errors="published as received")
        assert hashes(published / "v1.0") == hashes(alone / SLUG / "v1.0")

    def it_puts_the_corrections_notice_in_both_documents(self, published: Path):
        status = "Corrected version 1.1, replaces version 1.0 published 4 March 2025"
        docx = squash(docx_text(published / "v1.1" / f"{SLUG}-v1.1.docx"))
        pdf = squash(pdf_text(published / "v1.1" / f"{SLUG}-v1.1.pdf"))
        for text in (docx, pdf):
            assert status in text
            assert text.index("Corrections") < text.index(
                "Winchester Community Safety Partnership has a statutory duty")
            for change in ("Figure 7, Assault with intent to resist apprehension, FAT "
                           "Outcome 2023: 3 (100%) → 3 (300%)",
                           "Figure 7, Care worker ill-treat/wilfully neglect an individual, "
                           "FAT Outcome 2023: 6 (100%) → 6 (150%)",
                           "Figure 7, Malicious wounding: wounding or inflicting GBH, FAT "
                           "Outcomes 2024: 2 (11.8) → 2 (11.8%)",
                           "Figure 10, Public order 65 & 64/1, FAT Outcome 2023: 1 (100%) → 1",
                           "Reason: 6 outcomes from 4 offences is a rate of 150%, not 100%.",
                           "Reason: 48 referrals against 31 is a 54.8% increase"):
                assert change in text, change
        v10 = squash(docx_text(published / "v1.0" / f"{SLUG}-v1.0.docx"))
        assert "Corrections" not in v10 and "Corrected version" not in v10

    def it_needs_a_reason_to_replace_a_published_version(self, published: Path,
                                                         tmp_path: Path):
        folder = tmp_path / "no-reason"
        folder.mkdir()
        (folder / "report.yaml").write_text(
            f"extends: {WINCHESTER}\nmeta:\n  version: '1.2'\n", encoding="utf-8")
        with pytest.raises(InputError, match=r"add an entry for 1\.2 to meta\.corrections"):
            cspdoc.publish(folder, published.parent, allow_errors="test")

    def it_lists_the_changes_with_diff(self, published: Path):
        done = run("diff", str(published / "v1.0"), str(published / "v1.1"), "--json")
        assert done.returncode == 0, done.stderr
        changes = json.loads(done.stdout)["changes"]
        cells = {(c["figure"], c["row_id"], c["column_key"], c["old"], c["new"])
                 for c in changes if c["kind"] == "cell"}
        assert cells == {
            (7, "resist_apprehension", "fat2023", "3 (100%)", "3 (300%)"),
            (7, "care_worker", "fat2023", "6 (100%)", "6 (150%)"),
            (7, "malicious_wounding", "fat2024", "2 (11.8)", "2 (11.8%)"),
            (10, "public_order", "fat2023", "1 (100%)", "1"),
        }
        texts = [c for c in changes if c["kind"] == "text"]
        assert {c["section_id"] for c in texts} == {
            "achievements", "headline-data", "domestic-abuse", "stop-domestic-abuse"}
        assert len(texts) == 5
        plain = run("diff", str(published / "v1.0"), str(CORRECTED))
        assert plain.returncode == 0
        assert "…offences equal to a 92% arrest rate" in plain.stdout
        assert plain.stdout.strip().endswith("9 changes")


def it_builds_the_same_bytes_twice(tmp_path: Path):
    first = cspdoc.build(WINCHESTER, tmp_path / "a")
    time.sleep(1.1)  # a zip or PDF date from the clock would now differ
    second = cspdoc.build(WINCHESTER, tmp_path / "b")
    assert hashes(first.folder) == hashes(second.folder)


def it_leaves_no_partial_version_when_killed(tmp_path: Path):
    out = tmp_path / "out"
    cspdoc.publish(WINCHESTER, out, allow_errors="published as received")
    before = hashes(out / SLUG / "v1.0")
    partial = out / SLUG / ".partial"
    proc = subprocess.Popen([*CLI, "publish", str(CORRECTED), "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        # Kill once rendering has begun: the staging folder holds the first document.
        while not any(partial.glob("*/*.docx")):
            assert proc.poll() is None, "publish finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert sorted(p.name for p in (out / SLUG).iterdir()) == [".partial", "v1.0"]
    assert hashes(out / SLUG / "v1.0") == before
    # The next run clears what the killed one left, and publishes.
    result = cspdoc.publish(CORRECTED, out)
    assert not result.unchanged
    assert sorted(p.name for p in (out / SLUG).iterdir()) == ["v1.0", "v1.1"]
    assert hashes(out / SLUG / "v1.0") == before


class DescribeCanonicalVersions:
    @pytest.mark.parametrize("written", ['"1"', '"1.0"', '"1.00"', '"01.0"', "1", "1.0",
                                         "1.00", '"1.0.0"'])
    def it_names_every_spelling_of_one_version_alike(self, make_report, tmp_path,
                                                     written: str):
        from tests.conftest import PUBLISHABLE_YAML as MINIMAL_YAML

        folder = make_report(MINIMAL_YAML.replace("  slug: test-report",
                                                  f"  slug: test-report\n  version: {written}"))
        result = cspdoc.publish(folder, tmp_path)
        assert result.report.meta.version == "1.0"
        assert result.folder == tmp_path / "test-report" / "v1.0"
        assert {"test-report-v1.0.docx", "test-report-v1.0.pdf"} <= {
            p.name for p in result.folder.iterdir()}

    def it_reads_an_unquoted_1_10_as_written(self, make_report):
        from tests.conftest import PUBLISHABLE_YAML as MINIMAL_YAML

        folder = make_report(MINIMAL_YAML.replace("  slug: test-report",
                                                  "  slug: test-report\n  version: 1.10"))
        assert cspdoc.load(folder).meta.version == "1.10"

    def it_refuses_a_second_different_1_0(self, make_report, tmp_path):
        from tests.conftest import PUBLISHABLE_YAML as MINIMAL_YAML

        def version(v: str, title: str = "Test report") -> Path:
            return make_report(MINIMAL_YAML.replace("  slug: test-report",
                                                    f"  slug: test-report\n  version: '{v}'")
                               .replace("title: Test report", f"title: {title}"))

        cspdoc.publish(version("1"), tmp_path)
        before = hashes(tmp_path / "test-report" / "v1.0")
        done = run("publish", str(version("1.00", "Test report, revised")), "--out",
                   str(tmp_path))
        assert done.returncode == 2
        assert "v1.0 is already published with different content" in done.stderr
        assert hashes(tmp_path / "test-report" / "v1.0") == before
        assert sorted(p.name for p in (tmp_path / "test-report").iterdir()) == ["v1.0"]

    def it_refuses_a_version_published_under_an_older_name(self, make_report, tmp_path):
        from tests.conftest import PUBLISHABLE_YAML as MINIMAL_YAML

        slug = tmp_path / "test-report"
        cspdoc.publish(make_report(MINIMAL_YAML), tmp_path)
        (slug / "v1.0").rename(slug / "v1.00")  # as a cspdoc before canonical names did
        with pytest.raises(OutputError, match=r"v1\.00 already holds version 1\.0"):
            cspdoc.publish(make_report(MINIMAL_YAML.replace("title: Test report",
                                                            "title: Another")), tmp_path)
        assert sorted(p.name for p in slug.iterdir()) == ["v1.00"]
