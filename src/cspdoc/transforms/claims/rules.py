"""Claims read across a paragraph rather than by one pattern, and the words of findings.

- wholes: "61 (38.36%)" takes the paragraph's whole ("Of those 159 offenders"), a part
  said before it ("Of those upheld, 30 (26.8%)"), an earlier amount (only to confirm), or
  a figure of the report;
- changes with neither figure said: a comment cell's row; the pair the sentence before
  compared, when the two sentences speak of the same thing; a rate's figures this year
  and the year before, from the report (``Index.counterpart``);
- remainders: "the remaining 56 (35%)" is the whole less the parts before it; "the
  remaining 15%" is 100% less the percentages before it;
- one sum of money written in two units in one paragraph must be the same sum;
- "There are six statutory partners:" before a list of five is wrong.
Each rule's example sentences are in language.yaml under ``rules``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from cspdoc.findings import Finding, Severity
from cspdoc.numbers import Unit, format_quantity
from cspdoc.transforms.claims.bases import (
    PendingSearch,
    benchmark,
    change_amount,
    compared_before,
    paragraph_bases,
    row_operands,
)
from cspdoc.transforms.claims.index import (
    Figure,
    Index,
    content_words,
    head_words,
)
from cspdoc.transforms.claims.language import LANGUAGE
from cspdoc.transforms.claims.patterns import reads
from cspdoc.transforms.claims.readings import Operand, Reading, Verdict, evaluate
from cspdoc.transforms.claims.tokens import Token, ends_at
from cspdoc.transforms.claims.units import Unit as ProseUnit
from cspdoc.where import Where

if TYPE_CHECKING:
    from cspdoc.transforms.claims.finder import ClaimFinder, Outcome

SENTENCE, PARAGRAPH, GUESS, REPORT = 0, 1, 2, 3
_DIRECTION_WORDS = frozenset(content_words(" ".join(LANGUAGE.macros["up"] +
                                                    LANGUAGE.macros["down"])))


# ---------------------------------------------------------------------- wholes

def wholes(unit: ProseUnit, reading: Reading, names: dict[int, Figure],
           finder: ClaimFinder) -> list[Reading]:
    part = reading.operands.get("part")
    if part is None or part.token is None:
        return []
    pos = reading.stated.start
    out: list[Reading] = []
    # A whole holds its part: "There were 9 less ... 67 (14%)" does not make 9 the whole.
    stated_bases = [t for p, t in paragraph_bases(unit) if p < pos and t is not part.token
                    and t.value >= part.q.value]
    if stated_bases:
        base = stated_bases[-1]
        out.append(_with(reading, "whole", finder.operand(unit, base, names), PARAGRAPH))
        for token in _parts_since(unit, base.start, pos) + _named_wholes(unit, reading, base) \
                + _part_before_whole(unit, base):
            if token is not part.token and token.value > part.q.value:
                out.append(_with(reading, "whole", finder.operand(unit, token, names),
                                 PARAGRAPH))
    guesses = [t for t in unit.tokens
               if t.start < pos and t is not part.token and t.is_figure and
               t.unit == part.token.unit and t.value > part.q.value and not t.spelled and
               t.hedge is None and not compared_before(unit.text, t)
               and not benchmark(unit.text, t)]
    for token in guesses:
        out.append(_with(reading, "whole", finder.operand(unit, token, names),
                         _guess_tier(unit, token, reading, guesses, bool(stated_bases))))
    out.append(replace(reading, tier=REPORT, search=PendingSearch(
        finder.index, part, reading.stated, unit, reading.share)))
    return out


_OF_THE_BEFORE = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|all\s+|its\s+)?$", re.IGNORECASE)


def _part_before_whole(unit: ProseUnit, base: Token) -> list[Token]:
    """The part of "1,109 of the 3,186 victims": what "214 of those" may mean as well as
    the 3,186."""
    before = [t for t in unit.tokens if t.end <= base.start and t.is_figure]
    if before and _OF_THE_BEFORE.fullmatch(unit.text, before[-1].end, base.start):
        return [before[-1]]
    return []


# After a part or its percentage, words that point back to a whole just named: "1,027
# (93.4%) of them", "upheld 37, 72.5% of the decisions made".
_BACK_TO_WHOLE = re.compile(r"\s*\)?,?\s*(?:of|out of)\s+(?:them|these|those|which|whom|this|"
                            r"that|it|the\s+[a-z]+)\b",
                            re.IGNORECASE)
_CHANGE_BEFORE = re.compile(
    r"\b(?:up|down|by|of|increase|increased|decrease|decreased|rise|rose|fall|fell|"
    r"reduction|reduced|higher|lower|more|fewer|less|change|difference)\s+$", re.IGNORECASE)
_OTHER_CLAUSE = re.compile(r";|\b(?:while|whereas|but|although|compared|against|versus)\b",
                           re.IGNORECASE)


def _guess_tier(unit: ProseUnit, whole: Token, reading: Reading, guesses: list[Token],
                stated: bool) -> int:
    """How sure a whole guessed from the paragraph is. Certain when the words after the
    claim point back to a whole ("1,027 (93.4%) of them", "2,304 of these, 45.0% of the
    total") and this is the nearest larger figure before it; read against (a warning
    when it fails) when it is the only larger figure before the part, in the part's own
    clause; otherwise a guess, used only to confirm."""
    if stated:
        return GUESS
    part = reading.operands["part"].token
    if part is not None and (ends_at(_CHANGE_BEFORE, unit.text, part.start)
                             or part.text[:1] in "+-−–" or reading.stated.text[:1] in "+-−–"):
        return GUESS  # "up 12 (14.6%)", "+19 (+9.9%)": a change, not a share
    ends = [reading.stated.end] + ([part.end] if part is not None else [])
    if whole is guesses[-1] and any(_BACK_TO_WHOLE.match(unit.text, e) for e in ends):
        return PARAGRAPH
    here = unit.sentence_of(reading.stated.start)
    same = [t for t in guesses if here[0] <= t.start]
    if same != [whole] or len(guesses) != 1:
        return GUESS
    if re.match(r"\s*\(\s*[\d.]+\s?%", unit.text[whole.end:whole.end + 12]):
        return GUESS  # "64 (47%) ..., 57 (42%)": 64 is a part too, not the whole
    if _OTHER_CLAUSE.search(unit.text[whole.end:reading.stated.start]):
        return GUESS
    return REPORT


def _parts_since(unit: ProseUnit, start: int, end: int) -> list[Token]:
    """Counts stated with a percentage ("42 (26.42%)") between two positions."""
    out = []
    for token in unit.tokens:
        if start < token.start < end and token.is_figure and token.unit == Unit.COUNT and \
                re.match(r"\s*\(\s*[\d.]+\s?%", unit.text[token.end:token.end + 12]):
            out.append(token)
    return out


_OF_NAMED = re.compile(r"\s+of\s+(?:the\s+|all\s+|those\s+)?((?:[a-z-]+\s+){0,2}[a-z-]+)",
                       re.IGNORECASE)


def _stems(words: str) -> set[str]:
    return {w[:6].lower() for w in re.findall(r"[A-Za-z]{5,}", words)}


def _named_wholes(unit: ProseUnit, reading: Reading, base: Token) -> list[Token]:
    """The counts after ``base`` that the percentage names as its whole: "of which 37
    went to detailed investigation and 12 were upheld, representing 32.4% of detailed
    investigations" (37, not 146)."""
    named = _OF_NAMED.match(unit.text, reading.stated.end)
    if named is None:
        return []
    wanted = _stems(named.group(1))
    return [t for t in unit.tokens
            if base.end <= t.start < reading.stated.start and t.is_figure
            and t.unit == Unit.COUNT
            and wanted & _stems(" ".join(unit.text[t.end:t.end + 40].split()[:4]))]


