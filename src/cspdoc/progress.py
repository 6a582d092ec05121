"""Building several report folders at once, and telling the officer how it goes.

``build_all`` builds each folder with ``pipeline.build``: one in this process, several in
forked processes, as many at a time as there are cores (a report's DOCX gets a process
of its own only while cores are left over). Each step is an event (report, what,
detail) for a display: on a terminal ``LiveDisplay`` keeps one line per report showing
its step, the PDF's page count moving as it is laid out; piped, ``PlainDisplay`` writes
a plain line as each document starts and ends (on stdout, so that stderr holds only the
problems; on stderr with --json, whose stdout is the JSON). ``Outcome`` is what each build came to,
with its JSON form for ``--json``.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from cspdoc import pipeline, workers
from cspdoc.drafts import Kept
from cspdoc.errors import CspdocError
from cspdoc.findings import Verification


@dataclass
class Options:
    """What every build of a batch is asked for."""

    out: Path
    formats: Sequence[str]
    docx_template: Path | None = None


@dataclass
class Outcome:
    """One report's build: its outputs and findings, or the error that stopped it."""

    report: Path
    seconds: float = 0.0
    slug: str | None = None
    folder: Path | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    verification: Verification | None = None
    kept: list[Kept] = field(default_factory=list)  # other formats' files left in the draft
    error: CspdocError | None = None
    failure: str | None = None  # an internal error, as one line
    trace: str | None = None  # the error's traceback (printed with --debug)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "report": str(self.report), "status": self.status,
            "seconds": round(self.seconds, 3)}
        if self.slug is not None:
            data.update(slug=self.slug, folder=str(self.folder),
                        outputs={fmt: str(path) for fmt, path in self.outputs.items()},
                        kept=[{"format": k.format, "path": str(k.path), "current": k.current}
                              for k in self.kept])
        if self.verification is not None:
            v = self.verification
            data["findings"] = {"errors": v.errors, "warnings": v.warnings,
                                "checked": v.checked, "unverified": v.unverified}
        if self.error is not None:
            errors = getattr(self.error, "errors", [self.error])
            data["errors"] = [e.line() for e in errors]
        if self.failure is not None:
            data["failure"] = self.failure
        return data

    @property
    def status(self) -> str:
        if self.error is not None:
            return "invalid-input"
        return "failed" if self.failure is not None else "built"


class Display(Protocol):
    def event(self, index: int, what: str, detail: str) -> None: ...

    def finished(self, index: int, outcome: Outcome) -> None: ...

    def close(self) -> None: ...


_NAMES = {"read": "reading", "verify": "verifying", "docx": "writing the DOCX",
          "pdf": "laying out the PDF", "html": "writing the HTML page"}


class PlainDisplay:
    """A plain line on ``stream`` as each document starts and is done (for logs)."""

    def __init__(self, reports: Sequence[Path], stream: TextIO) -> None:
        self.names = [str(r) for r in reports]
        self.stream = stream

    def event(self, index: int, what: str, detail: str) -> None:
        if what in ("read", "verify") or detail.startswith("page "):
            return
        text = {"": _NAMES.get(what, what), "done": f"{what} written",
                "reused": f"{what} unchanged: reused"}.get(detail, f"{what} {detail}")
        # One write per line: the DOCX is written by a forked process sharing this
        # stream, and print()'s separate write of the newline let two lines run together.
        self.stream.write(f"cspdoc: {self.names[index]}: {text}\n")
        self.stream.flush()

    def finished(self, index: int, outcome: Outcome) -> None:
        return None

    def close(self) -> None:
        return None


