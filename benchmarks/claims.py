"""What the claim finder adds to `cspdoc check`: plain prose checked by itself.

    .venv/bin/python benchmarks/claims.py [--repeat N]

For the reference paper (fixtures/winchester-2024-25) and its plain transcription
(fixtures/winchester-2024-25-plain): the verify stage with the claim finder and with it
switched off (the units and index not built, no unit read), in alternating order, and
`cspdoc check` as a whole cold process. Prints medians and the median of the paired
differences, by the wall clock and by CPU time (steadier when the machine is busy), in
one process (patterns compiled once) and as fresh processes' first verify (what a cold
`cspdoc check` pays, compiling the patterns it needs included), plus what importing the
claim finder's modules costs a fresh process (their own time, from `-X importtime`): the
last two together are what the claim finder adds to a cold `cspdoc check`.
Target (issue 14): the claim finder adds at most 0.2 s to `cspdoc check` on
the reference paper. Quote medians from one run: these machines are noisy.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cspdoc.cli import settle
from cspdoc.pipeline import prepare
from cspdoc.transforms import verify as verify_module
from cspdoc.transforms.claims.index import Index

ROOT = Path(__file__).resolve().parents[1]
REPORTS = {"reference": ROOT / "fixtures" / "winchester-2024-25",
           "plain": ROOT / "fixtures" / "winchester-2024-25-plain"}


@contextmanager
def without_claims() -> Iterator[None]:
    """The verifier as it was before the claim finder: no units, no index, no claims."""
    saved = (verify_module.prose_units, verify_module.build_index,
             verify_module.ClaimFinder.check)
    verify_module.prose_units = lambda report: []  # type: ignore[assignment]
    verify_module.build_index = lambda report, withheld=frozenset(): Index()  # type: ignore
    verify_module.ClaimFinder.check = lambda self, unit: []  # type: ignore[method-assign]
    try:
        yield
    finally:
        (verify_module.prose_units, verify_module.build_index,
         verify_module.ClaimFinder.check) = saved


def _time(fn: object, clock: object) -> float:
    start = clock()  # type: ignore[operator]
    fn()  # type: ignore[operator]
    return clock() - start  # type: ignore[operator,no-any-return]


def stage(folder: Path, repeat: int, clock: object = time.perf_counter
          ) -> tuple[list[float], list[float]]:
    report = prepare(folder).report
    on: list[float] = []
    off: list[float] = []
    for i in range(repeat):
        order = (True, False) if i % 2 == 0 else (False, True)
        for claims in order:
            if claims:
                on.append(_time(lambda: verify_module.verify(report), clock))
            else:
                with without_claims():
                    off.append(_time(lambda: verify_module.verify(report), clock))
    return on, off


def first_verify(folder: Path, claims: bool) -> float:
    """In this (fresh) process: the CPU time of the first verify of ``folder``, with or
    without the claim finder, so the cost of compiling its patterns is counted as a cold
    ``cspdoc check`` pays it (CPU time: the wall clock of one short run on a busy
    machine says more of the machine than of the code)."""
    settle()  # as `cspdoc check` does before it reads the report
    report = prepare(folder).report
    if claims:
        return _time(lambda: verify_module.verify(report), time.process_time)
    with without_claims():
        return _time(lambda: verify_module.verify(report), time.process_time)


def cold_pairs(folder: Path, repeat: int) -> list[float]:
    """What the claim finder adds to the first verify of fresh processes (paired, in
    alternating order)."""
    added = []
    for i in range(repeat):
        got = {}
        for claims in ((True, False) if i % 2 == 0 else (False, True)):
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.claims", "--first-verify", str(folder),
                 "--claims" if claims else "--no-claims"],
                capture_output=True, text=True, check=True, cwd=ROOT)
            got[claims] = float(out.stdout)
        added.append(got[True] - got[False])
    return added


def import_cost(repeat: int) -> list[float]:
    """Seconds a fresh process spends importing the claim finder's own modules (their
    self time by ``-X importtime``; what they import from elsewhere is imported anyway)."""
    out = []
    for _ in range(repeat):
        run = subprocess.run([sys.executable, "-X", "importtime", "-c", "import cspdoc.pipeline"],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        micros = 0
        for line in run.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[2].strip().startswith("cspdoc.transforms.claims"):
                micros += int(parts[0].split(":")[1])
        out.append(micros / 1e6)
    return out


def bytecode_cached() -> tuple[int, int]:
    """How many of the claim finder's modules have up-to-date cached bytecode: a fresh
    process compiles the source of the others again, and where PYTHONDONTWRITEBYTECODE is
    set it never caches it (`make` runs compileall after installing)."""
    sources = sorted((ROOT / "src" / "cspdoc" / "transforms" / "claims").glob("*.py"))
    fresh = 0
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        if cached.is_file():
            stamp = int.from_bytes(cached.read_bytes()[8:12], "little")
            fresh += stamp == int(source.stat().st_mtime) & 0xFFFFFFFF
    return fresh, len(sources)


def cold_check(folder: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cspdoc.cli", "check", str(folder), "--json"],
                       capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--first-verify", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--claims", action=argparse.BooleanOptionalAction, default=True,
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_verify is not None:
        print(f"{first_verify(args.first_verify, args.claims):.6f}")
        return
    for name, folder in REPORTS.items():
        for clock, what in ((time.perf_counter, "wall"), (time.process_time, "cpu")):
            on, off = stage(folder, args.repeat, clock)
            added = [a - b for a, b in zip(on, off, strict=True)]
            print(f"{name} ({what}): verify with claims {statistics.median(on):.3f} s, "
                  f"without {statistics.median(off):.3f} s; the claim finder adds "
                  f"{statistics.median(added):.3f} s (median of {args.repeat} pairs; "
                  f"spread {min(added):.3f}-{max(added):.3f}; target <= 0.200)")
        added = cold_pairs(folder, args.repeat)
        imports = statistics.median(import_cost(args.repeat))
        fresh, modules = bytecode_cached()
        print(f"{name} (cold processes): the claim finder adds {statistics.median(added):.3f} s "
              f"to the first verify, compiling its patterns included (median of "
              f"{args.repeat} pairs; spread {min(added):.3f}-{max(added):.3f}), and "
              f"importing its modules takes {imports:.3f} s (bytecode cached for {fresh} "
              f"of {modules}): "
              f"{statistics.median(added) + imports:.3f} s in all (target <= 0.200)")
        cold = cold_check(folder, max(3, args.repeat // 3))
        print(f"{name}: cspdoc check, cold process: {statistics.median(cold):.2f} s "
              f"(median of {len(cold)})")


if __name__ == "__main__":
    main()
