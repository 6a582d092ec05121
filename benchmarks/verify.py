"""Verification speed: a synthetic report of 100 tables x 100 rows, and one 100,000-row table.

    .venv/bin/python benchmarks/verify.py [--repeat N]

Prints the median of N runs (default 5; 3 for the 100,000-row table) of the verify
stage alone, and of read-to-verified through the Python API (model built in code, no
file reading). Target (issue 3): the 10,000-cell report verifies in under a second on
the 2-core CI machine. Quote medians from one run: these machines are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from cspdoc.model import (
    Column,
    ColumnKind,
    Contact,
    Input,
    Meta,
    Period,
    Report,
    Row,
    RowKind,
    Section,
    Stated,
    Table,
    Text,
    TextCell,
)
from cspdoc.numbers import round_half_away
from cspdoc.transforms import prepare
from cspdoc.transforms.verify import verify


def label(text: str) -> tuple[Text, ...]:
    return (Text(text=text),)


def columns(stated_only: bool) -> tuple[Column, ...]:
    cols = [Column(key="area", label=label("Area"), kind=ColumnKind.LABEL),
            Column(key="y2023", label=label("2023"), kind=ColumnKind.COUNT),
            Column(key="y2024", label=label("2024"), kind=ColumnKind.COUNT)]
    if stated_only:
        return (*cols, Column(key="variance", label=label("Variance"),
                              kind=ColumnKind.CHANGE, formula="y2024 - y2023"))
    return (*cols,
            Column(key="variance", label=label("Variance"), kind=ColumnKind.CHANGE,
                   formula="y2024 - y2023"),
            Column(key="pct", label=label("% change"), kind=ColumnKind.PERCENT_CHANGE,
                   formula="pct_change(y2023, y2024)", decimals=1),
            Column(key="fat", label=label("FAT 2024"), kind=ColumnKind.RATE, base="y2024"))


def derived_cells(a: int, b: int, f: int) -> list[Stated]:
    """The % change of a to b, and the rate f of b, stated as a paper would print them."""
    pct = round_half_away(Decimal(b - a) * 100 / Decimal(a), 1)
    share = round_half_away(Decimal(f) * 100 / Decimal(b), 1)
    return [Stated(text=f"{pct}%", value=pct, decimals=1, sign=True),
            Stated(text=f"{f} ({share}%)", value=Decimal(f), percent=share,
                   percent_decimals=1, percent_sign=True)]


def table(index: int, rows: int, stated_only: bool) -> Table:
    cols = columns(stated_only)
    body = []
    tot = [0, 0, 0]
    for r in range(rows):
        a, b = 100 + (r * 37) % 900, 120 + (r * 53) % 880
        f = b // 5
        tot = [tot[0] + a, tot[1] + b, tot[2] + f]
        cells = [TextCell(content=label(f"Area {r}")), Input(value=Decimal(a), text=str(a)),
                 Input(value=Decimal(b), text=str(b)),
                 Stated(text=str(b - a), value=Decimal(b - a))]
        if not stated_only:
            cells += derived_cells(a, b, f)
        body.append(Row(id=f"r{r}", cells=tuple(cells)))
    a, b, f = tot
    cells = [TextCell(content=label("Total")), Stated(text=str(a), value=Decimal(a)),
             Stated(text=str(b), value=Decimal(b)), Stated(text=str(b - a), value=Decimal(b - a))]
    if not stated_only:
        cells += derived_cells(a, b, f)
    body.append(Row(id="total", kind=RowKind.TOTAL, cells=tuple(cells)))
    return Table(id=f"t{index}", caption=label(f"Table {index}"), columns=cols,
                 rows=tuple(body))


def report(tables: int, rows: int, stated_only: bool = False) -> Report:
    meta = Meta(title="Benchmark", organisation="Bench", committee="Bench",
                meeting_date=dt.date(2025, 1, 1), reference="B-1",
                period=Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
                contact=Contact(name="Bench"), slug="bench")
    blocks = tuple(table(i, rows, stated_only) for i in range(tables))
    return Report(meta=meta, sections=(Section(id="s", title=label("Tables"),
                                               blocks=blocks),))


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = [
        ("100 tables x 100 rows, 1 stated column (10,000 checked cells)", 100, 100, True,
         args.repeat),
        ("100 tables x 100 rows, 3 stated columns (30,000 checked cells)", 100, 100, False,
         args.repeat),
        ("1 table x 100,000 rows, 3 stated columns (300,000 checked cells)", 1, 100_000,
         False, max(1, min(3, args.repeat))),
    ]
    print(f"{'case':68} {'verify':>9} {'prepare+verify':>15}  findings")
    for name, tables, rows, stated_only, repeat in cases:
        model = report(tables, rows, stated_only)
        prepared = prepare(model)
        result = verify(prepared)
        t_verify = median_seconds(lambda p=prepared: verify(p), repeat)
        t_all = median_seconds(lambda m=model: verify(prepare(m)), repeat)
        print(f"{name:68} {t_verify:8.3f}s {t_all:14.3f}s  {len(result.findings)} "
              f"(checked {result.checked})")


if __name__ == "__main__":
    main()