def _with(reading: Reading, slot: str, op: Operand, tier: int) -> Reading:
    return replace(reading, operands={**reading.operands, slot: op}, tier=tier)


def _figure_operand(fig: Figure) -> Operand:
    return Operand(fig.q, _printed(fig), name=fig.name, label=fig.label)


def searched(unit: ProseUnit, reading: Reading, finder: ClaimFinder) -> Outcome | None:
    """Decide a claim whose whole was looked for among the report's figures."""
    from cspdoc.transforms.claims.finder import Outcome

    search = reading.search.result
    if not search.tried:
        return None
    where = finder.where(unit, reading.stated)
    place = finder.place(unit)
    part = reading.operands["part"]
    if search.chosen is not None:
        reading = replace(reading, operands={**reading.operands,
                                             "whole": _figure_operand(search.chosen)})
        verdict = evaluate(reading)
        return Outcome("auto", reading, verdict,
                       note=f"{part.text} out of {search.chosen.label} "
                            f"({_printed(search.chosen)})")
    if search.ambiguous:
        options = "; ".join(f"{f.label} ({_printed(f)})" for f in search.fits[:3])
        finding = Finding(code="ambiguous-claim", severity=Severity.INFO, where=where,
                          message=f"{place}: {reading.stated.text} of {part.text} fits more "
                          f"than one of the report's figures ({options}); bind it to say "
                          "which.", stated=reading.stated.text, automatic=True)
        return Outcome("ambiguous", reading, None, [finding])
    closest = search.closest(reading.stated, search.year)
    if closest is None:
        return None
    fig, pct = closest
    expected = format_quantity(pct.value, Unit.PERCENT, max(reading.stated.decimals, 1))
    tried = ", ".join(f"{_printed(f)}" for f, _ in search.tried[:4])
    finding = Finding(
        code="rate-mismatch", severity=Severity.WARNING, where=where,
        message=f"{place}: {reading.stated.text} fits none of the report's figures that "
                f"{part.text} could be a share of (tried {tried}); the closest is "
                f"{fig.label}: {part.text} of {_printed(fig)} is {expected}.",
        stated=reading.stated.text, expected=expected,
        reading=f"{part.text} out of {fig.label} ({_printed(fig)})", automatic=True)
    return Outcome("doubtful", replace(reading, operands={**reading.operands,
                                                          "whole": _figure_operand(fig)}),
                   Verdict(False, pct, expected), [finding])


