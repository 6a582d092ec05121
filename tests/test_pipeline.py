"""pipeline.py: a build or publish whose output place holds a file in the way is refused
before anything is read from or written under --out."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspdoc.cli import main
from cspdoc.errors import OutputError
from cspdoc.pipeline import build, publish
from tests.conftest import MakeReport


def snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


class DescribeAFileInTheWay:
    def it_refuses_out_naming_a_file(self, make_report: MakeReport, tmp_path: Path, capsys):
        in_the_way = tmp_path / "out.txt"
        in_the_way.write_text("minutes of the last meeting", encoding="utf-8")
        code = main(["build", str(make_report()), "--out", str(in_the_way)])
        err = capsys.readouterr().err
        assert code == 2
        assert err == (f"{in_the_way}: the output folder is a file; choose another --out "
                       "or move the file\n")
        assert in_the_way.read_text(encoding="utf-8") == "minutes of the last meeting"

    def it_refuses_a_file_where_the_slug_folder_goes(self, make_report: MakeReport,
                                                     tmp_path: Path):
        out = tmp_path / "out"
        out.mkdir()
        (out / "test-report").write_text("", encoding="utf-8")
        before = snapshot(out)
        with pytest.raises(OutputError, match="a file stands where the output needs a "
                           "folder") as info:
            build(make_report(), out)
        assert info.value.where.file == str(out / "test-report")
        assert snapshot(out) == before

    def it_refuses_a_file_above_the_output_folder(self, make_report: MakeReport,
                                                  tmp_path: Path):
        (tmp_path / "shared").write_text("", encoding="utf-8")
        with pytest.raises(OutputError) as info:
            publish(make_report(), tmp_path / "shared" / "papers", allow_errors="test")
        assert info.value.where.file == str(tmp_path / "shared")

    def it_names_a_relative_out_as_given(self, make_report: MakeReport, tmp_path: Path,
                                         monkeypatch, capsys):
        monkeypatch.chdir(tmp_path)
        Path("out").write_text("", encoding="utf-8")
        assert main(["build", str(make_report()), "--out", "out"]) == 2
        assert capsys.readouterr().err.startswith("out: the output folder is a file")
