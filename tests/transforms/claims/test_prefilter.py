"""What makes the claim finder fast must never change what it finds: a pattern's outline
(what a sentence must hold, in order, before its expression is compiled or run) lets
through every sentence its expression matches, and a pattern that reads the skeleton
with its direction words marked matches exactly where its expression as written
matches the skeleton as written. Checked over every example sentence of language.yaml
and every sentence of the test corpora."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cspdoc.transforms.claims.language import LANGUAGE
from cspdoc.transforms.claims.patterns import (
    _MARKER,
    compile_template,
    compiled,
    mark,
    reads,
    skeleton,
)
from cspdoc.transforms.claims.tokens import tokenize
from cspdoc.transforms.claims.units import split_sentences

DATA = Path(__file__).parents[2] / "data"


def _sentences() -> list[str]:
    out = [e.text for p in LANGUAGE.patterns for e in p.examples]
    for path in sorted(DATA.glob("claims-corpus*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        out += [*data["wrong"], *data["right"], *data.get("none", [])]
    return out


def _windows(text: str) -> list[str]:
    """Each sentence's skeleton and each pair of sentences' (the two windows ``find``
    reads)."""
    tokens = tokenize(text)
    spans = split_sentences(text)
    pairs = [(a[0], b[1]) for a, b in pairwise(spans)]
    return [skeleton(text, tokens, start, end) for start, end in [*spans, *pairs]
            if any(reads(text, t) and start <= t.start < end for t in tokens)]


SKELETONS = sorted({s for text in _sentences() for s in _windows(text)})


def it_reads_enough_sentences_to_mean_something():
    assert len(SKELETONS) > 5000


@pytest.mark.parametrize("pattern", compiled(), ids=lambda p: p.spec.id)
def it_lets_through_every_sentence_the_expression_matches(pattern):
    plain = re.compile(compile_template(pattern.spec.match), re.IGNORECASE)
    assert pattern.spec.outline, "language.json gives no outline"
    missed = []
    for skel in SKELETONS:
        figures = [(m.start(), m.end(), m[2]) for m in _MARKER.finditer(skel)]
        if plain.search(skel) and not pattern.present(skel.lower(), figures):
            missed.append(skel)
    assert not missed, "\n".join(missed[:5])


def _read(m: re.Match[str], skel: str) -> tuple[tuple[int, int], dict[str, object]]:
    """A match as the finder reads it: its span, whether each direction group matched,
    and every other group's text in the skeleton as written (the marked skeleton has the
    same offsets)."""
    groups: dict[str, object] = {}
    for name, value in m.groupdict().items():
        if name in ("up", "down", "neutral"):
            groups[name] = value is not None
        else:
            groups[name] = None if value is None else skel[m.start(name):m.end(name)]
    return m.span(), groups


@pytest.mark.parametrize("pattern", [p for p in compiled() if p.marked],
                         ids=lambda p: p.spec.id)
def it_matches_marked_direction_words_where_it_matches_the_words(pattern):
    plain = re.compile(compile_template(pattern.spec.match), re.IGNORECASE)
    differ = []
    for skel in SKELETONS:
        want = [_read(m, skel) for m in plain.finditer(skel)]
        got = [_read(m, skel) for m in pattern.regex.finditer(mark(skel))]
        if want != got:
            differ.append(skel)
    assert not differ, "\n".join(differ[:5])


def it_marks_most_patterns_with_a_direction():
    with_dir = [p for p in compiled() if "<dir" in p.spec.match]
    assert sum(p.marked for p in with_dir) >= len(with_dir) // 3


def it_reads_no_sentence_whose_figures_are_all_the_authors():
    from cspdoc.transforms.claims.patterns import find
    from cspdoc.transforms.claims.tokens import with_source

    text = "Of the 28 offences recorded, 27 led to an arrest, an arrest rate of 96.4%."
    tokens = tokenize(text)
    assert find(text, tokens, 0, len(text), 1)
    bound = [with_source(t, "bound") if t.is_figure else t for t in tokens]
    assert find(text, bound, 0, len(text), 1) == []
    one_plain = [bound[0], *tokens[1:]]
    assert find(text, one_plain, 0, len(text), 1)
