"""What ``cspdoc check`` prints: findings grouped by their place in the paper, to fit
the terminal.

In: a Verification and a rich Console (its width decides the layout). Out: lines on the
console, laid out here rather than by rich, so that a ``file:line`` location, a value or
a value with its location is never split across lines; only prose wraps. Each group is
headed by its printed place ("2.1 HM Prison and Probation Service", "Figure 7 Violence
with injury crimes ..."); under it each sentence or table cell is shown once, with the
findings about it, their messages without the place the heading already gives. The
figures nobody verified are listed after them, compactly: one location, its figures and
a one-line excerpt of their sentence.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.text import Text

from cspdoc.findings import Finding, Severity, Verification
from cspdoc.numbers import format_percent
from cspdoc.scaffold import Started

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_INDENT = "  "
# The codes listed compactly, with their sentence, after the findings proper.
_COMPACT = {"unverified-figure"}


@dataclass
class _Spot:
    """One sentence or cell, and the findings about it."""

    source: str | None
    context: str | None  # "row · column" of a table cell
    quote: str | None
    findings: list[Finding] = field(default_factory=list)


def heading(finding: Finding, verification: Verification) -> str:
    """The printed place a finding is grouped under: "Figure 7 <caption>", "2.1 <section
    title>", "Footnote 4", or "The report"."""
    where = finding.where
    if where.figure is not None:
        label = ("Table" if where.table is not None
                 and verification.tables_numbered_separately else "Figure")
        name = f"{label} {where.figure}"
        caption = verification.captions.get(name)
        return f"{name} {caption}" if caption else name
    if where.section:
        return where.section.capitalize() if where.section.startswith(
            "footnote ") else where.section
    return "The report"


def message(finding: Finding) -> str:
    """The finding's sentence without the place its group heading and cell line give."""
    text, place = finding.message, finding.where.place
    places = [place]
    figure = f"Figure {finding.where.figure}"
    if finding.where.table is not None and place.startswith(figure):
        places.append(f"Table {finding.where.figure}{place[len(figure):]}")
    for prefix in places:
        if text.startswith(f"{prefix}: "):
            return text[len(prefix) + 2:]
    return text


def print_findings(verification: Verification, console: Console,
                   report: Path | None = None) -> None:
    """Every finding, grouped by place in document order, then the figures not
    verified, then the summary (and, given the report folder, what to run next)."""
    width = max(console.width, 40)
    groups = _groups(f for f in verification.findings if f.code not in _COMPACT)
    for name, spots in _by_heading(groups, verification).items():
        _wrapped(console, [(name, "bold")], width, "", _INDENT)
        for spot in spots:
            _print_spot(console, spot, width)
        console.print()
    compact = [f for f in verification.findings if f.code in _COMPACT]
    if compact:
        _print_unverified(console, compact, verification, width)
    _wrapped(console, [(summary(verification), "bold")], width, "", "")
    if report is not None:
        for step in next_steps(verification, report, "check"):
            _wrapped(console, [(step, "")], width, "", _INDENT)


def summary(verification: Verification) -> str:
    """'10 errors, 7 warnings; 261 figures checked, ...': the counts, in one sentence."""
    v = verification
    text = (f"{v.errors} error{'s' * (v.errors != 1)}, {v.warnings} warning"
            f"{'s' * (v.warnings != 1)}; {v.checked} figures checked, {v.auto_checked} "
            f"checked automatically in the text, {v.unverified} unverified")
    if v.ambiguous:
        text += f", {v.ambiguous} ambiguous"
    share = v.prose_percent
    if share is not None:
        text += f"; {format_percent(share, 0)} of the figures in the text are verified"
    return text


def next_steps(verification: Verification, report: Path, verb: str,
               out: Path | None = None) -> list[str]:
    """What to run next, after ``verb`` ("check" or "build") of ``report`` (built into
    ``out``): see the errors, bind the figures, build, publish."""
    name = shlex.quote(str(report))
    into = f" --out {shlex.quote(str(out))}" if out is not None and out != Path("out") else ""
    v = verification
    bindings = sum(1 for fig in v.figures if getattr(fig, "suggestion", None))
    suggest = (f"`cspdoc check {name} --suggest` proposes {bindings} binding"
               f"{'s' * (bindings != 1)} for figures of the text"
               if bindings else "")
    steps: list[str] = []
    if v.errors and verb == "build":
        first = (f"{v.errors} error{'s' * (v.errors != 1)}: run `cspdoc check {name}` to "
                 "see them")
        steps.append(f"{first}; {suggest}." if suggest else f"{first}.")
        return steps
    if v.errors:
        steps.append("Next: correct the figures above (or the data they come from); "
                     f"`cspdoc check {name} --watch` checks again each time you save.")
    elif verb == "check":
        steps.append(f"Next: `cspdoc build {name}` writes the draft; "
                     f"`cspdoc publish {name}` publishes it.")
    else:
        steps.append(f"Next: `cspdoc publish {name}{into}` publishes this version.")
    if suggest:
        steps.append(f"{suggest[0].upper()}{suggest[1:]}.")
    return steps


def print_started(started: Started, folder: Path) -> None:
    """What ``cspdoc new`` wrote and what the officer fills in before publishing."""
    count = len(started.files)
    print(f"wrote {folder} ({count} file{'s' * (count != 1)})")
    print("Fill in or check before you publish:")
    for item in started.todo:
        print(f"  {item}")
    name = shlex.quote(str(folder))
    print(f"Then `cspdoc check {name}` checks every figure; `cspdoc build {name}` writes "
          "the draft.")


