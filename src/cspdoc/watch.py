"""``cspdoc check --watch``: check again each time a file of the report changes.

In: a report folder and a function that checks it and prints the result. Out: the
function is run once, then again after each change to a file in the report folder or in
any folder its definition ``extends`` (followed afresh after each run, so an ``extends``
added or removed is watched from then on), until ``stop`` is set or the officer presses
Ctrl-C. Changes arriving together (an editor saving several files) give one check.

File events come from ``watchfiles`` (inotify on Linux, FSEvents on macOS, polling where
neither works), which waits for a burst of changes to settle before it reports.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from cspdoc.errors import CspdocError
from cspdoc.readers.yamlsrc import load_yaml

# What a report reads: its definition, text, tables and images. Anything else changing
# under its folder (a build's outputs, an editor's swap file) does not start a check.
WATCHED = frozenset({".yaml", ".yml", ".md", ".csv", ".xlsx", ".xlsm", ".png", ".jpg",
                     ".jpeg", ".gif", ".svg"})


def report_folders(folder: Path) -> list[Path]:
    """The report folder and every folder its definition ``extends``, in order; a
    definition that cannot be read ends the chain there (its own folder is watched)."""
    out = [folder.resolve()]
    while True:
        try:
            node = load_yaml(out[-1] / "report.yaml", "report.yaml")
            base = node.get("extends") if node.is_map() else None
            if base is None:
                return out
            nxt = (out[-1] / base.text("extends")).resolve()
        except CspdocError:
            return out
        if nxt in out or not nxt.is_dir():
            return out
        out.append(nxt)


def watch_report(folder: Path, run: Callable[[], object], *,
                 changed: Callable[[list[Path]], None] | None = None,
                 stop: threading.Event | None = None) -> None:
    """Run ``run`` once the watcher is up (so a change made during the first check is
    not lost) and after every change under the report's folders; ``changed`` is told
    which files changed before each new run."""
    first = True
    while stop is None or not stop.is_set():
        folders = report_folders(folder)
        for paths in _changes(folders, stop):
            if not paths:  # the watcher is up, or a quiet spell
                if first:
                    run()
                    first = False
                continue
            if changed is not None:
                changed(paths)
            run()
            if report_folders(folder) != folders:
                break  # extends changed: watch the new chain
        else:
            return


def _changes(folders: list[Path], stop: threading.Event | None) -> Iterator[list[Path]]:
    """Each batch of changed files; an empty batch after every quiet fifth of a second
    (the first says the watcher is up)."""
    from watchfiles import watch

    def wanted(_change: object, path: str) -> bool:
        name = Path(path)
        return name.suffix.lower() in WATCHED and not name.name.startswith(".")

    for batch in watch(*folders, watch_filter=wanted, stop_event=stop, debounce=400,
                       rust_timeout=200, yield_on_timeout=True, raise_interrupt=False):
        yield sorted({Path(path) for _, path in batch})
