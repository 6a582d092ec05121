"""The words around a number, and how well a figure of the report fits them.

A figure fits a number in the text when it has the same value and its words (a value's
name and source; a table cell's caption, row and column labels) are the ones the text
uses near the number, in its sentence, its paragraph and its section; when its table is
the one the paragraph refers to or stands beside; and when its year is the number's year
("compared with 64 cautions ... in 2023" is 2023; with no year said, the report's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cspdoc.numbers import Unit as Measure
from cspdoc.transforms.claims.index import Figure, Index, content_words, year_of
from cspdoc.transforms.claims.language import LANGUAGE
from cspdoc.transforms.claims.tokens import Token
from cspdoc.transforms.claims.units import Unit

_CLAUSE = re.compile(
    r";|\((?!\d)|\b(?:compared (?:to|with|against)|against|as opposed to|versus|vs\.?|"
    r"from|whereas|while)\b", re.IGNORECASE)
NEAR_WORDS = 6
# What may stand between "from", "to" or "compared with" and the number it governs.
_LEAD = re.compile(r"\s*(?:(?:about|around|approximately|roughly|just|over|under|nearly|"
                   r"almost)\s+)*[£$€]?\s*", re.IGNORECASE)
_TO = re.compile(r"\bto\b", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """The words around one number, weighted by distance, and what it refers to."""

    near: frozenset[str]
    sentence: frozenset[str]
    unit: frozenset[str]
    around: frozenset[str]
    tables: frozenset[str]
    year: int | None
    previous: bool


def context(unit: Unit, token: Token, period_year: int | None) -> Context:
    start, end = unit.sentence_of(token.start)
    sentence = unit.text[start:end]
    before = re.findall(r"\S+", unit.text[max(start, token.start - 80):token.start])
    after = re.findall(r"\S+", unit.text[token.end:min(end, token.end + 80)])
    near = " ".join(before[-NEAR_WORDS:] + after[:NEAR_WORDS])
    around = " ".join(filter(None, [unit.where.section, unit.heading,
                                    unit.where.row, unit.where.column]))
    year, previous = token_year(unit, token, period_year)
    return Context(frozenset(content_words(near)), frozenset(content_words(sentence)),
                   frozenset(content_words(unit.text)), frozenset(content_words(around)),
                   frozenset((*unit.figures_referenced, *unit.figures_here)), year,
                   previous)


def token_year(unit: Unit, token: Token, period_year: int | None) -> tuple[int | None, bool]:
    """The year a number belongs to: a year said in its clause (after it first, then
    before it), "last year"/"the previous period" (the report's year before), or the
    report's own year. ``previous`` is True when the clause says "previous period".

    "From A to B" makes two clauses, so that "from 233 last year to 240" gives "last
    year" to 233 alone. The figure a number is compared with ("from A", "compared with
    A", "against A") is of no year the text says when it says none: it may be the year
    before or an earlier month of the same year, so neither is ruled out."""
    start, end = unit.sentence_of(token.start)
    text = unit.text
    cut_after = _CLAUSE.search(text, token.end, end)
    clause_end = cut_after.start() if cut_after else end
    clause_start = start
    marker = ""
    for m in _CLAUSE.finditer(text, start, end):  # not endpos=token.start: look-aheads
        if m.end() > token.start:
            break
        clause_start, marker = m.start(), m.group(0).lower()
    lead = text[clause_start + len(marker):token.start]
    compared = bool(marker) and marker[0].isalpha() and _LEAD.fullmatch(lead) is not None
    if compared and marker == "from":
        to = _TO.search(text, token.end, clause_end)
        if to is not None:
            clause_end = to.start()
    elif marker == "from":
        last = [m for m in _TO.finditer(text, clause_start, token.start)][-1:]
        if last and _LEAD.fullmatch(text[last[0].end():token.start]):
            clause_start = last[0].start()
    after = year_of(text[token.end:clause_end])
    if after is not None:
        return after, False
    before = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)",
                                         text[clause_start:token.start])]
    if before:
        return before[-1], False
    clause = text[clause_start:clause_end]
    if any(p.search(clause) for p in LANGUAGE.previous_period):
        return (period_year - 1 if period_year else None), True
    if compared:
        return None, False
    return period_year, False


def score(index: Index, figure: Figure, ctx: Context, *, nearby: bool = False) -> float:
    """How well ``figure`` fits the number whose context is ``ctx`` (0: no evidence).
    With ``nearby``, a figure of a table the paragraph refers to or stands beside counts
    as evidence on its own (a whole is often the table's total, named by no word)."""
    total = 0.0
    for word in figure.words:
        weight = index.weight(word)
        if word in ctx.near:
            total += 3 * weight
        elif word in ctx.sentence:
            total += 2 * weight
        elif word in ctx.unit:
            total += weight
        elif word in ctx.around:
            total += weight / 2
    if figure.table is not None and figure.table in ctx.tables and (total or nearby):
        total += 2
    if total and figure.year is not None and ctx.year is not None:
        total += 1.5 if figure.year == ctx.year else -4
    return max(total, 0.0)


_RATE_WORDS = frozenset({"rate", "pct", "percent", "percentage", "proportion", "share"})


def coverage(index: Index, figure: Figure, ctx: Context, referenced: frozenset[str] = frozenset()
             ) -> float:
    """How much of what names ``figure`` the text says, from 0 to 1: its key words, each
    weighted by how rare it is among the report's figures, count fully near the number or
    in its sentence, 0.6 elsewhere in the paragraph, 0.3 in its heading; its initialism
    ("VAP") stands for all of them. A table the paragraph refers to adds 0.25. A figure
    of another year than the number's counts nothing."""
    if not figure.keys:
        return 0.0
    percent = figure.unit == Measure.PERCENT
    if figure.year is not None and ctx.year is not None and figure.year != ctx.year:
        return 0.0
    said = ctx.near | ctx.sentence
    if figure.initials & said:
        got = 1.0
    else:
        total = sum(index.weight(w) for w in figure.keys)
        have = 0.0
        for word in figure.keys:
            if word in said or (percent and word in _RATE_WORDS):
                have += index.weight(word)
            elif word in ctx.unit:
                have += 0.6 * index.weight(word)
            elif word in ctx.around:
                have += 0.3 * index.weight(word)
        got = have / total if total else 0.0
    if figure.table is not None and figure.table in referenced:
        got += 0.25
    return min(got, 1.0)


__all__ = ["Context", "context", "coverage", "score", "token_year"]
