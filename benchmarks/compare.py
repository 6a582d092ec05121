"""cspdoc against the plain routes, as whole cold processes: what `make bench` prints.

    .venv/bin/python -m benchmarks.compare [--runs N] [--runs-long N] [--keep DIR]

Each comparison runs its two commands as fresh processes, one after the other, in
alternating order (A B, B A, A B, ...), so that drift on a shared machine hits both
alike; it prints each side's median with its spread (the interquartile range, and the
lowest and highest run), and the median of the paired ratios with theirs, against the
target of issue 12:

1. ``cspdoc build`` of the Winchester paper (check, DOCX and PDF) against pandoc
   (Markdown to DOCX, from pypandoc-binary) then LibreOffice (DOCX to PDF) on the same
   content: at most 1.0 (aim 0.7); and the same ten times as long: at most 2.0;
2. cspdoc's PDF stage (``cspdoc build --format pdf``) against the ``weasyprint``
   command on the naive HTML of the same content (python-markdown, a minimal print
   stylesheet): at most 1.0;
3. ``cspdoc check`` against ``python -c "import yaml, markdown"`` (cspdoc reads YAML
   with ruamel.yaml, not PyYAML; the baseline is the issue's): at most 4.0;
4. a rebuild with nothing changed against a full build: at most 0.25;
5. peak memory of the ten-times build, the resident set of its whole process tree
   (summed over processes, sampled every 20 ms; its proportional share, which counts
   pages shared by the forked writer once, beside it): at most 350 MB.

Every cspdoc build but the rebuild writes into a fresh folder, so nothing is reused.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WINCHESTER = ROOT / "fixtures" / "winchester-2024-25"

Command = Callable[[int], Sequence[Sequence[str]]]  # run index -> commands in sequence


@dataclass
class Sample:
    seconds: float
    rss_mb: float = 0.0
    pss_mb: float = 0.0


@dataclass
class Side:
    name: str
    commands: Command
    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> list[float]:
        return [s.seconds for s in self.samples]


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    out = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                out += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return out


def _memory(pid: int, field_name: str, path: str) -> int:
    """A process's ``field_name`` in kB from /proc/<pid>/<path> (0 if gone)."""
    try:
        with open(f"/proc/{pid}/{path}") as handle:
            for line in handle:
                if line.startswith(field_name):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def _tree(pid: int) -> list[int]:
    seen, stack = [], [pid]
    while stack:
        current = stack.pop()
        seen.append(current)
        stack.extend(_children(current))
    return seen


def run_measured(commands: Sequence[Sequence[str]]) -> Sample:
    """Run the commands one after another; wall time, and the peak RSS and PSS of each
    one's process tree (the highest over the commands)."""
    start = time.perf_counter()
    peak_rss = peak_pss = 0
    for argv in commands:
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stop = threading.Event()
        peaks = [0, 0]

        def sample(pid: int = process.pid, peaks: list[int] = peaks,
                   stop: threading.Event = stop) -> None:
            while not stop.is_set():
                pids = _tree(pid)
                peaks[0] = max(peaks[0], sum(_memory(p, "VmRSS:", "status") for p in pids))
                peaks[1] = max(peaks[1], sum(_memory(p, "Pss:", "smaps_rollup")
                                             for p in pids))
                stop.wait(0.02)

        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        _, err = process.communicate()
        stop.set()
        watcher.join()
        if process.returncode not in (0, 1):  # 1: the published paper's findings
            raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}):\n"
                             f"{err.decode(errors='replace')[-2000:]}")
        peak_rss, peak_pss = max(peak_rss, peaks[0]), max(peak_pss, peaks[1])
    return Sample(time.perf_counter() - start, peak_rss / 1024, peak_pss / 1024)


def _spread(values: Sequence[float]) -> tuple[float, float, float, float, float]:
    """Median, quartiles, lowest and highest."""
    ordered = sorted(values)
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = q3 = ordered[0]
    return statistics.median(ordered), q1, q3, ordered[0], ordered[-1]


def _show(value: Sequence[float], unit: str, digits: int = 2) -> str:
    med, q1, q3, lo, hi = _spread(value)
    return (f"{med:.{digits}f}{unit} (IQR {q1:.{digits}f}-{q3:.{digits}f}, "
            f"range {lo:.{digits}f}-{hi:.{digits}f})")


@dataclass
class Result:
    title: str
    a: Side
    b: Side
    target: float
    aim: float | None = None

    @property
    def ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a.seconds, self.b.seconds, strict=True)]

    def report(self) -> list[str]:
        ratio = statistics.median(self.ratios)
        verdict = "meets" if ratio <= self.target else "MISSES"
        aim = f", aim {self.aim:.2f}" if self.aim is not None else ""
        return [f"{self.title} ({len(self.ratios)} pairs)",
                f"  {self.a.name:<34} {_show(self.a.seconds, ' s')}",
                f"  {self.b.name:<34} {_show(self.b.seconds, ' s')}",
                f"  ratio {_show(self.ratios, '', 3)}  target <= {self.target:.2f}{aim}: "
                f"{verdict}"]


