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
