"""buildcache.py through pipeline.build: a draft document is reused only when nothing it
is made from changed, and a reused document is byte for byte a fresh build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cspdoc import buildcache, pipeline
from tests.conftest import MINIMAL_YAML, MakeReport

IMAGE = Path(__file__).parent / "writers" / "data" / "pixel.png"
WITH_IMAGE = MINIMAL_YAML.replace("sections:", """\
  logo:
    type: image
    caption: The partnership's logo
    alt: A single pixel
    src: images/pixel.png
sections:""") + "      - figure: logo\n"


def build(folder: Path, out: Path, **options) -> tuple[pipeline.BuildResult, list[str]]:
    """Build, returning the result and the formats that were reused."""
    reused: list[str] = []

    def hear(what: str, detail: str) -> None:
        if detail == "reused":
            reused.append(what)

    result = pipeline.build(folder, out, progress=hear, **options)
    return result, reused


@pytest.fixture
def report(make_report: MakeReport) -> Path:
    folder = make_report(WITH_IMAGE)
    (folder / "images").mkdir()
    shutil.copyfile(IMAGE, folder / "images" / "pixel.png")
    return folder


class DescribeRebuild:
    def it_reuses_every_document_when_nothing_changed(self, report, tmp_path):
        out = tmp_path / "out"
        first, reused = build(report, out)
        assert reused == []
        before = {fmt: path.read_bytes() for fmt, path in first.outputs.items()}
        second, reused = build(report, out)
        assert sorted(reused) == ["docx", "pdf"]
        assert {fmt: p.read_bytes() for fmt, p in second.outputs.items()} == before

    def it_gives_the_bytes_of_a_fresh_build(self, report, tmp_path):
        (report / "tables" / "crime.csv").write_text(  # a wrong variance: a finding
            "offence,2023,2024,Variance\nRobbery,19,21,5\nTheft,1712,1805,93\n"
            "Total,1731,1826,98\n", encoding="utf-8")
        build(report, tmp_path / "cached")
        cached, reused = build(report, tmp_path / "cached")
        fresh, none = build(report, tmp_path / "fresh")
        assert sorted(reused) == ["docx", "pdf"] and none == []
        for fmt in ("docx", "pdf"):
            assert cached.outputs[fmt].read_bytes() == fresh.outputs[fmt].read_bytes(), fmt
        # A reused PDF brings its pages' text: the findings keep their pages.
        name = pipeline.VERIFICATION
        assert (cached.folder / name).read_bytes() == (fresh.folder / name).read_bytes()
        assert [f.where.page for f in cached.verification.findings if f.severity == "error"
                ] == [1, 1]

    @pytest.mark.parametrize("rel", ["report.yaml", "narrative/crime.md", "tables/crime.csv",
                                     "images/pixel.png"])
    def it_rebuilds_both_after_a_one_character_change_in_any_input(self, report, tmp_path,
                                                                      rel):
        out = tmp_path / "out"
        build(report, out)
        path = report / rel
        data = path.read_bytes()
        # One character: a trailing comment or space (the model may not even change),
        # or one byte of the image.
        path.write_bytes(data + (b" " if rel != "images/pixel.png" else b"\0"))
        result, reused = build(report, out)
        assert reused == []
        fresh, _ = build(report, tmp_path / "fresh")
        for fmt in ("docx", "pdf"):
            assert result.outputs[fmt].read_bytes() == fresh.outputs[fmt].read_bytes()

    def it_rebuilds_only_the_docx_for_another_word_template(self, report, tmp_path):
        from cspdoc.writers.docx import default_template

        out = tmp_path / "out"
        template = tmp_path / "house.docx"
        shutil.copyfile(default_template(), template)
        build(report, out, docx_template=template)
        with template.open("ab") as handle:  # still a zip; other bytes
            handle.write(b"\0")
        _, reused = build(report, out, docx_template=template)
        assert reused == ["pdf"]

    def it_never_reuses_a_draft_file_that_was_changed_by_hand(self, report, tmp_path):
        out = tmp_path / "out"
        first, _ = build(report, out)
        first.outputs["pdf"].write_bytes(b"%PDF-1.7 edited")
        second, reused = build(report, out)
        assert reused == ["docx"]
        assert second.outputs["pdf"].read_bytes().startswith(b"%PDF-1.7\n")

    def it_keys_on_cspdocs_own_code(self, report, tmp_path, monkeypatch):
        out = tmp_path / "out"
        build(report, out)
        monkeypatch.setattr(buildcache, "code_digest", lambda: "another cspdoc")
        _, reused = build(report, out)
        assert reused == []

    def it_never_reuses_for_a_report_built_in_python(self, report, tmp_path):
        model = pipeline.load(report)
        out = tmp_path / "out"
        pipeline.build(model, out, report_dir=report)
        assert not (out / "test-report" / buildcache.STAMP).exists()
        _, reused = build(report, out)  # nothing recorded to reuse
        assert reused == []


class DescribeRebuildWithNothingChanged:
    """The whole build reused: not even read again, and the same result."""

    def it_neither_reads_nor_writes_and_reports_the_same(self, report, tmp_path,
                                                         monkeypatch):
        out = tmp_path / "out"
        first, _ = build(report, out)
        before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
                  for p in first.folder.iterdir()}

        def refuse(*_args, **_kwargs):
            raise AssertionError("the report was read again")

        monkeypatch.setattr(pipeline, "read_report", refuse)
        second, reused = build(report, out)
        assert sorted(reused) == ["docx", "pdf"]
        assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
                for p in second.folder.iterdir()} == before
        assert second.outputs == first.outputs and second.slug == "test-report"
        assert second.verification.dumps() == first.verification.dumps()
        assert second.verification.prose_verified == first.verification.prose_verified
        assert second.verification.captions == first.verification.captions
        monkeypatch.undo()  # the report itself is read on first use, and is the same
        assert second.report == first.report

    def it_builds_afresh_when_a_draft_file_is_gone_or_added(self, report, tmp_path):
        out = tmp_path / "out"
        first, _ = build(report, out)
        (first.folder / pipeline.VERIFICATION).unlink()
        second, reused = build(report, out)  # the documents reused, the rest written
        assert sorted(reused) == ["docx", "pdf"]
        assert (second.folder / pipeline.VERIFICATION).read_text() == \
            first.verification.dumps()
        (second.folder / "notes.txt").write_text("mine", encoding="utf-8")
        third, _ = build(report, out)
        assert not (third.folder / "notes.txt").exists()  # a draft holds only the build

    def it_builds_afresh_for_other_formats(self, report, tmp_path):
        out = tmp_path / "out"
        build(report, out)
        result, reused = build(report, out, formats=["docx", "pdf", "html"])
        assert sorted(reused) == ["docx", "pdf"] and "html" in result.outputs
        assert result.outputs["html"].is_file()

    def it_notices_a_file_added_where_the_folder_it_extends_had_it(self, make_report,
                                                                     tmp_path):
        base = make_report()
        child = tmp_path / "child"
        child.mkdir()
        (child / "report.yaml").write_text(f"extends: {base}\n", encoding="utf-8")
        out = tmp_path / "out"
        first, _ = build(child, out)
        (child / "narrative").mkdir()
        (child / "narrative" / "crime.md").write_text(  # now read instead of the base's
            "Robbery rose from 19 to 21, an increase of 2 offences.\n", encoding="utf-8")
        second, reused = build(child, out)
        assert reused == []
        fresh, _ = build(child, tmp_path / "fresh")
        for fmt in ("docx", "pdf"):
            assert second.outputs[fmt].read_bytes() == fresh.outputs[fmt].read_bytes()
        assert (second.folder / pipeline.VERIFICATION).read_bytes() == \
            (fresh.folder / pipeline.VERIFICATION).read_bytes()
        assert second.report == fresh.report != first.report

    def it_builds_afresh_once_a_version_is_published(self, make_report, tmp_path):
        from tests.conftest import PUBLISHABLE_YAML

        folder = make_report(PUBLISHABLE_YAML)
        out = tmp_path / "out"
        pipeline.publish(folder, out)
        (folder / "report.yaml").write_text(PUBLISHABLE_YAML.replace(
            "slug: test-report", "slug: test-report\n  version: '1.1'\n  corrections:\n"
            "    - {version: '1.1', date: 2025-03-18, reason: A figure recomputed.}"),
            encoding="utf-8")
        before, _ = build(folder, out)
        assert before.report.notice is not None  # v1.1 corrects the published 1.0
        shutil.rmtree(out / "test-report" / "v1.0")
        after, reused = build(folder, out)
        assert after.report.notice is None and reused == []
