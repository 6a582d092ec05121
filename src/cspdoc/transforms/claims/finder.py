"""Find the numeric claims of plain prose and check those whose figures can be found.

In: one prose unit at a time (``units.Unit``), in reading order, and the report's
``Index``. Out: findings (errors for a claim that is wrong on its only reading, warnings
for a doubtful one, information for unverified and ambiguous figures), and for every
number its status for the coverage count, the reviewer's copy and ``check --suggest``.

Per unit: (1) match the phrase patterns sentence by sentence; (2) look each number up
among the report's figures; (3) turn each match into readings, finding missing wholes
and operands (``bases``); (4) the rules that read a whole paragraph (``rules``); (5)
decide each stated figure on all its readings: it holds when any reading holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction

from cspdoc import expr
from cspdoc.findings import Finding, Severity
from cspdoc.numbers import Unit, format_quantity
from cspdoc.transforms.claims import rules
from cspdoc.transforms.claims.bases import benchmark, change_amount, target
from cspdoc.transforms.claims.context import context, coverage, score
from cspdoc.transforms.claims.index import (
    GROUP,
    Figure,
    Index,
    compatible_units,
    content_words,
    rows_named,
)
from cspdoc.transforms.claims.language import explains_excess
from cspdoc.transforms.claims.patterns import Match, find_all
from cspdoc.transforms.claims.readings import Operand, Reading, Verdict, agrees, evaluate
from cspdoc.transforms.claims.tokens import Token
from cspdoc.transforms.claims.units import Unit as ProseUnit
from cspdoc.where import NOWHERE, Where

ERROR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
# A number is taken to be a report figure when the text says at least half of what the
# figure is called (context.coverage).
MIN_COVERAGE = 0.5

_CHANGES = ("change", "rate-change", "direction")
# Readings by how sure their figures are (see readings.Reading.tier).
SENTENCE, PARAGRAPH, GUESS, REPORT = 0, 1, 2, 3

_CODES = {"share": "rate-mismatch", "rate": "rate-mismatch", "change": "change-mismatch",
          "rate-change": "change-mismatch", "direction": "change-mismatch",
          "parts": "parts-sum-mismatch", "remainder": "parts-sum-mismatch",
          "grim": "impossible-percentage", "fraction": "mismatch", "ratio": "mismatch",
          "multiple": "change-mismatch", "average": "mismatch",
          "count": "parts-sum-mismatch"}


@dataclass
class ProseFigure:
    """One number of the text and what the verifier made of it: ``status`` is bound,
    checked (annotated), auto (checked automatically), wrong, doubtful (a warning),
    ambiguous or unverified."""

    unit: int
    token: Token
    status: str
    where: Where
    note: str | None = None
    finding: Finding | None = None
    suggestion: str | None = None


@dataclass
class Outcome:
    """What was decided for one stated figure."""

    status: str
    reading: Reading | None = None
    verdict: Verdict | None = None
    findings: list[Finding] = field(default_factory=list)
    note: str | None = None


class ClaimFinder:
    """Reads prose units in order; ``figures`` and the counts accumulate."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.figures: list[ProseFigure] = []
        self._names: dict[int, dict[int, Figure]] = {}
        self._containers: dict[tuple[str | None, str | None], Container] = {}
        self._rates: dict[str, list[tuple[str, frozenset[str], str]]] = {}

    def prepare(self, units: list[ProseUnit]) -> None:
        """Look every unit's numbers up once, before any is checked, and note what each
        section (or panel column) says: a rate in its first item may rest on counts its
        third item lists ("60 charged, 21 cautions and 10 community resolutions")."""
        for unit in units:
            names = self.direct(unit)
            self._names[unit.index] = names
            if unit.kind == "cell":
                continue
            box = self._containers.setdefault((unit.where.section, unit.heading),
                                              Container())
            box.words |= content_words(unit.text)
            box.lists += _listed_sums(unit, names)

    # ------------------------------------------------------------------ one unit

    def check(self, unit: ProseUnit) -> list[Finding]:
        matches = self.matches(unit)
        known = self._names.get(unit.index)
        names = dict(known) if known is not None else self.direct(unit)
        decided = self.decide_all(unit, matches, names)
        # A figure the paragraph works out from the report's figures ("the remaining 56"
        # is 159 - 61 - 42) is a report figure for the claims that use it ("56 (35%)").
        derived = self.derived(unit, decided, names)
        if derived:
            names.update(derived)
            decided = self.decide_all(unit, matches, names)
        decided.update(self.counterparts(unit, matches, names, decided))
        findings: list[Finding] = rules.same_quantity_two_units(unit, self.where(unit))
        findings += rules.list_count(unit)
        for i, token in enumerate(unit.tokens):
            findings += self.figure(unit, i, token, decided.get(i), names.get(i))
        return findings

    def decide_all(self, unit: ProseUnit, matches: list[Match], names: dict[int, Figure]
                   ) -> dict[int, Outcome]:
        readings = self.readings(unit, matches, names)
        readings += rules.paragraph_readings(unit, readings, names, self.index)
        decided: dict[int, Outcome] = {}
        for (i, _family), group in _grouped(unit, readings).items():
            outcome = self.decide(unit, group)
            if outcome is None:
                continue
            if i in decided:
                outcome = _merged(decided[i], outcome)
            decided[i] = outcome
        return decided

    def derived(self, unit: ProseUnit, decided: dict[int, Outcome],
                names: dict[int, Figure]) -> dict[int, Figure]:
        out: dict[int, Figure] = {}
        for i, outcome in decided.items():
            reading = outcome.reading
            if i in names or outcome.status != "auto" or reading is None or \
                    reading.stated.unit not in (Unit.COUNT, Unit.MONEY):
                continue
            src = reading.suggestion_source()
            if src is not None:
                out[i] = Figure(src, reading.stated.quantity(), reading.stated.unit,
                                f"{reading.stated.text} worked out as {src}", frozenset(),
                                GROUP)
        return out

    def matches(self, unit: ProseUnit) -> list[Match]:
        return find_all(unit.text, unit.tokens, unit.sentences)

    def direct(self, unit: ProseUnit) -> dict[int, Figure]:
        """Each number the report holds, when exactly one of its figures fits."""
        out: dict[int, Figure] = {}
        for i, token in enumerate(unit.tokens):
            if not token.is_figure or token.spelled or token.hedge is not None:
                continue
            fig = self.lookup(unit, token)
            if fig is not None:
                out[i] = fig
        return out

    def lookup(self, unit: ProseUnit, token: Token) -> Figure | None:
        q = token.quantity()
        if token.unit == Unit.PERCENT:
            candidates = [f for f in self.index.percents_near(token.value)
                          if agrees(token, f.q)]
        else:
            candidates = self.index.equal_to(q, token.unit)
        if not candidates and token.unit != Unit.COUNT:
            return None
        ctx = context(unit, token, self.index.period_year)
        if not candidates:  # a count may name a row ("the 19 Robbery offences")
            candidates = rows_named(self.index, token.value, ctx.sentence, ctx.year)
        if not candidates:
            return None
        refs = frozenset(unit.figures_referenced)
        ranked = sorted(((coverage(self.index, f, ctx, refs), score(self.index, f, ctx), f)
                         for f in candidates), key=lambda cs: (-cs[0], -cs[1]))
        cover, best, fig = ranked[0]
        if cover < MIN_COVERAGE or best <= 0:
            return None
        if len(ranked) > 1 and ranked[1][0] >= MIN_COVERAGE and (
                ranked[1][0] == cover and ranked[1][1] > best - 0.5):
            return None
        return fig

    def counterparts(self, unit: ProseUnit, matches: list[Match], names: dict[int, Figure],
                     decided: dict[int, Outcome]) -> dict[int, Outcome]:
        """"Theft fell from 604 to 590": 604 is the table's Theft of Apr-Jun 2024, so 590
        is its Theft of the one later dated column of that row (of the year the text gives
        590, the report's when it says none). When that cell holds another figure, the
        text and the table disagree: a warning, since the sentence might compare other
        periods than the table's."""
        out: dict[int, Outcome] = {}
        for match in matches:
            old, new = match.slots.get("old"), match.slots.get("new")
            if old is None or new is None:
                continue
            i_old, i_new = unit.tokens.index(old), unit.tokens.index(new)
            for known, i, later in ((i_old, i_new, True), (i_new, i_old, False)):
                fig, token = names.get(known), unit.tokens[i]
                if fig is None or fig.table is None or fig.year is None or i in names \
                        or i in decided or i in out or not token.is_figure \
                        or token.source != "text" or token.hedge is not None \
                        or token.spelled or not compatible_units(fig.unit, token.unit):
                    continue
                twin = self._twin(unit, token, fig, later)
                if twin is None or agrees(token, twin.q):
                    continue
                printed = twin.printed or format_quantity(twin.q.value, twin.unit)
                message = (f"{self.place(unit)}: the text says {token.text} where "
                           f"{twin.label} is {printed} (the sentence compares it with "
                           f"{unit.tokens[known].text}, {fig.label}).")
                finding = Finding(code="inconsistent-figure", severity=WARN,
                                  where=self.where(unit, token), message=message,
                                  stated=token.text, expected=printed,
                                  reading=f"the figure compared with {fig.label}",
                                  automatic=True, suggestion=f"[{token.text}]{{= {twin.name}}}")
                out[i] = Outcome("doubtful", findings=[finding],
                                 note=f"{twin.label} is {printed}")
        return out

    def _twin(self, unit: ProseUnit, token: Token, fig: Figure, later: bool) -> Figure | None:
        """The cell of ``fig``'s row in the one other dated column a comparison reaches."""
        year = context(unit, token, self.index.period_year).year
        twins = [f for f in self.index.figures
                 if f.table == fig.table and f.row == fig.row and f.column != fig.column
                 and f.unit == fig.unit and f.year is not None and f.q.is_exact
                 and (f.year > fig.year if later else f.year < fig.year)  # type: ignore[operator]
                 and (year is None or f.year == year)]
        return twins[0] if len(twins) == 1 else None

    # ------------------------------------------------------------------ readings

    def operand(self, unit: ProseUnit, token: Token, names: dict[int, Figure]) -> Operand:
        i = unit.tokens.index(token)
        fig = names.get(i)
        return Operand(token.quantity(), token.house, token,
                       name=fig.name if fig is not None else None,
                       label=fig.label if fig is not None else None)

    def readings(self, unit: ProseUnit, matches: list[Match], names: dict[int, Figure]
                 ) -> list[Reading]:
        out: list[Reading] = []
        for match in matches:
            spec = match.pattern.spec
            if _misread(match, unit.text):
                continue
            operands = {slot: self.operand(unit, tok, names) for slot, tok in match.slots.items()}
            for slot, members in match.lists.items():
                for k, tok in enumerate(members, start=1):
                    operands[f"{slot}_{k}"] = self.operand(unit, tok, names)
            checks: list[tuple[str, str, str, bool]] = [
                (slot, source, "", False) for slot, source in spec.check.items()]
            for r in spec.readings:
                for slot, source in r["check"].items():
                    checks.append((slot, source, str(r.get("name", "")), bool(r.get("points"))))
            count, base = match.slots.get("count"), match.slots.get("base")
            if spec.kind == "rate" and count is not None and base is not None and \
                    count.value > base.value:
                # "226 fires resulted in 31 casualties, 13.7 casualties per 100 fires":
                # the count may be named second.
                checks += [(slot, _COUNT_OR_BASE.sub(_swapped, source), "the count named second",
                            False) for slot, source in spec.check.items()]
            for slot, source, label, points in checks:
                stated = match.slots.get("new" if slot == "direction" else slot)
                if stated is None and slot in match.lists:
                    continue
                if stated is None:
                    continue
                for members_slot, members in match.lists.items():
                    names_list = ", ".join(f"{members_slot}_{k}"
                                           for k in range(1, len(members) + 1))
                    source = source.replace(members_slot, names_list)
                if points and stated.unit == Unit.COUNT:
                    continue
                if not points and stated.unit == Unit.POINTS and spec.kind == "rate-change":
                    continue
                signs = [match.sign if match.sign is not None else 1]
                if stated.signed and match.sign is not None:
                    signs = [1]
                elif match.sign == 0:
                    signs = [1, -1]  # "an improvement of 1.1 points": either way
                if spec.id.startswith("direction"):
                    source = f"direction:{source}"
                for sign in signs:
                    reading = Reading(
                        kind=spec.kind, pattern=spec.id, stated=stated, source=source,
                        operands=operands, label=label, points=points,
                        confirm_only=spec.confirm_only,
                        share=spec.kind == "share" or spec.share, sign=sign,
                        fraction=match.fraction)
                    out += [r for r in self.complete(unit, reading, spec.needs, names)
                            if not _mixed_money(r)]
        return out

    def complete(self, unit: ProseUnit, reading: Reading, needs: tuple[str, ...],
                 names: dict[int, Figure]) -> list[Reading]:
        """A reading with its missing figures filled in, in as many ways as the paragraph
        and the report allow (each tier its own reading)."""
        if not needs:
            return [reading]
        if needs == ("whole",):
            return rules.wholes(unit, reading, names, self)
        if set(needs) == {"old", "new"}:
            return rules.changes(unit, reading, self)
        return []

    # ------------------------------------------------------------------ decisions

    def decide(self, unit: ProseUnit, group: list[Reading]) -> Outcome | None:
        stated = group[0].stated
        if stated.source != "text":
            return None  # an annotated figure is the author's word, checked as written
        # "52 of the 400 kits (15%)": the share is the claim; that some whole number of
        # 400 could give 15% is a weaker one, read only when there is no share to check.
        if any(r.kind != "grim" for r in group if r.tier <= PARAGRAPH):
            group = [r for r in group if r.kind != "grim"]
        for tier in (SENTENCE, PARAGRAPH, GUESS, REPORT):
            tiered = _fullest([r for r in group if r.tier == tier and r.search is None])
            if not tiered:
                continue
            verdicts = [(r, evaluate(r)) for r in tiered]
            holding = [(r, v) for r, v in verdicts if v.holds]
            if holding and all(r.kind == "direction" for r, _ in holding):
                return None  # the direction agrees: that says nothing of the figure itself
            if holding:
                # Of readings that hold, those that hold as printed rather than only at
                # the edge of their operands' rounding.
                return self.holds(unit, [rv for rv in holding if rv[1].central] or holding)
            if tier == GUESS or all(r.confirm_only for r in tiered):
                continue
            if tier == REPORT:
                return self.fails(unit, verdicts, WARN)
            return self.fails(unit, verdicts, ERROR)
        search = next((r for r in group if r.search is not None), None)
        if search is not None:
            return rules.searched(unit, search, self)
        return None

    def holds(self, unit: ProseUnit, holding: list[tuple[Reading, Verdict]]) -> Outcome:
        reading, verdict = holding[0]
        out = Outcome("auto", reading, verdict, note=_describe(reading, verdict))
        q = verdict.q
        sentence = unit.quote(reading.stated.start)
        where = self.where(unit, reading.stated)
        if q is not None and reading.kind in ("share", "rate") and q.value > 100 and \
                reading.stated.unit == Unit.PERCENT:
            if reading.share and not _AGAINST_AIM.search(sentence):
                out.status = "wrong"
                out.findings.append(self.finding(
                    "share-over-100", ERROR, where, reading, verdict,
                    f"{self.place(unit)}: {reading.stated.text} is given as a share of a "
                    f"whole ({_operands(reading)}), and a share cannot be more than 100%."))
            elif not explains_excess(unit.text):  # the reason may follow the figure
                out.findings.append(self.finding(
                    "rate-over-100", WARN, where, reading, verdict,
                    f"{self.place(unit)}: {reading.stated.text} is over 100% "
                    f"({_operands(reading)}); the text should say why the count can exceed "
                    "its base."))
        if reading.kind == "rate-change" and all(r.points for r, _ in holding) \
                and reading.stated.unit == Unit.PERCENT:
            out.status = "doubtful"
            relative = evaluate(replace(reading, points=False, source=reading.source.replace(
                "pp_change", "pct_change")))
            other = f" (as a percentage change it would be {relative.expected})" \
                if relative.expected else ""
            out.findings.append(self.finding(
                "change-kind", WARN, where, reading, verdict,
                f"{self.place(unit)}: {reading.stated.text} is the change from "
                f"{_op(reading, 'old')} to {_op(reading, 'new')} in percentage points"
                f"{other}; write \"{reading.stated.text_number()} percentage points\"."))
        return out

    def fails(self, unit: ProseUnit, verdicts: list[tuple[Reading, Verdict]],
              severity: Severity) -> Outcome:
        usable = [(r, v) for r, v in verdicts if not r.confirm_only]
        # Of several readings none of which holds, report (and suggest) the one nearest
        # the stated figure: the author most likely meant that one.
        reading, verdict = min(usable, key=lambda rv: _distance(rv[0].stated, rv[1]))
        where = self.where(unit, reading.stated)
        if verdict.zero:
            return Outcome("wrong", reading, verdict, [self.finding(
                "zero-denominator", ERROR, where, reading, verdict,
                f"{self.place(unit)}: {reading.stated.text} is a percentage of zero, which "
                "has no value.")])
        message = rules.message(self.place(unit), reading, verdict, usable)
        code = _CODES.get(reading.kind, "mismatch")
        status = "wrong" if severity == ERROR else "doubtful"
        return Outcome(status, reading, verdict,
                       [self.finding(code, severity, where, reading, verdict, message)])

    # ------------------------------------------------------------------ output

    def figure(self, unit: ProseUnit, i: int, token: Token, outcome: Outcome | None,
               fig: Figure | None) -> list[Finding]:
        if not token.is_figure or token.source != "text":
            return []
        where = self.where(unit, token)
        if outcome is not None:
            finding = outcome.findings[0] if outcome.findings else None
            status = outcome.status
            suggestion = None
            if outcome.reading is not None:
                src = outcome.reading.suggestion_source()
                suggestion = f"[{token.text}]{{= {src}}}" if src else None
            self.figures.append(ProseFigure(unit.index, token, status, where, outcome.note,
                                            finding, suggestion))
            return outcome.findings
        if token.spelled:
            return []
        if fig is None and token.unit == Unit.PERCENT and token.hedge is None:
            fig = self.rate_in_context(unit, token)
        if fig is not None:
            self.figures.append(ProseFigure(unit.index, token, "auto", where,
                                            f"matches {fig.label}", None,
                                            _binding(token, fig)))
            return []
        finding = Finding(code="unverified-figure", severity=INFO, where=where,
                          message=f"{self.place(unit)}: '{token.text}' is neither bound to "
                          "the data nor checked; check it against its source by hand.",
                          stated=token.text)
        self.figures.append(ProseFigure(unit.index, token, "unverified", where, None,
                                        finding))
        return [finding]

    def rate_in_context(self, unit: ProseUnit, token: Token) -> Figure | None:
        """A rate said with neither of its figures ("an outcome rate of 11.2%"): a sum
        the same section lists, over a figure it names, when exactly one pair fits; or the
        same rate, said of the same thing, resolved earlier in the paper."""
        start, end = unit.sentence_of(token.start)
        sentence = unit.text[start:end]
        words = content_words(sentence)
        for name, seen, label in self._rates.get(token.text, []):
            if len(words & seen) >= 2:
                q = self.index.evaluate(name)
                if q is not None:
                    return Figure(name, q, Unit.PERCENT, label, seen, GROUP)
        if not re.search(r"\brates?\b", sentence, re.IGNORECASE):
            return None
        box = self._containers.get((unit.where.section, unit.heading))
        if box is None or not box.lists:
            return None
        ctx = context(unit, token, self.index.period_year)
        wide = replace(ctx, sentence=frozenset(box.words))
        bases = [f for f in self.index.bases(Unit.COUNT)
                 if coverage(self.index, f, wide) >= 1.0]
        fits = []
        for listed in box.lists:
            for base in bases:
                if base.value <= listed.value:
                    continue
                q = expr.FUNCTIONS["pct"].run([listed.q, base.q], NOWHERE)
                if agrees(token, q):
                    fits.append((listed, base, q))
        if len(fits) != 1:
            return None
        listed, base, q = fits[0]
        name = f"pct({listed.name}, {base.name})"
        label = f"{listed.label} out of {base.label}"
        self._rates.setdefault(token.text, []).append((name, words, label))
        return Figure(name, q, Unit.PERCENT, label, words, GROUP)

    def where(self, unit: ProseUnit, token: Token | None = None) -> Where:
        quote = unit.quote(token.start) if token is not None else unit.text.strip()
        return unit.where.but(quote=quote)

    @staticmethod
    def place(unit: ProseUnit) -> str:
        return unit.where.place

    def finding(self, code: str, severity: Severity, where: Where, reading: Reading,
                verdict: Verdict, message: str) -> Finding:
        src = reading.suggestion_source()
        return Finding(code=code, severity=severity, where=where, message=message,
                       stated=reading.stated.text, expected=verdict.expected,
                       reading=_describe(reading, verdict), automatic=True,
                       suggestion=f"[{reading.stated.text}]{{= {src}}}" if src else None)