def _printed(fig: Figure) -> str:
    """A figure of the report in the house style, for messages ("5,740")."""
    if fig.q.is_exact and fig.unit in (Unit.COUNT, Unit.MONEY):
        return format_quantity(fig.q.value, fig.unit)
    return fig.printed or format_quantity(fig.q.value, fig.unit)


# ---------------------------------------------------------------------- changes

def changes(unit: ProseUnit, reading: Reading, finder: ClaimFinder) -> list[Reading]:
    """A change whose two figures are not in the sentence: the row of a comment cell;
    otherwise left pending for ``paragraph_readings``."""
    if unit.kind == "cell":
        pair = row_operands(unit, finder.index)
        if pair is None:
            return []
        old, new = pair
        # "Sexual offences have seen 17% increase" is about the row; "Residential
        # Burglary (... is up +9.2%)" in the theft row is about something else: the row
        # is certain only when the words just before the figure name it.
        before = unit.text[max(unit.sentence_of(reading.stated.start)[0],
                               reading.stated.start - 60):reading.stated.start]
        named = head_words(unit.table.row_label(unit.row)) & content_words(before) \
            if unit.table is not None and unit.row is not None else set()
        return [replace(reading, operands={**reading.operands, "old": old, "new": new},
                        tier=PARAGRAPH if named else GUESS, label="its row")]
    return [replace(reading, pending=True)]


def paragraph_readings(unit: ProseUnit, readings: list[Reading], names: dict[int, Figure],
                       index: Index) -> list[Reading]:
    """Readings only the whole paragraph gives (see the module docstring)."""
    out: list[Reading] = []
    pending = [r for r in readings if r.pending]
    for r in pending:
        readings.remove(r)
    for r in pending:
        out += (_same_sentence(unit, r, readings) or _anaphora(unit, r, readings)
                or _counterpart(unit, r, readings, index) or _named_row(unit, r, index))
    out += _remainders(unit, readings, names)
    return out


_POINTS_BACK = re.compile(r"\s*(?:this|that|these|which|it)\s+(?:represents|represented|"
                          r"is|was|equates|equated|gives|amounts|shows|means)\b", re.IGNORECASE)


