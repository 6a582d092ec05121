"""The shorthand note every writer prints once: the codes the tables print, explained."""

from __future__ import annotations

from collections.abc import Sequence

from cspdoc.model import Symbol


def symbols_line(symbols: Sequence[Symbol]) -> str:
    """"Symbols: [c] confidential: fewer than 5, suppressed to protect individuals; [x]
    not available." (the codes in order of first appearance, as the model lists them)."""
    return "Symbols: " + "; ".join(f"{s.code} {s.meaning}" for s in symbols) + "."