@dataclass
class Container:
    """What one section (or panel column) says: its words, and the sums of figures it
    lists together ("60 charged, 21 cautions and 10 community resolutions")."""

    words: set[str] = field(default_factory=set)
    lists: list[Figure] = field(default_factory=list)


_LIST_JOIN = re.compile(r"^[^.;:()⟦⟧]{0,40}?(?:,|\band\b)[^.;:()]{0,12}$")


def _listed_sums(unit: ProseUnit, names: dict[int, Figure]) -> list[Figure]:
    """Counts the report holds, listed together in one sentence, as one sum."""
    out = []
    for start, end in unit.sentences:
        run: list[tuple[Token, Figure]] = []
        for i, token in enumerate(unit.tokens):
            if not start <= token.start < end or token.unit != Unit.COUNT:
                continue
            fig = names.get(i)
            joined = run and _LIST_JOIN.match(unit.text[run[-1][0].end:token.start])
            if fig is not None and (not run or joined):
                run.append((token, fig))
                continue
            if len(run) >= 2:
                out.append(_sum_of(run))
            run = [(token, fig)] if fig is not None else []
        if len(run) >= 2:
            out.append(_sum_of(run))
    return out


def _sum_of(run: list[tuple[Token, Figure]]) -> Figure:
    figs = [f for _, f in run]
    q = expr.FUNCTIONS["sum"].run([f.q for f in figs], NOWHERE)
    text = ", ".join(t.text for t, _ in run)
    return Figure(f"sum({', '.join(f.name for f in figs)})", q, Unit.COUNT,
                  f"the sum of {text}", frozenset(), GROUP)