def compare(title: str, a: Side, b: Side, runs: int, target: float,
            aim: float | None = None) -> Result:
    """``runs`` pairs, the order of each pair flipped from the one before."""
    for i in range(runs):
        for side in ((a, b) if i % 2 == 0 else (b, a)):
            side.samples.append(run_measured(side.commands(i)))
        print(f"  {title}: pair {i + 1}/{runs}", file=sys.stderr, flush=True)
    return Result(title, a, b, target, aim)


def _pandoc() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="pairs of each 1x comparison")
    parser.add_argument("--runs-long", type=int, default=3, help="pairs at 10x")
    parser.add_argument("--keep", type=Path, help="keep the work folder here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from benchmarks import naive, synthetic
    from cspdoc.pipeline import prepare

    work = Path(tempfile.mkdtemp(prefix="cspdoc-bench-", dir=args.keep))
    cspdoc, python = str(BIN / "cspdoc"), sys.executable
    weasyprint, pandoc = str(BIN / "weasyprint"), _pandoc()
    soffice = shutil.which("soffice") or "soffice"
    profile = (work / "lo-profile").as_uri()
    x10 = synthetic.write_folder(10, work / "x10")
    routes = {}
    for name, folder in (("1x", WINCHESTER), ("10x", x10)):
        md, html = naive.write(prepare(folder).report, work / f"naive-{name}")
        routes[name] = (md, html)

    def fresh(i: int, tag: str) -> str:
        path = work / f"out-{tag}-{i}"
        shutil.rmtree(path, ignore_errors=True)
        return str(path)

    def build(folder: Path, tag: str, *extra: str) -> Command:
        return lambda i: [[cspdoc, "build", str(folder), "--out", fresh(i, tag), *extra]]

    def route(name: str) -> Command:
        md = routes[name][0]
        docx = md.with_suffix(".docx")
        return lambda i: [[pandoc, str(md), "-o", str(docx)],
                          [soffice, f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(md.parent), str(docx)]]

    print(f"warming up (LibreOffice profile, pandoc, caches) in {work}", file=sys.stderr)
    for argv in [*route("1x")(0), [cspdoc, "build", str(WINCHESTER), "--out",
                                   str(work / "prebuilt")],
                 [weasyprint, str(routes["1x"][1]), str(work / "plain.pdf")]]:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)

    results = [
        compare("Reference paper: cspdoc build vs pandoc then LibreOffice",
                Side("cspdoc build", build(WINCHESTER, "full")),
                Side("pandoc -> DOCX, soffice -> PDF", route("1x")), args.runs, 1.0, 0.7),
        compare("Ten times as long: cspdoc build vs pandoc then LibreOffice",
                Side("cspdoc build (10x)", build(x10, "x10")),
                Side("pandoc -> DOCX, soffice -> PDF (10x)", route("10x")),
                args.runs_long, 2.0),
        compare("PDF stage: cspdoc build --format pdf vs weasyprint on naive HTML",
                Side("cspdoc build --format pdf", build(WINCHESTER, "pdf", "--format", "pdf")),
                Side("weasyprint naive.html",
                     lambda i: [[weasyprint, str(routes["1x"][1]), str(work / "plain.pdf")]]),
                args.runs, 1.0),
        compare("Check: cspdoc check vs python -c 'import yaml, markdown'",
                Side("cspdoc check", lambda i: [[cspdoc, "check", str(WINCHESTER)]]),
                Side("import yaml, markdown",
                     lambda i: [[python, "-c", "import yaml, markdown"]]),
                args.runs * 2, 4.0),
        compare("Rebuild with nothing changed vs full build",
                Side("cspdoc build (unchanged)", lambda i: [[
                    cspdoc, "build", str(WINCHESTER), "--out", str(work / "prebuilt")]]),
                Side("cspdoc build (fresh folder)", build(WINCHESTER, "again")),
                args.runs, 0.25),
    ]
    lines = ["", "=" * 78, "cspdoc benchmark (issue 12): whole cold processes, "
             f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at the end", ""]
    for result in results:
        lines += [*result.report(), ""]
    long_build = results[1].a
    rss = [s.rss_mb for s in long_build.samples]
    pss = [s.pss_mb for s in long_build.samples]
    worst = max(rss)
    lines += ["Peak memory of the 10x build (process tree)",
              f"  RSS summed {_show(rss, ' MB', 0)}",
              f"  PSS summed {_show(pss, ' MB', 0)}",
              f"  highest RSS {worst:.0f} MB  target <= 350 MB: "
              f"{'meets' if worst <= 350 else 'MISSES'}",
              f"  (pandoc then LibreOffice at 10x: RSS "
              f"{_show([s.rss_mb for s in results[1].b.samples], ' MB', 0)})", ""]
    print("\n".join(lines))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