# "rose to 41,260, an average of 3,438 a month, against 38,904": an average is neither
# end of the change.
_AVERAGE_BEFORE = re.compile(r"\b(?:average|averaging|averaged|mean)\s+(?:of\s+)?$",
                             re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom\s+$")
_SECOND_CLAUSE = re.compile(r";|,\s*and\b|\b(?:while|whereas|but|although)\b", re.IGNORECASE)
_TO = re.compile(r"^[^;()]{0,40}?\bto\s+$")
_AGAINST = re.compile(r"^[^;()]{0,30}?\b(?:against|compared (?:to|with)|versus|vs\.?)\s+"
                      r"(?:the |a |last year.s |the previous year.s )?$", re.IGNORECASE)


def _same_sentence(unit: ProseUnit, bare: Reading, readings: list[Reading]) -> list[Reading]:
    """A change whose two figures its own sentence gives in another phrase: "£38.6m is
    £2.7m higher than the budget of £35.9m, an increase of 5.8%"; "fell by 9.6% year on
    year, from 2,318 to 2,142". Certain when nothing but the pair's own words stands
    between (no second clause with figures of its own)."""
    start, end = unit.sentence_of(bare.stated.start)
    pairs: list[tuple[Operand, Operand]] = []
    theirs = set()  # the pair's phrase's own figures ("£2.7m higher than")
    for r in readings:
        old, new = r.operands.get("old"), r.operands.get("new")
        if r.kind in ("change", "direction", "rate-change") and old is not None \
                and new is not None \
                and old.token is not None and new.token is not None \
                and start <= old.token.start < end and old.q.unit == new.q.unit \
                and bare.stated not in (old.token, new.token):
            pairs.append((old, new))
            theirs |= {id(o.token) for o in r.operands.values() if o.token is not None}
    if not pairs:
        figures = [t for t in unit.tokens if start <= t.start < end and t.is_figure
                   and not t.spelled and t is not bare.stated
                   and not _AVERAGE_BEFORE.search(unit.text, max(0, t.start - 24), t.start)]
        for a, b in pairwise(figures):
            if a.unit != b.unit:
                continue
            first, second = Operand(a.quantity(), a.house, a), Operand(b.quantity(), b.house, b)
            if ends_at(_FROM_TO, unit.text, a.start) and _TO.match(unit.text[a.end:b.start]):
                pairs.append((first, second))
            elif _AGAINST.match(unit.text[a.end:b.start]):
                pairs.append((second, first))  # "1,573 against 1,716 last year"
    unique = {(o.token.start, n.token.start): (o, n) for o, n in pairs
              if o.token is not None and n.token is not None}
    if len(unique) != 1:
        return []
    old, new = next(iter(unique.values()))
    assert old.token is not None and new.token is not None
    if bare.stated.unit != Unit.PERCENT and \
            (bare.stated.unit == Unit.MONEY) != (old.token.unit == Unit.MONEY):
        return []  # "from £9.4m to £11.6m, driven by 186 additional pupils"
    lo = min(old.token.start, new.token.start, bare.stated.start)
    hi = max(old.token.end, new.token.end, bare.stated.end)
    others = [t for t in unit.tokens if lo < t.start < hi and t.is_figure
              and t not in (old.token, new.token, bare.stated) and id(t) not in theirs
              and not re.search(r"\bper\s+$", unit.text[max(0, t.start - 5):t.start])]
    tier = GUESS if others or _SECOND_CLAUSE.search(unit.text, lo, hi) else SENTENCE
    done = replace(bare, operands={**bare.operands, "old": old, "new": new}, tier=tier,
                   pending=False, label="the sentence's figures",
                   note=f"read as the change from {old.text} to {new.text}")
    if old.q.unit != Unit.PERCENT:
        return [done]
    # A change of two rates: in points when it says so; said with "%", either reading.
    points = replace(done, kind="rate-change", points=True,
                     source=done.source.replace("pct_change", "pp_change"))
    if bare.stated.unit == Unit.POINTS:
        return [points]
    return [replace(done, kind="rate-change"), points]


def _anaphora(unit: ProseUnit, bare: Reading, readings: list[Reading]) -> list[Reading]:
    """A change stated in the sentence after the one that gave its two figures, about
    the same thing (two content words in common)."""
    here = unit.sentence_of(bare.stated.start)
    before = [s for s in unit.sentences if s[1] <= here[0]]
    if not before:
        return []
    prev = before[-1]
    pairs = [r for r in readings if r.kind in ("change", "direction") and
             prev[0] <= r.stated.start < prev[1] and "old" in r.operands and
             "new" in r.operands and r.operands["old"].q.unit == r.operands["new"].q.unit]
    if not pairs:
        return []
    sentence = unit.text[here[0]:here[1]]
    shared = (content_words(sentence) &
              content_words(unit.text[prev[0]:prev[1]])) - _DIRECTION_WORDS
    if _POINTS_BACK.match(sentence):
        shared = shared | {"this", "that"}  # "This represents a reduction of 15%"
    if not shared:
        return []
    old, new = pairs[0].operands["old"], pairs[0].operands["new"]
    # Two words in common ("referrals ... young people") make it likely enough to warn
    # when it does not hold; one only to confirm it when it does.
    return [replace(bare, operands={**bare.operands, "old": old, "new": new},
                    tier=REPORT if len(shared) >= 2 else GUESS, pending=False,
                    label="the previous sentence's figures",
                    note=f"read as the change from {old.text} to {new.text} in the "
                         "sentence before")]


def _counterpart(unit: ProseUnit, bare: Reading, readings: list[Reading], index: Index
                 ) -> list[Reading]:
    """A rate said to have changed, with the rate given elsewhere in the paragraph and
    its figures in the report: compare it with the same figures a year earlier."""
    if bare.stated.unit not in (Unit.PERCENT, Unit.POINTS):
        return []
    sentence = unit.text[slice(*unit.sentence_of(bare.stated.start))]
    if not re.search(r"\brates?\b", sentence, re.IGNORECASE):
        return []
    for r in readings:
        if r.kind not in ("rate", "share") or r.search is None:
            continue
        part = r.operands.get("part")
        found = r.search.result
        whole_fig = found.chosen or (found.closest(r.stated, found.year) or (None,))[0]
        if part is None or part.name is None or whole_fig is None:
            continue
        year = whole_fig.year or index.period_year
        if year is None:
            continue
        pair = [index.counterpart(n, year, year - 1) for n in (part.name, whole_fig.name)]
        if pair[0] is None or pair[1] is None:
            continue
        ops = []
        for num, den, when in ((pair[0], pair[1], year - 1), (part.name, whole_fig.name, year)):
            num_q, den_q = index.evaluate(num), index.evaluate(den)
            q = index.evaluate(f"pct({num}, {den})")
            if num_q is None or den_q is None or q is None:
                break
            rate = format_quantity(q.value, Unit.PERCENT, 1)
            ops.append(Operand(q, rate, name=f"pct({num}, {den})",
                               label=f"{format_quantity(num_q.value, num_q.unit)} out of "
                                     f"{format_quantity(den_q.value, den_q.unit)} in {when}"))
        if len(ops) != 2:
            continue
        old, new = ops
        note = f"read as the rate {new.label} ({new.text}) against {old.label} ({old.text})"
        rel = replace(bare, kind="rate-change", source="sign * pct_change(old, new)",
                      operands={**bare.operands, "old": old, "new": new}, tier=REPORT,
                      pending=False, label="relative change", note=note)
        points = replace(rel, source="sign * pp_change(old, new)", points=True,
                         label="percentage-point change")
        return [rel, points] if bare.stated.unit == Unit.PERCENT else [points]
    return []


def _named_row(unit: ProseUnit, bare: Reading, index: Index) -> list[Reading]:
    """A change of something a table has a row for ("possession of weapon offences
    which decreased by 9"; "Actual Bodily Harm (ABH). There were 9 less ..."): that row's
    two years. The row named nearest before the figure wins, one in a table the
    paragraph refers to first. A guess: it can confirm the figure, never accuse it."""
    start, _ = unit.sentence_of(bare.stated.start)
    words = re.findall(r"\S+", unit.text[:bare.stated.start])
    scopes = [content_words(" ".join(words[-12:])),
              content_words(unit.text[start:bare.stated.start])]
    for scope in scopes:
        rows = [(table, row) for table, row, keys, initials in index.rows
                if (keys and keys <= scope) or (len(keys) > 2 and initials & scope)]
        near = [(t, r) for t, r in rows if t.id in (*unit.figures_referenced,
                                                     *unit.figures_here)]
        rows = near or rows
        if len(rows) != 1:
            continue
        table, row = rows[0]
        pair = row_operands(replace(unit, table=table, row=row), index)
        if pair is None:
            return []
        old, new = pair
        return [replace(bare, operands={**bare.operands, "old": old, "new": new},
                        tier=GUESS, pending=False,
                        label=f"Figure {table.number}, {table.row_label(row)}")]
    return []


# ---------------------------------------------------------------------- remainders

_REMAINING = re.compile(r"\b(?:the\s+)?(?:remaining|rest|other|remainder)\s*(?:of\s+\w+\s*)?,?\s*$",
                        re.IGNORECASE)


_LEAVING = re.compile(r"\b(?:leaving|leaves)\s+"
                      r"(?:an?\s+(?:shortfall|gap|balance|remainder)\s+of\s+)?$", re.IGNORECASE)
# "leaving £0.4m uncommitted", "19 remain", "12 left over"; not "890 left during the quarter"
_REMAIN_AFTER = re.compile(r"\s+(?:(?!and\b|or\b|but\b|while\b)\w+\s+)?(?:remain|remains|remained|"
                           r"remaining|are left|were left|"
                           r"left(?=\s*(?:[.,;)]|$|\s(?:over|to|unspent|outstanding|uncommitted|"
                           r"unallocated)\b))|still outstanding|outstanding)\b", re.IGNORECASE)


# "19 outstanding" is a grade where the sentence grades things (Ofsted's "good",
# "outstanding", "requires improvement"), not what is still to do.
_GRADES = re.compile(r"\b(?:judged|rated|graded|ofsted|requires? improvement|inadequate)\b",
                     re.IGNORECASE)


# After a part: another part of the same list ("9 are outstanding and 6 ...").
_MORE_PARTS = re.compile(r"[^.;()⟦⟧\d]{0,40}?(?:,|\band\b)\s*(?:[a-z]+\s+){0,2}?[£$]?\d",
                         re.IGNORECASE)


def _named_remainder(unit: ProseUnit, token: Token) -> bool:
    """Do the words before ``token`` name it a remainder: "the remaining 56", "the rest,
    86", "leaving 394"?"""
    before = unit.text[max(0, token.start - 30):token.start]
    return bool(_REMAINING.search(before) or _LEAVING.search(before))


def _is_remainder(unit: ProseUnit, token: Token) -> bool:
    """"the remaining 56", "leaving 394", "19 remain outstanding"."""
    if _named_remainder(unit, token):
        return True
    after = _REMAIN_AFTER.match(unit.text, token.end)
    if after is None:
        return False
    start, end = unit.sentence_of(token.start)
    if after[0].strip().lower() == "outstanding" and _GRADES.search(unit.text[start:end]):
        return False
    # "82 were good and 19 left over, with the remaining 17 ...": the remainder is the
    # one the sentence names as such, after the parts.
    return not any(token.start < t.start < end and t.is_figure and _named_remainder(unit, t)
                   for t in unit.tokens)


def _remainders(unit: ProseUnit, readings: list[Reading], names: dict[int, Figure]
                ) -> list[Reading]:
    """What is left of a whole: the whole less the parts the sentence gave before it."""
    out: list[Reading] = []
    bases = paragraph_bases(unit)
    for token in unit.tokens:
        if not token.is_figure or token.source != "text" or not _is_remainder(unit, token):
            continue
        start, _ = unit.sentence_of(token.start)
        if _MORE_PARTS.match(unit.text, token.end) and not _named_remainder(unit, token):
            continue  # "31 have been paid, 9 are outstanding and 6 have been referred"
        if token.unit == Unit.PERCENT:
            parts = [t for t in unit.tokens if start <= t.start < token.start and
                     t.unit == Unit.PERCENT and t.is_figure and
                     not re.search(r"\(\s*$", unit.text[max(0, t.start - 2):t.start])]
            if not parts:
                continue
            if sum(t.value for t in parts) > 100:
                # "rose from 88.6% to 92.3%, ..., leaving 7.7%": what remains of the last
                parts = parts[-1:]
            ops = {f"parts_{k}": _token_operand(unit, t, names) for k, t in
                   enumerate(parts, start=1)}
            source = "100 - " + " - ".join(ops)
            out.append(Reading(kind="remainder", pattern="remainder", stated=token,
                               source=source, operands=ops, tier=SENTENCE))
            continue
        earlier = [t for p, t in bases if p < token.start]
        if not earlier:
            continue
        base = earlier[-1]
        if base.unit != token.unit:
            continue  # "£5,250 spread across the other 16": the 16 is no part of the money
        # The parts: the counts said between the whole and what remains (in the
        # sentence of the remainder), each less than the whole.
        first = max(base.end, start)
        parts = [t for t in unit.tokens if first <= t.start < token.start and t is not base
                 and _part_of(unit, t, base)]
        if not parts and _REMAINING.search(unit.text[max(start, token.start - 30):token.start]):
            # "Of these, 1,152 ... and 1,290 .... The remaining 562 ...": the parts are
            # the sentence before
            parts = [t for t in unit.tokens if base.end <= t.start < start
                     and _part_of(unit, t, base)]
        if not parts:  # "accounted for 312 of the 1,040 fires ..., the other 718"
            parts = [t for t in unit.tokens if start <= t.start < base.start
                     and _part_of(unit, t, base)]
        if not parts:
            continue
        ops = {"whole": _token_operand(unit, base, names)}
        ops.update({f"parts_{k}": _token_operand(unit, t, names) for k, t in
                    enumerate(parts, start=1)})
        source = "whole - " + " - ".join(k for k in ops if k != "whole")
        out.append(Reading(kind="remainder", pattern="remainder", stated=token,
                           source=source, operands=ops, tier=PARAGRAPH))
    return out


def _part_of(unit: ProseUnit, t: Token, base: Token) -> bool:
    """Can ``t`` be a part of ``base``: a figure of its unit and duration, smaller, not
    hedged, not a figure it is compared with ("compared with 5,019 in 2022/23"), and not
    a spelled number in passing ("within one month"; "four (22.2%) outstanding" is a
    part)?"""
    spelled_part = reads(unit.text, t) or unit.text[t.end:t.end + 2].lstrip().startswith("(")
    return (t.is_figure and (not t.spelled or spelled_part) and t.unit == base.unit
            and t.value < base.value and t.hedge is None and t.duration == base.duration
            and not compared_before(unit.text, t) and not change_amount(unit.text, t))


def _token_operand(unit: ProseUnit, token: Token, names: dict[int, Figure]) -> Operand:
    fig = names.get(unit.tokens.index(token))
    return Operand(token.quantity(), token.house, token,
                   name=fig.name if fig is not None else None,
                   label=fig.label if fig is not None else None)


# ---------------------------------------------------------------------- whole paragraph

def same_quantity_two_units(unit: ProseUnit, where: Where) -> list[Finding]:
    """"£5,987,000" and "£5,987m" in one paragraph: the same digits, a thousand times
    apart, are one sum written wrongly once."""
    money = [t for t in unit.tokens if t.unit == Unit.MONEY and t.is_figure]
    out = []
    for i, a in enumerate(money):
        for b in money[i + 1:]:
            # a thousand or a million times apart ("£5,987,000" and "£5,987m"), never
            # another sum with the same digits ("£1.42m on a pay bill of £142.0m")
            apart = max(a.value, b.value) / min(a.value, b.value) if min(a.value, b.value) else 0
            if a.digits == b.digits and len(a.digits) >= 3 and apart in (1000, 10**6):
                big, small = (a, b) if a.value > b.value else (b, a)
                out.append(Finding(
                    code="inconsistent-figure", severity=Severity.ERROR,
                    where=where.but(quote=unit.quote(b.start)),
                    message=f"{_place(unit)}: {a.text} and {b.text} look like the same sum "
                            f"written in two units, but {big.text} is "
                            f"{format_quantity(big.value, Unit.MONEY)} and {small.text} is "
                            f"{format_quantity(small.value, Unit.MONEY)}: one of them is "
                            "wrong.", stated=b.text, expected=a.text,
                    reading="one sum written in two units", automatic=True))
    return out


_LIST_LEAD = re.compile(
    r"\b(?:there (?:are|were)|the following|following|these|namely|identified|agreed|"
    r"are as follows)\b", re.IGNORECASE)


def list_count(unit: ProseUnit) -> list[Finding]:
    """A count said of the list that follows ("There are six statutory partners ... :"),
    as a Markdown list or inline after the colon. A list introduced by "including" or
    "such as" is not said to be complete."""
    found = _listed(unit)
    if found is None:
        return []
    sentence, items = found
    text = unit.text[slice(*sentence)]
    if re.search(r"\b(?:includ\w*|such as|for example|e\.g\.|examples?|among)\b", text,
                 re.IGNORECASE) or not _LIST_LEAD.search(text):
        return []
    counts = [t for t in unit.tokens if t.is_figure and t.unit == Unit.COUNT and
              t.source == "text" and sentence[0] <= t.start < sentence[1] and
              text.find(":") > t.start - sentence[0]]
    if len(counts) != 1 or counts[0].value == items:
        return []
    n = counts[0]
    return [Finding(code="parts-sum-mismatch", severity=Severity.ERROR,
                    where=unit.where.but(quote=unit.quote(n.start)),
                    message=f"{_place(unit)}: the text says {n.text}, but the list that "
                            f"follows has {items} items.",
                    stated=n.text, expected=str(items),
                    reading="the number of items in the list that follows", automatic=True)]


def _listed(unit: ProseUnit) -> tuple[tuple[int, int], int] | None:
    """The sentence that introduces a list, and how many items the list has."""
    if unit.following_list is not None and unit.sentences:
        return unit.sentences[-1], unit.following_list
    for start, end in unit.sentences:
        text = unit.text[start:end]
        colon = text.find(":")
        if colon < 0:
            continue
        tail = text[colon + 1:].strip().rstrip(".")
        items = [p for p in re.split(r",\s*|\s+and\s+|;\s*", tail) if p.strip()]
        if any(re.search(r"\d", p) for p in items):
            continue  # "49 low, 7 medium and 2 high" is a breakdown: the parts rules read it
        if len(items) >= 2 and all(len(p.split()) <= 6 for p in items):
            return (start, end), len(items)
    return None


def _place(unit: ProseUnit) -> str:
    from cspdoc.transforms.claims.finder import ClaimFinder

    return ClaimFinder.place(unit)


# ---------------------------------------------------------------------- messages

def message(place: str, reading: Reading, verdict: Verdict,
            usable: list[tuple[Reading, Verdict]]) -> str:
    """One plain sentence for a claim that does not hold, saying which reading."""
    stated = reading.stated.text
    expected = verdict.expected or "?"
    kind = reading.kind
    ops = reading.operands

    def t(slot: str) -> str:
        return ops[slot].text if slot in ops else "?"

    note = f" ({reading.note})" if reading.note and reading.note != "search" else ""
    if kind == "rate" and "per" in ops:
        return (f"{place}: {t('count')} per {t('per')} of {t('base')} is {expected}, but the "
                f"text says {stated}.")
    if kind in ("share", "rate"):
        whole = ops.get("whole")
        of = t("whole")
        if whole is not None and whole.token is None and whole.label:
            of = f"{of} ({whole.label})"
        return f"{place}: {t('part')} out of {of} is {expected}, but the text says {stated}{note}."
    new = ops.get("new")
    if kind == "change" and new is not None and new.token is reading.stated:
        # "after the drawdown of £3.1m the balance is forecast to be £18.3m"
        return f"{place}: {reading.worked()} is {expected}, but the text says {stated}{note}."
    if kind == "change":
        what = "the difference" if reading.stated.unit in (Unit.COUNT, Unit.NUMBER,
                                                          Unit.MONEY) else \
            "the percentage change"
        return (f"{place}: {what} from {t('old')} to {t('new')} is {expected}, but the text "
                f"says {stated}{note}.")
    if kind == "rate-change":
        relative = next((v.expected for r, v in usable if not r.points and v.expected), None)
        points = next((v.expected for r, v in usable if r.points and v.expected), None)
        said = " or ".join(filter(None, [f"a relative change of {relative}" if relative
                                         else None, points]))
        return (f"{place}: from {t('old')} to {t('new')} is {said or expected}, but the text "
                f"says {stated}{note}.")
    if kind == "direction":
        said = "an increase" if reading.sign > 0 else "a decrease"
        actual = "lower" if reading.sign > 0 else "higher"
        return (f"{place}: the text says {said} from {t('old')} to {t('new')}, but "
                f"{t('new')} is {actual}{note}.")
    if kind == "parts":  # the list's parts, or a pattern's own slots ("a + b")
        parts = " + ".join(op.text for s, op in ops.items() if s.startswith("parts_")) or \
            " + ".join(op.text for op in ops.values() if op.token is not reading.stated)
        return f"{place}: the parts {parts} add up to {expected}, but the text says {stated}."
    if kind == "remainder":
        parts = " - ".join(op.text for s, op in ops.items() if s.startswith("parts_"))
        of = ops["whole"].text if "whole" in ops else "100%"
        return (f"{place}: what remains of {of} after {parts} is {expected}, but the text "
                f"says {stated}.")
    if kind == "grim":
        options = " and ".join(verdict.options)
        return (f"{place}: no whole number out of {t('whole')} gives {stated}"
                f"{f' ({options})' if options else ''}.")
    if kind == "fraction":
        return f"{place}: {stated} is not \"{reading.fraction}\" ({expected})."
    if kind == "average":
        return (f"{place}: {t('total')} over {t('n')} is an average of {expected}, but the "
                f"text says {stated}.")
    if kind == "multiple":
        return (f"{place}: from {t('old')} to {t('new')} is {expected}, not "
                f"\"{reading.fraction}\".")
    if kind == "ratio":
        return f"{place}: {t('a')} in {t('b')} is {expected}, but the text says {stated}."
    return f"{place}: the figures give {expected}, but the text says {stated}."


__all__ = ["changes", "list_count", "message", "paragraph_readings",
           "same_quantity_two_units", "searched", "wholes"]
