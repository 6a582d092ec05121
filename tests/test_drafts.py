"""drafts.py: building one format never deletes another format's draft, and the draft's
manifest says which build wrote which file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cspdoc
from tests.conftest import MakeReport
from tests.end_to_end.test_build import cspdoc as run_cli

STEM = "test-report-v1.0"


def manifest(draft: Path) -> dict[str, dict]:
    data = json.loads((draft / "manifest.json").read_text(encoding="utf-8"))
    return {o["format"]: o for o in data["outputs"]}


@pytest.fixture
def drafted(make_report: MakeReport, tmp_path: Path) -> tuple[Path, Path]:
    folder = make_report()
    out = tmp_path / "out"
    done = run_cli("build", str(folder), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return folder, out / "test-report" / "draft"


class DescribeBuildingOneFormat:
    def it_keeps_the_earlier_docx_and_pdf_when_building_html(self, drafted):
        folder, draft = drafted
        docx, pdf = (draft / f"{STEM}.docx").read_bytes(), (draft / f"{STEM}.pdf").read_bytes()
        done = run_cli("build", str(folder), "--out", str(draft.parents[1]),
                       "--format", "html")
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in draft.iterdir()) == [
            "manifest.json", f"{STEM}.docx", f"{STEM}.html", f"{STEM}.pdf",
            "verification.json"]
        assert (draft / f"{STEM}.docx").read_bytes() == docx
        assert (draft / f"{STEM}.pdf").read_bytes() == pdf
        assert f"kept {draft / f'{STEM}.pdf'} from an earlier build (made from this same " \
               "report)" in done.stdout
        entries = manifest(draft)
        assert {f: e["current"] for f, e in entries.items()} == {
            "docx": True, "html": True, "pdf": True}
        assert len({e["model"] for e in entries.values()}) == 1

    def it_marks_a_kept_file_made_from_an_earlier_report(self, drafted):
        folder, draft = drafted
        (folder / "narrative" / "crime.md").write_text(
            "Crime fell[^src], see [@fig:crime].\n\n[^src]: Police data.\n", "utf-8")
        done = run_cli("build", str(folder), "--out", str(draft.parents[1]),
                       "--format", "html")
        assert done.returncode == 0, done.stderr
        assert "made from an earlier report: rebuild with --format docx" in done.stdout
        entries = manifest(draft)
        assert entries["html"]["current"] and not entries["docx"]["current"]
        assert entries["docx"]["model"] != entries["html"]["model"]
        # the next full build brings every format up to date
        result = cspdoc.build(folder, draft.parents[1])
        assert result.kept == [result.kept[0]] and result.kept[0].format == "html"
        assert all(manifest(draft)[f]["current"] for f in ("docx", "pdf"))

    def it_replaces_a_format_it_builds_even_under_another_version(self, drafted):
        folder, draft = drafted
        yaml = folder / "report.yaml"
        yaml.write_text(yaml.read_text("utf-8").replace("  slug: test-report",
                                                        "  slug: test-report\n  version: '1.1'"),
                        "utf-8")
        cspdoc.build(folder, draft.parents[1], formats=["docx"])
        names = sorted(p.name for p in draft.iterdir())
        assert names == ["manifest.json", "test-report-v1.0.pdf", "test-report-v1.1.docx",
                         "verification.json"]
        assert not manifest(draft)["pdf"]["current"]

    def it_lists_every_output_with_its_sha256(self, drafted):
        import hashlib

        _, draft = drafted
        for entry in manifest(draft).values():
            assert hashlib.sha256((draft / entry["path"]).read_bytes()).hexdigest() == \
                entry["sha256"]