class LiveDisplay:
    """One line per report on a terminal, redrawn as its steps go by."""

    def __init__(self, reports: Sequence[Path], stream: TextIO) -> None:
        from rich.console import Console
        from rich.live import Live

        self.names = [str(r) for r in reports]
        self.steps = ["waiting"] * len(reports)
        self.started = [time.monotonic()] * len(reports)
        self.live = Live(self._render(), console=Console(file=stream),
                         refresh_per_second=8, transient=True)
        self.live.start()

    def _render(self) -> Any:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        for name, step in zip(self.names, self.steps, strict=True):
            table.add_row(name, step)
        return table

    def event(self, index: int, what: str, detail: str) -> None:
        if what == "read" and self.steps[index] == "waiting":
            self.started[index] = time.monotonic()
        if detail.startswith("page "):
            text = f"laying out the PDF: {detail}"
        elif detail in ("done", "reused"):
            text = f"{what} {'written' if detail == 'done' else 'unchanged'}"
        else:
            text = _NAMES.get(what, what)
        self.steps[index] = text
        self.live.update(self._render())

    def finished(self, index: int, outcome: Outcome) -> None:
        self.steps[index] = {"built": "done", "invalid-input": "invalid input",
                             "failed": "failed"}[outcome.status]
        self.live.update(self._render())

    def close(self) -> None:
        self.live.stop()


def display_for(reports: Sequence[Path], stream: TextIO = sys.stderr,
                plain: TextIO | None = None) -> Display:
    """A live display when ``stream`` is a terminal that can redraw lines (not
    TERM=dumb, where rich draws nothing); otherwise plain lines on ``plain`` (default
    ``stream``)."""
    if stream.isatty():
        from rich.console import Console

        if not Console(file=stream).is_dumb_terminal:
            return LiveDisplay(reports, stream)
    return PlainDisplay(reports, plain or stream)


def build_one(report: Path, options: Options, *, parallel: bool,
              tell: pipeline.Progress) -> Outcome:
    """Build one report folder; input errors and internal errors become its Outcome."""
    start = time.monotonic()
    outcome = Outcome(report)
    try:
        result = pipeline.build(report, options.out, formats=options.formats,
                                docx_template=options.docx_template, parallel=parallel,
                                progress=tell)
    except CspdocError as error:
        outcome.error = error
        outcome.trace = traceback.format_exc()
    except Exception as error:  # reported, never a traceback (unless asked: --debug)
        outcome.failure = f"{type(error).__name__}: {error}"
        outcome.trace = traceback.format_exc()
    else:
        v = result.verification
        outcome.slug = result.slug
        outcome.folder = result.folder
        outcome.outputs = {**result.outputs,
                           "verification": result.folder / pipeline.VERIFICATION}
        outcome.verification = v
        outcome.kept = result.kept
    outcome.seconds = time.monotonic() - start
    return outcome


def _worker(index: int, report: Path, options: Options, parallel: bool,
            queue: Any) -> None:
    def tell(what: str, detail: str) -> None:
        queue.put(("event", index, what, detail))

    queue.put(("done", index, build_one(report, options, parallel=parallel, tell=tell)))


def _teller(display: Display, index: int) -> pipeline.Progress:
    return lambda what, detail: display.event(index, what, detail)


def build_all(reports: Sequence[Path], options: Options, display: Display) -> list[Outcome]:
    """Build every report folder, as many at a time as there are cores; outcomes in the
    order given."""
    if len(reports) == 1 or not workers.can_fork():
        outcomes = []
        for index, report in enumerate(reports):
            outcome = build_one(report, options, parallel=True, tell=_teller(display, index))
            display.finished(index, outcome)
            outcomes.append(outcome)
        return outcomes
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    slots = workers.cores()
    parallel = len(reports) < slots  # a report's DOCX alongside only on a spare core
    pending = list(enumerate(reports))
    running: dict[int, Any] = {}
    done: dict[int, Outcome] = {}
    while pending or running:
        while pending and len(running) < slots:
            index, report = pending.pop(0)
            process = context.Process(target=_worker, daemon=True,
                                      args=(index, report, options, parallel, queue))
            process.start()
            running[index] = process
        try:
            message = queue.get(timeout=0.5)
        except Exception:  # queue.Empty: see whether a process died without a word
            for index, process in list(running.items()):
                if not process.is_alive() and queue.empty():
                    process.join()
                    del running[index]
                    done[index] = Outcome(reports[index], failure=(
                        f"the build process ended with code {process.exitcode}"))
                    display.finished(index, done[index])
            continue
        if message[0] == "event":
            display.event(*message[1:])
        else:
            _, index, outcome = message
            running.pop(index).join()
            done[index] = outcome
            display.finished(index, outcome)
    return [done[i] for i in range(len(reports))]