# A direction word ("rose") or a multiple ("more than doubled") is a claim of its own
# about the figure it ends on, decided apart from the readings of that figure's value.
# "118% of the £2.42m budgeted", "110 per cent of the target": a result measured against
# an aim, which can exceed it, is no share of a whole.
_AGAINST_AIM = re.compile(r"\b(?:budget(?:ed)?|target|plan(?:ned)?|profiled?|forecast|"
                          r"estimated?)\b", re.IGNORECASE)
_FAMILIES = {"direction": "direction", "multiple": "multiple"}
_RANK = {"wrong": 0, "doubtful": 1, "ambiguous": 2, "auto": 3}


def _grouped(unit: ProseUnit, readings: list[Reading]) -> dict[tuple[int, str], list[Reading]]:
    out: dict[tuple[int, str], list[Reading]] = {}
    for r in readings:
        try:
            i = unit.tokens.index(r.stated)
        except ValueError:
            continue
        out.setdefault((i, _FAMILIES.get(r.kind, "value")), []).append(r)
    return out


_GAP_BEFORE = re.compile(r"\b(?:overspend|underspend|variance|shortfall|surplus|deficit)\s+"
                         r"(?:of\s+)?$", re.IGNORECASE)


_GAP_AFTER = re.compile(r"\s*(?:[a-z-]+\s+)?(?:overspend|underspend|variance|shortfall|surplus|"
                        r"deficit)\b", re.IGNORECASE)


