"""The plain progress log: each line in one write, so processes sharing the stream (the
DOCX is written by a forked one) never run two lines together."""

from __future__ import annotations

from pathlib import Path

from cspdoc.progress import PlainDisplay


class Recording:
    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)

    def flush(self) -> None:
        return None


def it_writes_each_line_whole():
    stream = Recording()
    display = PlainDisplay([Path("q1")], stream)  # type: ignore[arg-type]
    display.event(0, "docx", "")
    display.event(0, "pdf", "done")
    assert stream.writes == ["cspdoc: q1: writing the DOCX\n", "cspdoc: q1: pdf written\n"]
