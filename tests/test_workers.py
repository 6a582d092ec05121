"""workers.py: writers run side by side give the bytes they give one after another, and
a failure in a forked writer reaches the caller whole."""

from __future__ import annotations

import os

import pytest

from cspdoc import pipeline, workers
from cspdoc.errors import ResourceError
from cspdoc.where import Where
from tests.conftest import MakeReport

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="no fork on this system")


def it_writes_the_same_bytes_side_by_side_as_in_turn(make_report: MakeReport, tmp_path):
    folder = make_report()
    report = pipeline.prepare(folder).report
    for name, parallel in (("turn", False), ("side", True)):
        (tmp_path / name).mkdir()
        pipeline.write_outputs(report, tmp_path / name, folder, parallel=parallel)
    for fmt in ("docx", "pdf"):
        name = f"test-report-v1.0.{fmt}"
        assert (tmp_path / "turn" / name).read_bytes() == (tmp_path / "side" / name).read_bytes()


def it_raises_a_childs_cspdoc_error_with_its_place(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 2)
    pid = os.getpid()

    def fail() -> None:
        assert os.getpid() != pid  # really in another process
        raise ResourceError("'logo.png': file not found", Where(file="report.yaml", line=7))

    with pytest.raises(ResourceError) as caught:
        workers.run_alongside([fail, lambda: None])
    assert caught.value.line() == "report.yaml:7: 'logo.png': file not found"


def it_reports_a_child_that_dies(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 2)
    with pytest.raises(workers.WorkerFailed, match="ended with code 9"):
        workers.run_alongside([lambda: os._exit(9), lambda: None])


def it_runs_in_turn_on_one_core(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 1)
    seen: list[int] = []
    workers.run_alongside([lambda: seen.append(os.getpid()), lambda: seen.append(os.getpid())])
    assert seen == [os.getpid(), os.getpid()]