def _a_gap(text: str, token: Token | None) -> bool:
    """Is the figure an overspend, an underspend or another gap ("an underspend of £1.36m",
    "the £3.26m overspend")?"""
    return token is not None and (
        _GAP_BEFORE.search(text, max(0, token.start - 30), token.start) is not None
        or _GAP_AFTER.match(text, token.end) is not None)


def _misread(match: Match, text: str) -> bool:
    """Is the match a misreading of its sentence, whose figures cannot stand in the
    pattern's slots?"""
    spec, slots = match.pattern.spec, match.slots
    if spec.kind == "parts" and not _a_breakdown(match, text):
        return True  # "310,000 items and 14 branches ... a combined 612 hours"
    if not spec.benchmark and (
            any(benchmark(text, t) for t in match.tokens) or
            (spec.kind in _CHANGES and any(
                target(text, t) for slot, t in slots.items() if slot != "old"))):
        return True  # "compared with a national rate of 14.6%", "a target of 20 days"
    parts = [t for ts in match.lists.values() for t in ts]
    if any(change_amount(text, slots[s]) for s in ("whole", "base") if s in slots) and \
            not (parts and change_amount(text, parts[0])):
        # "(a fall of 54), of which 63 (22.0%)": a change is no whole, unless its parts
        # are changes too ("fell by £0.6m and £0.4m, a combined ...")
        return True
    old, new = slots.get("old"), slots.get("new")
    if spec.kind in _CHANGES and old is not None and new is not None:
        if old.duration != new.duration:
            return True  # "6 minutes 40 seconds across 57 incidents, compared with 7 minutes"
        if new.start < old.start and \
                re.search(r"\bfrom\s+$", text[max(0, new.start - 6):new.start]):
            return True  # "7.8 out of 10 from 412 responses, compared against 7.5": a base
    if spec.kind in _CHANGES and _a_gap(text, new) and not _a_gap(text, old):
        return True  # "an underspend of £1.36m against a budget of ...": no outturn
    if spec.kind == "average" and "n" in slots and slots["n"].unit == Unit.MONEY:
        return True  # an average is over a count of things, never over money
    if spec.kind == "fraction" and "part" in slots and "whole" in slots \
            and slots["part"].value > slots["whole"].value:
        return True  # "nearly half of 101 contacts (41,900 of ...)": no part of it
    return spec.kind == "rate" and _earlier_rate(text, match)


