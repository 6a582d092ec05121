"""What cspdoc's PDF costs over plain WeasyPrint, on the same HTML, in one process.

    .venv/bin/python benchmarks/run.py [--repeat N] [--cold]

For the Winchester paper and a report ten times as long (``synthetic.py``), times:

* cspdoc      ``write_pdf``: template → layout (same-page footnote patches, safe
              fetcher) → tagged PDF/UA-1 with the structure tree mended;
* weasyprint  ``HTML(string=same_html).write_pdf()``: the engine alone, default options
              (untagged), on exactly the HTML cspdoc lays out;
* weasyprint/ua  the same with ``pdf_variant="pdf/ua-1"``: the engine's own tagging cost.

Runs alternate between the three so drift hits each alike; medians and ratios are
printed. ``--cold`` also times whole processes (``cspdoc build --format pdf`` against the
``weasyprint`` command on the saved HTML), as an officer would run them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import WINCHESTER, synthetic  # noqa: E402
from cspdoc.pipeline import prepare  # noqa: E402
from cspdoc.resources import templates_dir  # noqa: E402
from cspdoc.writers.html import PRINT_CSS, render_html  # noqa: E402
from cspdoc.writers.pdf import render_document, write_document  # noqa: E402


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench(name: str, report, repeat: int, out: Path) -> dict[str, float]:
    from weasyprint import HTML

    html = render_html(report, paged=True,
                       stylesheet=(templates_dir() / PRINT_CSS).as_uri())
    base = WINCHESTER.as_uri() + "/"
    stages: dict[str, list[float]] = {k: [] for k in (
        "cspdoc", "  html", "  layout", "  write+mend", "weasyprint", "weasyprint/ua")}
    pages = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        render_html(report, paged=True, stylesheet=(templates_dir() / PRINT_CSS).as_uri())
        t1 = time.perf_counter()
        document = render_document(report, WINCHESTER)
        t2 = time.perf_counter()
        write_document(document, out / f"{name}-cspdoc.pdf")
        t3 = time.perf_counter()
        pages = len(document.pages)
        stages["  html"].append(t1 - t0)
        stages["  layout"].append(t2 - t1)
        stages["  write+mend"].append(t3 - t2)
        stages["cspdoc"].append(t3 - t0)
        stages["weasyprint"].append(_time(lambda: HTML(string=html, base_url=base).write_pdf(
            str(out / f"{name}-plain.pdf"))))
        stages["weasyprint/ua"].append(_time(lambda: HTML(string=html, base_url=base).write_pdf(
            str(out / f"{name}-ua.pdf"), pdf_variant="pdf/ua-1")))
    medians = {k: statistics.median(v) for k, v in stages.items()}
    plain = medians["weasyprint"]
    print(f"\n{name}: {pages} pages, {repeat} runs each (median seconds, ratio to weasyprint)")
    for key, value in medians.items():
        print(f"  {key:<14} {value:7.3f}  x{value / plain:.2f}")
    (out / f"{name}.html").write_text(html, encoding="utf-8")
    return medians


def cold(out: Path, repeat: int) -> None:
    """Whole processes, as run from a shell."""
    bin_dir = Path(sys.executable).parent
    html = out / "winchester.html"
    runs: dict[str, list[float]] = {"cspdoc build --format pdf": [], "weasyprint CLI": []}
    for _ in range(repeat):
        runs["cspdoc build --format pdf"].append(_time(lambda: subprocess.run(
            [str(bin_dir / "cspdoc"), "build", str(WINCHESTER), "--out", str(out / "cold"),
             "--format", "pdf"], check=True, stdout=subprocess.DEVNULL)))
        runs["weasyprint CLI"].append(_time(lambda: subprocess.run(
            [str(bin_dir / "weasyprint"), "-q", "-u", WINCHESTER.as_uri() + "/", str(html),
             str(out / "cold.pdf")], check=True, stdout=subprocess.DEVNULL)))
    medians = {k: statistics.median(v) for k, v in runs.items()}
    plain = medians["weasyprint CLI"]
    print(f"\nwhole processes, cold, Winchester, {repeat} runs each")
    for key, value in medians.items():
        print(f"  {key:<26} {value:7.3f}  x{value / plain:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of Winchester (5)")
    parser.add_argument("--repeat-long", type=int, default=3, help="runs of 10x (3)")
    parser.add_argument("--cold", action="store_true", help="also time whole processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cspdoc-bench-") as tmp:
        out = Path(tmp)
        bench("winchester", prepare(WINCHESTER).report, args.repeat, out)
        bench("winchester-x10", synthetic(10), args.repeat_long, out)
        if args.cold:
            cold(out, args.repeat)


if __name__ == "__main__":
    main()
