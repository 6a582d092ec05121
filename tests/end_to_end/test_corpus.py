"""The malformed-input corpus (tests/corpus/*.yaml), run through the real CLI.

Each case is a small mutation of a report folder (the minimal report of conftest.py or
the Winchester fixture), the exit code ``cspdoc check`` and ``cspdoc build --strict``
must both give, and fragments of the located message they must print. Every case must
end cleanly: never "internal error", never a traceback; exit 2 prints only lines that
name a file of the report folder (``file:line: field: message``) and writes nothing
under --out; exit 1 (findings) still writes the draft. Build runs after check because
most internal errors once happened in the writers after check had passed; a finding
(exit 1) must be in ``check --json`` and in the draft's verification.json.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cspdoc.cli import main
from tests.conftest import MINIMAL_FILES, MINIMAL_YAML, WINCHESTER

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@dataclass(frozen=True)
class Case:
    """One malformed input: how to make it, and what cspdoc must say."""

    id: str
    about: str
    base: str
    files: dict[str, list[dict[str, Any]]]
    exit: int
    expect: tuple[str, ...]
    out: str | None = None  # "file": --out names an existing file
    source: str = field(default="", compare=False)


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for raw in YAML(typ="safe").load(path.read_text(encoding="utf-8")):
            expect = raw["expect"]
            cases.append(Case(
                id=raw["id"], about=raw["about"], base=raw.get("base", "minimal"),
                files={name: ops if isinstance(ops, list) else [ops]
                       for name, ops in (raw.get("files") or {}).items()},
                exit=raw["exit"], expect=tuple(expect if isinstance(expect, list)
                                               else [expect]),
                out=raw.get("out"), source=path.name))
    return cases


CASES = load_cases()


def make_base(case: Case, folder: Path) -> None:
    if case.base == "winchester":
        shutil.copytree(WINCHESTER, folder)
        return
    assert case.base == "minimal", case.base
    folder.mkdir()
    (folder / "report.yaml").write_text(MINIMAL_YAML, encoding="utf-8")
    for rel, text in MINIMAL_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


def apply(path: Path, op: dict[str, Any]) -> None:
    """One edit of a file: replace (``repeat`` times the new text), write, append,
    truncate, latin-1 (re-encode), bytes (hex), delete, folder (a folder in its place)."""
    if "replace" in op:
        text = path.read_text(encoding="utf-8")
        assert op["replace"] in text, f"{path.name} holds no {op['replace']!r}"
        path.write_text(text.replace(op["replace"], op["with"] * op.get("repeat", 1), 1),
                        encoding="utf-8")
    elif "write" in op:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(op["write"] * op.get("repeat", 1), encoding="utf-8")
    elif "append" in op:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(op["append"] * op.get("repeat", 1))
    elif "truncate" in op:
        path.write_bytes(path.read_bytes()[: op["truncate"]])
    elif "latin-1" in op:
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    elif "bytes" in op:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes.fromhex(op["bytes"]) * op.get("repeat", 1))
    elif "delete" in op:
        path.unlink()
    elif "folder" in op:
        path.unlink()
        path.mkdir()
    else:  # pragma: no cover - a typo in the corpus
        raise AssertionError(f"unknown edit {op}")


def make(case: Case, tmp_path: Path) -> Path:
    folder = tmp_path / "report"
    make_base(case, folder)
    for name, ops in case.files.items():
        for op in ops:
            apply(folder / name, op)
    return folder


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def it_ends_each_malformed_input_cleanly(case: Case, tmp_path: Path):
    folder = make(case, tmp_path)
    out = tmp_path / "out"
    if case.out == "file":
        out.write_text("not a folder", encoding="utf-8")
    named = out if case.out == "file" else folder
    for verb, argv in (("check", ["check", str(folder)]),
                       ("build", ["build", str(folder), "--out", str(out), "--strict"])):
        code, stdout, stderr = run(argv)
        said = f"{verb}: exit {code}\n{stderr}{stdout[-2000:]}"
        assert "internal error" not in stderr and "Traceback" not in stderr + stdout, said
        if case.out == "file" and verb == "check":
            assert code in (0, 1), said
            continue
        assert code == case.exit, said
        text = stderr
        if code == 1 and verb == "check":  # findings, unwrapped: what --json prints
            text = run(["check", str(folder), "--json"])[1]
        elif code == 1:  # the findings are in the draft's verification.json
            text = "".join(p.read_text(encoding="utf-8")
                           for p in out.glob("*/draft/verification.json"))
        for fragment in case.expect:
            shown = fragment.replace("{out}", str(out))
            where = shown if case.out == "file" else f"{folder}/{shown}"
            assert (where if code == 2 else shown) in text, said
        if code == 2:
            lines = stderr.splitlines()
            assert lines and all(line.startswith(str(named)) for line in lines), said
            if verb == "build" and case.out != "file":
                assert not out.exists(), "a refused build wrote under --out"
        if code == 1 and verb == "build":
            assert list(out.glob("*/draft/*.docx")), "--strict still writes the draft"


def it_holds_at_least_a_hundred_distinct_cases():
    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.exit for c in CASES} <= {1, 2}