_COUNT_OR_BASE = re.compile(r"\b(count|base)\b")


def _swapped(m: re.Match[str]) -> str:
    return "base" if m[1] == "count" else "count"


def _mixed_money(reading: Reading) -> bool:
    """A share of a count that is money, or of money that is a count ("arrears of more
    than £500, which is 17.5% of the 13,420 homes"): a misreading."""
    part, whole = reading.operands.get("part"), reading.operands.get("whole")
    if reading.kind not in ("share", "rate", "fraction") or part is None or whole is None \
            or part.token is None or whole.token is None:
        return False
    return (part.token.unit == Unit.MONEY) != (whole.token.unit == Unit.MONEY)


def _earlier_rate(text: str, match: Match) -> bool:
    """Is a rate pattern's count the same rate before ("from 5.7 to 4.6 per 100,000"): a
    figure with decimals joined to the rate by "to" or "and"?"""
    count, rate = match.slots.get("count"), match.slots.get("rate")
    return count is not None and rate is not None and count.unit == Unit.NUMBER and \
        count.end <= rate.start and \
        re.fullmatch(r"\s*(?:to|and|[–-])\s*", text[count.end:rate.start]) is not None


# "The 236 complaints included delays (64), ...": some of its items, not a breakdown.
_SOME_OF = re.compile(r"\b(?:includ(?:e|es|ed|ing)|such as|for example|e\.g\.|among (?:them|"
                      r"these|those|which)|notably|in particular|mainly|mostly)\b", re.IGNORECASE)


