"""Where a claim's missing figures come from: the paragraph, the table row, the report.

"61 (38.36%)" gives no whole: the paragraph may ("Of those 159 offenders, ..."), or the
report may hold it (the headline table's total). A comment cell's "17% increase" is about
its own row. A rate said to have risen "by 1.6%" compares this period's rate with the
same rate a year before, which the report's figures give by their previous-year
counterparts. Each source is tried in that order; a guess from the report is checked only
when exactly one figure fits, and says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from cspdoc import expr
from cspdoc.expr import Quantity
from cspdoc.numbers import Unit, format_quantity
from cspdoc.transforms.claims.context import Context, context, score
from cspdoc.transforms.claims.index import TOTAL, Figure, Index
from cspdoc.transforms.claims.patterns import reads
from cspdoc.transforms.claims.readings import Operand, agrees
from cspdoc.transforms.claims.tokens import Token, ends_at
from cspdoc.transforms.claims.units import Unit as ProseUnit
from cspdoc.where import NOWHERE

# "Of those 159", "of the 245", "out of 56", "Of 120 ...": a whole named for what follows
# (not "an increase of 16" or "from 67").
_BASE_BEFORE = re.compile(
    r"(?:(?:^|[.;:]\s*|,\s*)(?:of|out of)\s+(?:(?:those|these|the|all|its|their|a total of)"
    r"\s+)?|\b(?:of|out of)\s+(?:those|these|the|all|its|their|a total of)\s+"
    r"|\bout of\s+)$", re.IGNORECASE)


# "Of these, 1,987 were answered": the count just said (not "Of those offenders managed
# by the service", which names its own whole).
_TOTALLED = re.compile(r"\b(?:totalled|totaled|totalling|totaling|a total of|in total)\s+$",
                       re.IGNORECASE)
_THERE_ARE = re.compile(r"(?:^|[.;:]\s+)there\s+(?:are|were|is|was)\s+(?:a total of\s+)?$",
                        re.IGNORECASE)
_COMPARATIVE = re.compile(r"\s*(?:\w+\s+)?(?:more|less|fewer|higher|lower|extra|additional)\b",
                          re.IGNORECASE)
_SPLIT_AFTER = re.compile(
    r"[^.;:]{0,40}?\b(?:(?:was|is|were|are|has been|have been)\s+(?:split|divided|broken down|"
    r"made up)|comprising|comprised of|made up of|consisting of|split (?:between|across|into))\b",
    re.IGNORECASE)
_OUT_OF_BEFORE = re.compile(r",?\s*out of\s+(?:a total of\s+|the\s+)?$", re.IGNORECASE)
_IN_TOTAL_AFTER = re.compile(r"[^.;]{0,30}?\b(?:in total|in all|altogether|overall)\b\s*[.]?\s*$",
                             re.IGNORECASE)
# A figure something is compared with ("against a target of 8,000", "compared with
# 5,019", "up 3.4% from 1,812", "(2022/23: 1,812)") is no whole for "of which" or "of
# these" that follow it, nor a part of the figure it is compared with.
_COMPARED_BEFORE = re.compile(
    r"(?:\b(?:against|compared\s+(?:with|to)|versus|vs\.?|than)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:of\s+)?|\b(?:target|benchmark)\s+of\s+"
    r"|\(\s*(?:(?:19|20)\d\d(?:[/–-]\d\d)?|last\s+year|previous\s+year|prior\s+year)\s*:\s*"
    r"|\b(?:up|down|rose|fell|risen|fallen|increased|decreased|rise|fall)\b(?:[^.;]|\.\d){0,25}"
    r"\bfrom\s+(?:the\s+)?)$", re.IGNORECASE)
# "912 of them", "38 of which were resolved": the count before is the whole
_OF_THEM_AFTER = re.compile(r"\s+of\s+(?:them|these|those|which|whom)\b", re.IGNORECASE)
_OF_WHICH = re.compile(r",\s*of\s+(?:which|whom)\b", re.IGNORECASE)
# "Just over a third of these (1,012)": the count said before
_OF_THESE_BRACKET = re.compile(r"(?<!\d\s)\b(?:of|out of)\s+(?:these|those|them)\s*(?=[(,])",
                               re.IGNORECASE)
_OF_THESE = re.compile(r"(?:^|[.;:]\s+|,\s*)(?:of|out of)\s+(?:these|those|them|which|whom)\s*,",
                       re.IGNORECASE)


def paragraph_bases(unit: ProseUnit) -> list[tuple[int, Token]]:
    """The wholes a paragraph states, by position (from where each serves as a base):
    "Of those 159 offenders", "of the 245 complaints received", "out of 56"; a count the
    clause introduces with a colon ("There were 58 RSOs: 49 (84.5%) low risk, ..."),
    after "totalled" or "There are", or before "was split between"; a count given after
    its parts ("..., out of 4,921 crimes in total", from its sentence's start); and the
    count before "912 of them", ", of which 1,015" or "Of these, ..."."""
    out = []
    text = unit.text
    counts = [t for t in unit.tokens if t.is_figure and t.unit != Unit.PERCENT
              and (not t.spelled or reads(text, t))]
    for k, token in enumerate(counts):
        stop = counts[k + 1].start if k + 1 < len(counts) else len(text)
        gap = text[token.end:stop]  # up to the next count
        before = text[max(0, token.start - 24):token.start]
        if _BASE_BEFORE.search(before) and not text[token.end:token.end + 3].lstrip(
                ).startswith(("%", "(")):
            out.append((token.start, token))
        colon = gap.find(":")
        if colon >= 0 and not re.search(r"[.;]", gap[:colon]):
            out.append((token.end + colon + 1, token))
        if ends_at(_TOTALLED, text, token.start) or _SPLIT_AFTER.match(gap) or (
                ends_at(_THERE_ARE, text, token.start)
                and not _COMPARATIVE.match(text, token.end)):
            out.append((token.end, token))
        if ends_at(_OUT_OF_BEFORE, text, token.start) and _IN_TOTAL_AFTER.match(gap):
            out.append((unit.sentence_of(token.start)[0], token))
        if k and _OF_THEM_AFTER.match(text, token.end) and \
                (whole := _whole_before(text, counts[:k])) is not None:
            out.append((token.start, whole))
    for pattern in (_OF_WHICH, _OF_THESE, _OF_THESE_BRACKET):
        for m in pattern.finditer(text):
            whole = _whole_before(text, [t for t in counts if t.end <= m.start()])
            if whole is not None:
                out.append((m.end(), whole))
    out.sort(key=lambda pt: pt[0])
    return out


# A figure for somewhere else or a benchmark: "a national rate of 14.6%", "the force
# average of 10.2", "the 43.0% England figure", "a 4.1% fall across the region".
_BENCHMARK_BEFORE = re.compile(
    r"\b(?:national|regional|England(?:'s|’s)?|county|force|UK|London|Wales|Scotland|"
    r"family group|statistical neighbours?|comparator|peer group|most similar)\s+"
    r"(?:[a-z-]+\s+){0,2}?(?:average|rate|figure|level|mean|median|fall|rise|increase|"
    r"decrease|reduction|total)s?\s+(?:of\s+)?(?:about\s+|around\s+)?$", re.IGNORECASE)
# A target: "a target of 20 days", "the target of a 5% reduction", "the 95% target"
_TARGET_BEFORE = re.compile(
    r"\b(?:target(?:ed)?|standard|objective|threshold|ambition|aim|goal|limit)\s+"
    r"(?:(?:level|rate|figure|reduction|increase|time)\s+)?of\s+(?:an?\s+)?$", re.IGNORECASE)
_TARGET_AFTER = re.compile(r"\s*(?:[a-z-]+\s+)?(?:target|standard|objective|threshold)\b",
                           re.IGNORECASE)
_BENCHMARK_NAMED = re.compile(
    r"\s*(?:(?:England|national|regional|London|UK|force|county)\s+(?:average|rate|figure|level)"
    r"|nationally|regionally|across England|in England)\b", re.IGNORECASE)
# "compared with 14.6% across the borough as a whole", "compared with a 4.1% fall across the
# region": a figure for a wider area, after a comparison
_BENCHMARK_PLACE = re.compile(
    r"\s*(?:per\s+[\d,]+\s+)?(?:[a-z]+\s+){0,2}?(?:across|in|for)\s+(?:the\s+)?(?:region|"
    r"country|nation|England|UK|rest of|borough|district|city|county|force area|authority|"
    r"service|partnership|most similar|family group|peer group|comparator|statistical)\b",
    re.IGNORECASE)
_COMPARING = re.compile(r"\b(?:compared\s+(?:with|to)|against|versus|than)\b[^.;]{0,30}$",
                        re.IGNORECASE)


def benchmark(text: str, token: Token) -> bool:
    """Is ``token`` another place's figure or a benchmark's: "a national rate of 14.6%",
    "the force average of 10.2", "the 43.0% England figure", "compared with 14.6% across
    the borough as a whole"?"""
    return bool(_BENCHMARK_BEFORE.search(text, max(0, token.start - 60), token.start)
                or _BENCHMARK_NAMED.match(text, token.end)
                or (_BENCHMARK_PLACE.match(text, token.end)
                    and _COMPARING.search(text, max(0, token.start - 40), token.start)))


# "(a fall of 54), of which 63": a change is no whole
_CHANGE_AMOUNT = re.compile(
    r"\b(?:(?:fall|rise|increase|decrease|reduction|drop|change|difference|"
    r"(?<!made\s)(?<!make\s)(?<!makes\s)up|down|"
    r"more|fewer)\s+(?:of\s+|by\s+)?|(?:fell|rose|reduced|increased|decreased|dropped|"
    r"declined|grew|went\s+(?:up|down))\s+by\s+)$", re.IGNORECASE)


def change_amount(text: str, token: Token) -> bool:
    """Is ``token`` the size of a change ("a fall of 54", "up 12")?"""
    return _CHANGE_AMOUNT.search(text, max(0, token.start - 20), token.start) is not None


def target(text: str, token: Token) -> bool:
    """Is ``token`` a target ("a target of 20 days", "the 95% target")? A change can be
    measured against one, but a target is never the outcome or the change itself."""
    return bool(_TARGET_BEFORE.search(text, max(0, token.start - 40), token.start)
                or _TARGET_AFTER.match(text, token.end))


def compared_before(text: str, token: Token) -> bool:
    """Is ``token`` a figure something is compared with (``_COMPARED_BEFORE``)?"""
    return _COMPARED_BEFORE.search(text, max(0, token.start - 40), token.start) is not None


def _whole_before(text: str, earlier: list[Token]) -> Token | None:
    """The whole "of which", "of these" or "N of them" refers to: the last count said
    before it in its sentence or the one before, passing over figures it is compared
    with."""
    for token in reversed(earlier):
        if not compared_before(text, token) and not change_amount(text, token):
            return token
    return None


def row_operands(unit: ProseUnit, index: Index) -> tuple[Operand, Operand] | None:
    """A comment cell's row: the two figures its change column compares (the operands
    of a ``change`` or ``pct_change`` formula), or its first two counts."""
    table, row = unit.table, unit.row
    if table is None or row is None:
        return None
    pair: list[str] | None = None
    for col in table.columns:
        if col.formula:
            tree = expr.parse(col.formula)
            if isinstance(tree, expr.Call) and tree.func in ("change", "pct_change"):
                pair = expr.names(tree)
                break
            if isinstance(tree, expr.BinOp) and tree.op == "-":
                pair = list(reversed(expr.names(tree)))
                break
    if pair is None:
        counts = [c.key for c in table.columns if c.kind.unit == Unit.COUNT and not c.formula]
        pair = counts[:2] if len(counts) >= 2 else None
    if pair is None:
        return None
    ops = []
    for key in pair:
        fig = index.names.get(f"{table.id}.{row.id}.{key}")
        if fig is None:
            return None
        ops.append(Operand(fig.q, format_quantity(fig.q.value, fig.unit) if fig.q.is_exact
                           else fig.printed or format_quantity(fig.q.value, fig.unit),
                           name=fig.name, label=fig.label))
    return ops[0], ops[1]


@dataclass
class Search:
    """A whole looked for among the report's figures: the ones that fit the stated
    percentage, the ones that would have been plausible, and the one chosen."""

    chosen: Figure | None = None
    fits: list[Figure] = field(default_factory=list)
    tried: list[tuple[Figure, Quantity]] = field(default_factory=list)
    year: int | None = None

    @property
    def ambiguous(self) -> bool:
        return self.chosen is None and len(self.fits) > 1

    def closest(self, stated: Token, year: int | None = None) -> tuple[Figure, Quantity] | None:
        """The figure that comes nearest: of the number's year, a total, then nearest."""
        if not self.tried:
            return None
        target = Fraction(stated.value)
        return min(self.tried, key=lambda fq: (
            year is not None and fq[0].year is not None and fq[0].year != year,
            fq[0].tier != TOTAL, abs(Fraction(fq[1].value) - target)))


# How many of the report's figures nearest the whole a percentage implies are named when
# none fits ("tried 5,695, 5,740, ...").
_TRIED = 8


def search_whole(index: Index, part: Operand, stated: Token, ctx: Context, share: bool
                 ) -> Search:
    """The report figure ``part`` is ``stated`` of: totals first, then named values,
    then other cells; among several that fit, the part's own base or table, the one of
    the part's own year, then the best-fitting words; none when still tied."""
    result = Search(year=ctx.year)
    part_fig = index.names.get(part.name) if part.name else None
    pct = stated.quantity()
    part_value = Fraction(part.q.value)
    if pct.hi <= 0 or part_value <= 0:
        return result
    # The wholes that give the stated percentage: part / whole in [lo, hi].
    lo = part_value * 100 / Fraction(pct.hi)
    hi = part_value * 100 / Fraction(pct.lo) if pct.lo > 0 else part_value * 10**6
    candidates = index.bases_between(part.q.unit, lo, hi)
    for fig in candidates:
        if _plausible(index, fig, part_fig, part_value, share, ctx):
            q = expr.FUNCTIONS["pct"].run([part.q, fig.q], NOWHERE)
            if agrees(stated, q):
                result.fits.append(fig)
                result.tried.append((fig, q))
    if not result.fits:
        ideal = part_value * 100 / Fraction(stated.value) if stated.value else part_value
        near = sorted(index.bases(part.q.unit), key=lambda f: abs(f.value - ideal))
        for fig in near[:_TRIED * 4]:
            if len(result.tried) >= _TRIED:
                break
            if _plausible(index, fig, part_fig, part_value, share, ctx):
                result.tried.append((fig, expr.FUNCTIONS["pct"].run([part.q, fig.q],
                                                                    NOWHERE)))
        return result
    return _choose(index, result, part, part_fig, ctx)


@dataclass
class PendingSearch:
    """A whole to look for in the report only if the paragraph does not settle the claim
    (most do: the search is the costliest step of the claim finder)."""

    index: Index
    part: Operand
    stated: Token
    unit: ProseUnit
    share: bool
    _result: Search | None = None

    @property
    def result(self) -> Search:
        if self._result is None:
            assert self.part.token is not None
            ctx = context(self.unit, self.part.token, self.index.period_year)
            self._result = search_whole(self.index, self.part, self.stated, ctx, self.share)
        return self._result


def _plausible(index: Index, fig: Figure, part_fig: Figure | None, part_value: Fraction,
               share: bool, ctx: Context) -> bool:
    if part_fig is not None and fig.name == part_fig.name:
        return False
    if share and fig.value < part_value:
        return False
    return score(index, fig, ctx, nearby=fig.tier == TOTAL) > 0


def _choose(index: Index, result: Search, part: Operand, part_fig: Figure | None,
            ctx: Context) -> Search:
    fits = result.fits
    if part_fig is not None and part_fig.base is not None:
        # "67 (14%)" where 67 is a rate cell: its own base, when that fits.
        own_base = [f for f in fits if f.name == part_fig.base]
        if own_base:
            result.chosen = own_base[0]
            return result
    table = part_fig.table if part_fig is not None else _table_of(part.name)
    if table is not None:
        # A whole in the part's own table first: its row's base, its column's total.
        own = [f for f in fits if f.table == table]
        if part_fig is not None and part_fig.row is not None:
            same_row = [f for f in own if f.row == part_fig.row]
            own = same_row or own
        if part_fig is not None and part_fig.column is not None and len(own) > 1:
            same_col = [f for f in own if f.column == part_fig.column]
            own = same_col or own
        if len(own) == 1:
            result.chosen = own[0]
            return result
    best_tier = min(f.tier for f in fits)
    fits = [f for f in fits if f.tier == best_tier]
    year = part_fig.year if part_fig is not None and part_fig.year else ctx.year
    if year is not None:
        same = [f for f in fits if f.year == year]
        if same:
            fits = same
    if len(fits) == 1:
        result.chosen = fits[0]
        return result
    ranked = sorted(((score(index, f, ctx, nearby=True), f) for f in fits),
                    key=lambda sf: -sf[0])
    if ranked[0][0] > ranked[1][0] + 1:
        result.chosen = ranked[0][1]
    result.fits = [f for _, f in ranked]
    return result


def _table_of(name: str | None) -> str | None:
    """The table a figure's expression reads, when it reads one table only."""
    if name is None:
        return None
    tables = {n.split(".")[0] for n in expr.names(expr.parse(name)) if n.count(".") == 2}
    return tables.pop() if len(tables) == 1 else None


__all__ = ["PendingSearch", "Search", "paragraph_bases", "row_operands", "search_whole"]
