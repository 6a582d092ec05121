"""Reading the seed (the published paper as text) for comparisons with the fixture."""

from __future__ import annotations

import re
from collections import Counter

from tests.conftest import SEEDS

SEED = (SEEDS / "000_a874e41e38340386.txt").read_text(encoding="utf-8")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP = re.compile(f"[{SUPERSCRIPTS}]+")


def sup_to_int(text: str) -> int:
    return int(text.translate(str.maketrans(SUPERSCRIPTS, "0123456789")))


def seed_footnotes() -> dict[int, str]:
    """Footnote number → text, from the seed's lines that start with a superscript."""
    notes: dict[int, str] = {}
    for line in SEED.split("\n"):
        m = re.match(f"^([{SUPERSCRIPTS}]+) ?(.*)$", line)
        if m:
            notes[sup_to_int(m[1])] = m[2].strip()
    return notes


def seed_captions() -> dict[int, str]:
    out = {}
    for line in SEED.split("\n"):
        m = re.match(r"^Figure (\d+) (.*)$", line)
        if m:
            out[int(m[1])] = m[2].strip()
    return out


def seed_table(first_line_prefix: str, count: int) -> list[list[str]]:
    lines = SEED.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(first_line_prefix))
    return [line.split("\t") for line in lines[start:start + count]]


def number_tokens(text: str) -> Counter[str]:
    """Every run of ASCII digits (with , and . inside), superscripts excluded."""
    return Counter(re.findall(r"\d+(?:[.,]\d+)*", _SUP.sub(" ", text)))


def normalise(text: str) -> str:
    return " ".join(_SUP.sub("", text).split())


def text_before_superscript(number: int, length: int) -> set[str]:
    """The last ``length`` characters of normalised text before each occurrence of
    footnote marker ``number`` in the seed (other markers removed)."""
    sup = str(number).translate(str.maketrans("0123456789", SUPERSCRIPTS))
    pattern = re.compile(f"(?<![{SUPERSCRIPTS}]){sup}(?![{SUPERSCRIPTS}])")
    seed = SEED.replace("**", "")
    out = set()
    for m in pattern.finditer(seed):
        line_start = seed.rfind("\n", 0, m.start()) + 1
        if line_start == m.start():
            continue  # the footnote's own definition line
        out.add(normalise(seed[:m.start()])[-length:])
    return out