def _bracketed(text: str, token: Token) -> bool:
    """Is the figure alone in brackets: "(275)"?"""
    return re.search(r"\(\s*$", text[max(0, token.start - 8):token.start]) is not None and \
        re.match(r"\s*\)", text[token.end:]) is not None


def _a_breakdown(match: Match, text: str) -> bool:
    """Can a parts pattern's list be its whole's breakdown? Not when the whole is of
    another unit than a part or smaller than one (a misreading), nor when the parts come
    to less than half of it: a few of its items ("146 enquiries, of which 37 went to
    investigation and 12 were upheld"), nor when the words between them say the list is
    some of its items ("included", "such as"), nor when the whole is in brackets like
    the parts (one item of a list of them)."""
    whole = match.slots.get("whole")
    parts = [t for ts in match.lists.values() for t in ts]
    if whole is None:
        return True
    if any(t.unit != whole.unit or t.value > whole.value for t in parts):
        return False
    if parts and whole.end < parts[0].start and \
            _SOME_OF.search(text, whole.end, parts[0].start):
        return False
    if parts and _bracketed(text, whole) and _bracketed(text, parts[0]):
        return False  # "missed bins (275), housing repairs (198) and ...": items alike
    return len(parts) < 2 or 2 * sum(t.value for t in parts) >= whole.value


