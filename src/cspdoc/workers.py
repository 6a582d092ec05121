"""Run a build's writers side by side: each in a forked process but the last, which runs
here. A fork shares the prepared report as it is (nothing to copy or pickle), so the
DOCX is written while this process lays out the PDF; the bytes are the same as one
after the other. Where processes cannot be forked, or only one core is free, the jobs
run here in turn.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class WorkerFailed(RuntimeError):
    """A forked writer failed with something other than a CspdocError; the message holds
    its traceback."""


def _child(conn: Any, job: Callable[[], None]) -> None:
    from cspdoc.errors import CspdocError

    try:
        job()
        conn.send(None)
    except CspdocError as error:
        conn.send(error)
    except BaseException:  # reported to the parent, which raises it
        conn.send(WorkerFailed(traceback.format_exc()))
    finally:
        conn.close()


def run_alongside(jobs: Sequence[Callable[[], None]], *, parallel: bool = True) -> None:
    """Run every job; with ``parallel`` (and a fork and a second core to use), all but the
    last in child processes. The first failure is raised here once all have ended."""
    if not jobs:
        return
    if not parallel or len(jobs) == 1 or cores() < 2 or not can_fork():
        for job in jobs:
            job()
        return
    context = multiprocessing.get_context("fork")
    started = []
    for job in jobs[:-1]:
        here, there = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(there, job), daemon=True)
        process.start()
        there.close()
        started.append((process, here))
    errors: list[BaseException] = []
    try:
        jobs[-1]()
    except BaseException as error:
        errors.append(error)
    for process, conn in started:
        try:
            outcome = conn.recv()
        except EOFError:
            process.join()
            outcome = WorkerFailed(f"a writer process ended with code {process.exitcode}")
        finally:
            conn.close()
        process.join()
        if outcome is not None:
            errors.append(outcome)
    if errors:
        raise errors[0]
