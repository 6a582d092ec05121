"""Property: no mutation of a report folder makes cspdoc crash, hang or print an
unlocated refusal. Hypothesis mutates the minimal report (conftest.py) and the
Winchester fixture (truncated files, flipped bytes, inserted NULs, control characters,
huge numbers, deep brackets, aliases, deleted and duplicated lines, changed kinds,
deleted files) and runs the CLI's check, then build; derandomized, so CI runs the same
examples every time, and bounded: each run has a time limit, and the examples are few.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspdoc.cli import main
from tests.conftest import MINIMAL_FILES, MINIMAL_YAML, WINCHESTER

SECONDS_PER_RUN = 20  # a run past this is a hang (the alias bomb once ran past 120 s)

# Text an officer's copy and paste, a spreadsheet export or a hostile file can bring.
SNIPPETS = ["\0", "\x1b[31m", "\x0b", "\ufffe", "\ud800", "\u202e", "💥", "—", "£", "%",
            "9" * 400, "1" * 16, "-1", "0", "1e400", "NaN", "(" * 300, ")" * 5, "{= 1 / 0}",
            "{= ", "}", "[^a.b]", "[^", "[@fig:nowhere]", "*" * 40, "&a [*a, *a]", "*a",
            "\n- ", "\n  - ", "\t", "\r\n", ":", ": ", "- ", "|", "\"", "'", ",", ",,,,",
            "~", "null", "2108-01-01", "9999-99-99", "=", "_kind", "total", "# ",
            "[x](javascript:alert(1))", "<script>", "../", "/etc/passwd"]
KINDS = ["label", "text", "count", "number", "money", "percent", "rate", "change",
         "percent_change", "pp_change", "image", "chart", "table", "pie", ""]
# file:line: field: message (the field where one applies; no line for a missing file)
LOCATED = re.compile(r"^(?P<file>[^:\n]+)(?::(?P<line>\d+))?: (?:[^:\n]+: )?\S")


def minimal(folder: Path) -> None:
    folder.mkdir()
    (folder / "report.yaml").write_text(MINIMAL_YAML, encoding="utf-8")
    for rel, text in MINIMAL_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


BASES = {"minimal": minimal, "winchester": lambda folder: shutil.copytree(WINCHESTER, folder)}


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, float, float, str]:
    """(kind, where in the file 0..1, a second place or a byte, a snippet)."""
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "insert", "delete-line",
                                 "duplicate-line", "kind", "delete-file"]))
    return (kind, draw(st.floats(0, 1)), draw(st.floats(0, 1)),
            draw(st.sampled_from(SNIPPETS + KINDS)))


def mutate(folder: Path, target: float, change: tuple[str, float, float, str]) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if not files:
        return
    path = files[min(int(target * len(files)), len(files) - 1)]
    kind, at, other, snippet = change
    data = path.read_bytes()
    pos = int(at * len(data))
    lines = data.split(b"\n")
    line = min(int(at * len(lines)), len(lines) - 1)
    if kind == "truncate":
        data = data[:pos]
    elif kind == "flip" and data:
        data = data[:pos] + bytes([int(other * 255)]) + data[pos + 1:]
    elif kind == "insert":
        data = data[:pos] + snippet.encode("utf-8", "surrogatepass") + data[pos:]
    elif kind == "delete-line":
        data = b"\n".join(lines[:line] + lines[line + 1:])
    elif kind == "duplicate-line":
        data = b"\n".join([*lines[:line], lines[int(other * (len(lines) - 1))], *lines[line:]])
    elif kind == "kind":
        data = re.sub(rb"(kind|type): [a-z_]+", f"\\1: {snippet}".encode("utf-8", "surrogatepass"),
                      data, count=1)
    elif kind == "delete-file":
        path.unlink()
        return
    path.write_bytes(data)


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"a cspdoc run took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with time_limit(SECONDS_PER_RUN), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=25, deadline=timedelta(seconds=SECONDS_PER_RUN * 2),
          derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(["minimal", "minimal", "minimal", "minimal", "winchester"]),
       changes=st.lists(st.tuples(st.floats(0, 1), mutation()), min_size=1, max_size=3))
def it_never_crashes_and_always_says_where(base: str, changes: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "report"
        BASES[base](folder)
        named = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
        for target, change in changes:
            mutate(folder, target, change)
        out = Path(tmp) / "out"
        # The whole paper from the small report; the HTML page from Winchester's (its
        # Word and PDF take seconds: the corpus builds them).
        formats = [] if base == "minimal" else ["--format", "html"]
        for argv in (["check", str(folder)], ["build", str(folder), "--out", str(out),
                                             "--strict", *formats]):
            code, stdout, stderr = run(argv)
            said = f"{argv[0]}: exit {code}\n{stderr}{stdout[-1500:]}"
            assert "internal error" not in stderr and "Traceback" not in stdout + stderr, said
            assert code in (0, 1, 2), said
            if code != 2:
                continue
            located = [m for m in map(LOCATED.match, stderr.splitlines()) if m
                       and m["file"].startswith(f"{folder}/")
                       and m["file"][len(str(folder)) + 1:] in named
                       and (m["line"] is not None or not Path(m["file"]).is_file())]
            assert located, said
            assert not out.exists(), "a refused build wrote under --out"
            break