def _fullest(readings: list[Reading]) -> list[Reading]:
    """The readings that no other reading of the same kind contains: "rose by £13 to
    £287.44 ..., up from £264.44" reads the change from £264.44, not only the change
    to £287.44 that the first half would say on its own."""
    def tokens(r: Reading) -> frozenset[int]:
        return frozenset(id(op.token) for op in r.operands.values() if op.token is not None)

    held = [(r, tokens(r)) for r in readings]
    return [r for r, mine in held
            if not any(other.kind == r.kind and mine < theirs for other, theirs in held)]


def _merged(a: Outcome, b: Outcome) -> Outcome:
    """Two claims about one figure: the worse decides its status; both findings stand."""
    first, second = sorted((a, b), key=lambda o: _RANK.get(o.status, 9))
    return Outcome(first.status, first.reading, first.verdict,
                   [*first.findings, *second.findings], first.note)


def _distance(stated: Token, verdict: Verdict) -> Fraction:
    if verdict.q is None:
        return Fraction(10**12)
    return abs(Fraction(verdict.q.value) - Fraction(stated.value))


def _op(reading: Reading, slot: str) -> str:
    op = reading.operands.get(slot)
    return op.text if op is not None else "?"


def _operands(reading: Reading) -> str:
    part, whole = reading.operands.get("part"), reading.operands.get("whole")
    if part is not None and whole is not None:
        return f"{part.text} out of {whole.text}"
    return ", ".join(op.text for op in reading.operands.values())


