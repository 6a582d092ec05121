"""Reading the docs' Markdown as steps a test can follow: commands with the output they
show, files to write, and edits to make, in the order the page gives them.

* a ```` ```console ```` block: ``$ cspdoc ...`` lines are commands; the lines under one,
  up to the next, are what it prints (``...`` stands for lines left out);
* a ```` ```csv file=PATH ```` (any language) block: write the block to PATH;
* a ```` ```diff file=PATH ```` block: in PATH, replace the ``-`` and context lines with
  the ``+`` and context lines;
* a ```` ```python ```` block: Python to run (the API page).
"""

from __future__ import annotations

import doctest
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROGRESS = re.compile(r"cspdoc: \S+: (?:writing the [A-Z]+(?: page)?|laying out the PDF|"
                      r"[a-z]+ written|[a-z]+ unchanged: reused)\n?")
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.M | re.S)


@dataclass(frozen=True)
class Block:
    language: str
    file: str | None
    body: str
    line: int  # where the block starts in the page


@dataclass(frozen=True)
class Command:
    argv: str
    expected: list[str]
    line: int


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        words = m["info"].split()
        language = words[0] if words else ""
        file = next((w[5:] for w in words[1:] if w.startswith("file=")), None)
        out.append(Block(language, file, m["body"], text.count("\n", 0, m.start()) + 1))
    return out


def commands(block: Block) -> list[Command]:
    out: list[Command] = []
    for offset, line in enumerate(block.body.splitlines(), start=1):
        if line.startswith("$ "):
            out.append(Command(line[2:], [], block.line + offset))
        elif out:
            out[-1].expected.append(line)
    return out


def apply_diff(path: Path, diff: str) -> None:
    old, new = [], []
    for line in diff.splitlines():
        mark, text = line[:1], line[1:]
        if mark in (" ", ""):
            old.append(text)
            new.append(text)
        elif mark == "-":
            old.append(text)
        elif mark == "+":
            new.append(text)
    content = path.read_text(encoding="utf-8")
    before, after = "\n".join(old), "\n".join(new)
    assert content.count(before) == 1, f"{path}: the diff's old lines are not there once"
    path.write_text(content.replace(before, after), encoding="utf-8")


def shows(expected: list[str], printed: str) -> str | None:
    """None when ``printed`` has every expected line, in order, each the next printed
    line but for blank lines (``...`` skips any number); else the first line missing."""
    lines = [line.rstrip() for line in printed.splitlines()]
    at, skipping = 0, False
    for want in (w.rstrip() for w in expected):
        if want == "...":
            skipping = True
            continue
        if not want:
            continue
        while at < len(lines) and not lines[at]:
            at += 1
        if skipping:
            found = next((i for i in range(at, len(lines)) if lines[i] == want), None)
        else:
            found = at if at < len(lines) and lines[at] == want else None
        if found is None:
            return want
        at, skipping = found + 1, False
    return None


def follow(page: Path, folder: Path, run: Callable[[str, Path], Any]) -> int:
    """Do what ``page`` says, block by block, in ``folder``: write its files, make its
    edits, run its console commands (checking what each prints) and its Python examples
    (doctest, one namespace for the page). Returns the number of steps taken."""
    name = page.relative_to(page.parents[1]).as_posix()
    steps = 0
    namespace: dict[str, Any] = {}
    for block in blocks(page):
        if block.file is not None and block.language == "diff":
            apply_diff(folder / block.file, block.body)
        elif block.file is not None:
            (folder / block.file).parent.mkdir(parents=True, exist_ok=True)
            (folder / block.file).write_text(block.body, encoding="utf-8")
        elif block.language == "console":
            for command in commands(block):
                done = run(command.argv, folder)
                printed = done.stdout + done.stderr
                where = f"{name}:{command.line}: $ {command.argv}"
                assert done.returncode in (0, 1), f"{where}\n{printed}"
                # A terminal shows a build's progress live and then lets it go; piped,
                # it is logged as lines ("cspdoc: q1: writing the DOCX"), not shown here.
                printed = PROGRESS.sub("", printed)
                missing = shows(command.expected, PROGRESS.sub("", done.stdout)) and shows(
                    command.expected, printed)
                assert missing is None, f"{where}\nexpected {missing!r} in:\n{printed}"
                steps += 1
        elif block.language == "pycon":
            test = doctest.DocTestParser().get_doctest(block.body, namespace, name,
                                                       str(page), block.line)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            cwd = Path.cwd()
            os.chdir(folder)
            try:
                runner.run(test, clear_globs=False)
            finally:
                os.chdir(cwd)
            namespace.update(test.globs)  # the page's later blocks see these names
            assert runner.failures == 0, f"{name}:{block.line}: an example failed"
        else:
            continue
        steps += 1
    return steps