def print_changed(paths: list[Path], folder: Path) -> None:
    """The line ``check --watch`` prints before checking again."""
    names = []
    for path in paths:
        try:
            names.append(str(path.relative_to(folder.resolve())))
        except ValueError:
            names.append(str(path))
    print(f"\n{', '.join(names)} changed: checking {folder} again\n", flush=True)


# ---------------------------------------------------------------- grouping


def _groups(findings: Iterable[Finding]) -> list[_Spot]:
    """Findings about the same sentence or cell, together, in document order."""
    spots: dict[tuple[str | None, ...], _Spot] = {}
    for f in findings:
        w = f.where
        cell = " · ".join(p for p in (w.row, w.column) if p) or None
        key = (w.source, cell, w.quote, str(w.figure), w.section)
        spots.setdefault(key, _Spot(w.source, cell, w.quote)).findings.append(f)
    return list(spots.values())


def _by_heading(spots: list[_Spot], verification: Verification) -> dict[str, list[_Spot]]:
    out: dict[str, list[_Spot]] = {}
    for spot in spots:
        out.setdefault(heading(spot.findings[0], verification), []).append(spot)
    return out


# ---------------------------------------------------------------- printing


def _print_spot(console: Console, spot: _Spot, width: int) -> None:
    indent = _INDENT * 2
    if spot.source:
        _line(console, Text(_INDENT + spot.source, style="dim"))
    if spot.context:
        words: list[tuple[str, str] | tuple[str, str, bool]] = [(spot.context + ":", "")]
        if spot.quote:
            words.append((spot.quote, "bold", True))
        _wrapped(console, words, width, indent, indent)
    elif spot.quote:
        _wrapped(console, [(f"“{spot.quote}”", "italic")], width, indent, indent + " ")
    for f in spot.findings:
        words = [(str(f.severity), _STYLE[f.severity]), (f"{f.code}:", "bold"),
                 (message(f), "")]
        _wrapped(console, words, width, indent, indent + _INDENT)


def _print_unverified(console: Console, findings: list[Finding],
                      verification: Verification, width: int) -> None:
    count = len(findings)
    _wrapped(console, [(f"Not verified: {count} figure{'s' * (count != 1)} of the text "
                        "(bind or check them, or check them by hand)", "bold")],
             width, "", "")
    for name, spots in _by_heading(_groups(findings), verification).items():
        _wrapped(console, [(name, "bold")], width, "", _INDENT)
        for spot in spots:
            values = [f.stated or "?" for f in spot.findings]
            # Two spaces part the location from its figures; each figure stays whole.
            words: list[tuple[str, str] | tuple[str, str, bool]] = (
                [(spot.source + " ", "dim", True)] if spot.source else [])
            words += [(v + ("," if i < len(values) - 1 else ""), "bold", True)
                      for i, v in enumerate(values)]
            _wrapped(console, words, width, _INDENT, _INDENT * 2)
            if spot.quote:
                _line(console, _excerpt(spot.quote, values, width - len(_INDENT) * 2,
                                        _INDENT * 2))
    console.print()


def _excerpt(quote: str, values: list[str], room: int, indent: str) -> Text:
    """The sentence on one line: all of it when it fits, else a window that starts
    a little before its first listed figure; the figures in bold."""
    quote = " ".join(quote.split())
    start = 0
    if len(quote) > room:
        first = min((m.start() for v in values if (m := _find(quote, v))), default=0)
        start = max(0, min(first - room // 4, len(quote) - room + 1))
        if start:
            space = quote.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    shown = quote[start:]
    lead = "…" if start else ""
    if len(lead) + len(shown) > room:
        cut = shown.rfind(" ", 0, room - len(lead) - 1)
        shown = shown[:cut if cut > 0 else room - len(lead) - 1] + "…"
    text = Text(indent + lead + shown, style="dim")
    offset = len(indent) + len(lead) - start
    for v in values:
        m = _find(quote, v)
        if m and m.start() >= start and m.end() - start <= len(shown):
            text.stylize("bold", m.start() + offset, m.end() + offset)
    return text


def _find(quote: str, value: str) -> re.Match[str] | None:
    return re.search(rf"(?<![\w.,]){re.escape(value)}(?![\w]|[.,]\d)", quote)


def _line(console: Console, text: Text) -> None:
    console.print(text, soft_wrap=True, highlight=False)


def _wrapped(console: Console, pieces: list[tuple[str, str] | tuple[str, str, bool]],
             width: int, first: str, rest: str) -> None:
    """Print styled pieces, wrapped at spaces within ``width``. A word (a location, a
    value, a `command`) moves whole to the next line, never splits; so does a piece
    marked whole (a cell's value "6 (100%)")."""
    atoms: list[tuple[str, str]] = []
    for text, style, *whole in pieces:
        if whole and whole[0]:
            atoms.append((text, style))
        else:
            atoms.extend((word, style) for word in _WORDS.findall(text))
    line = Text(first)
    used = len(first)
    fresh = True
    for word, style in atoms:
        if not fresh and used + 1 + len(word) > width:
            _line(console, line)
            line, used, fresh = Text(rest), len(rest), True
        if not fresh:
            line.append(" ")
            used += 1
        line.append(word, style=style or None)
        used += len(word)
        fresh = False
    _line(console, line)


_WORDS = re.compile(r"`[^`]*`[.,;:)]*|\S+")