def _describe(reading: Reading, verdict: Verdict) -> str:
    """Which reading was checked, in words."""
    label = reading.label
    kind = reading.kind
    if kind in ("share", "rate"):
        text = f"{_op(reading, 'part')} out of {_op(reading, 'whole')}"
    elif kind in ("change", "direction"):
        text = f"the change from {_op(reading, 'old')} to {_op(reading, 'new')}"
    elif kind == "rate-change":
        text = f"the {label or 'change'} from {_op(reading, 'old')} to {_op(reading, 'new')}"
    elif kind in ("parts", "remainder"):
        parts = [op.text for slot, op in reading.operands.items() if slot.startswith("parts_")]
        text = "the parts " + " + ".join(parts) if parts else "the parts"
    elif kind == "grim":
        text = f"a percentage of {_op(reading, 'whole')}"
    elif kind == "fraction":
        text = f"\"{reading.fraction}\""
    else:
        text = label or kind
    whole = reading.operands.get("whole")
    if whole is not None and whole.label and whole.token is None:
        text += f" ({whole.label})"
    return text


def _binding(token: Token, fig: Figure) -> str:
    """The Markdown that ties a number to the report figure it matches: bound when the
    data print exactly as typed, otherwise stated and checked."""
    if token.unit in (Unit.COUNT, Unit.MONEY) and fig.q.is_exact \
            and format_quantity(fig.q.value, token.unit) == token.text:
        return f"{{= {fig.name}}}"
    return f"[{token.text}]{{= {fig.name}}}"


__all__ = ["ClaimFinder", "Outcome", "ProseFigure"]
