"""The report's own figures, as the claim finder looks them up: named values, table
cells, the percentages of rate cells, and sums of named values that form a group
(``fat.cautions_2024``, ``fat.community_resolutions_2024``, ... sum to the FAT outcomes).

In: a computed Report. Out: ``Index``, which finds the figures equal to a number in the
text, ranks them by how well their words (value names and sources; table captions, row
and column labels) fit the words around the number, and gives a figure's counterpart in
the previous period (``headline.total.y2024`` -> ``headline.total.y2023``).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, lru_cache
from itertools import combinations

from cspdoc import expr
from cspdoc.expr import Quantity
from cspdoc.model import Column, ColumnKind, Report, Row, RowKind, Table, plain_text
from cspdoc.numbers import Unit, format_quantity
from cspdoc.transforms.claims.language import LANGUAGE
from cspdoc.transforms.compute import Environment, TableMath
from cspdoc.where import NOWHERE

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’]*")

# Tiers: where a base is looked for first ("totals first").
TOTAL, VALUE, CELL, GROUP = 1, 2, 3, 4


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light English stem, enough to match "offence"/"offences", "referral"/"referred"."""
    w = word.lower().strip("'’")
    for suffix, repl in (("ies", "y"), ("ences", "ence"), ("es", "e"), ("s", ""),
                         ("ing", ""), ("ed", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: len(w) - len(suffix)] + repl
    return w


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The stems of a text's content words, with the initialisms its capitalised phrases
    make ("Formal Action Taken" gives "fat", "Anti-social Behaviour" "asb")."""
    words = {stem(w) for w in _WORDS.findall(text) if w.lower() not in LANGUAGE.stopwords}
    return frozenset(words | initialisms(text))


def initialisms(text: str, *, acronyms: bool = True) -> set[str]:
    """"Formal Action Taken" -> "fat"; with ``acronyms`` also the text's own capitals
    ("ASB", "(DVPN)")."""
    out: set[str] = set()
    for run in re.finditer(r"(?:[A-Z][\w’']*[\s-]+(?:(?:of|the|and|against|for)\s+)*)+"
                           r"[A-Z][\w’']*", text):
        parts = [p for p in re.split(r"[\s-]+", run.group(0)) if p]
        letters = "".join(p[0] for p in parts if p[0].isupper()).lower()
        every = "".join(p[0] for p in parts).lower()
        for word in (letters, every):
            if 2 <= len(word) <= 6:
                out.add(word)
    if acronyms:
        out.update(m.lower() for m in re.findall(r"\(([A-Z]{2,6})\)", text))
        out.update(w.lower() for w in re.findall(r"\b[A-Z]{2,6}\b", text))
    return out


def name_words(name: str) -> set[str]:
    parts = re.split(r"[._\-\s]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", name.lower())
    return {stem(p) for p in parts if p and not p.isdigit() and p not in LANGUAGE.stopwords}


_HEAD_END = re.compile(r"[(:]|\s(?:and|by|for|in relation to|vs\.?)\s", re.IGNORECASE)
_CAPTION_END = re.compile(r"[(:]|\s[-–]\s|\s(?:and|by|for|in relation to|vs\.?)\s",
                          re.IGNORECASE)


def head(label: str, caption: bool = False) -> str:
    """A label up to its first explanation (a long bracket, a colon, a dash or "and"):
    what names the thing ("Drug related offences and Formal Action Taken outcomes" ->
    "Drug related offences"). A short bracket is part of the name ("Violence with injury
    (bladed implement)", "Freedom (Winchester)")."""
    label = re.sub(r"\(((?!(?:any|including|incl|e\.g|i\.e)\b)[^()]{1,30})\)",
                   lambda m: m.group(1) if len(m.group(1).split()) <= 3 else m.group(0),
                   label)
    return (_CAPTION_END if caption else _HEAD_END).split(label, maxsplit=1)[0]


_MONTHS = frozenset(stem(m) for m in LANGUAGE.months)


def head_words(label: str, caption: bool = False) -> set[str]:
    """The words that name a row, column or table: the head of its label, without
    years, numbering, initialisms or one-letter words ("1 Violence Against the Person"
    -> violence, person; "ABH (any lasting pain ...)" -> abh)."""
    return {stem(w) for w in _WORDS.findall(head(label, caption))
            if len(w) > 1 and w.lower() not in LANGUAGE.stopwords}


def year_of(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Figure:
    """One figure the report holds: ``name`` is the expression that reads it (a named
    value, ``figure.row.column``, ``pct(...)`` of a rate cell or ``sum(...)`` of a group);
    ``label`` says where a reviewer finds it on paper; ``words`` describe it, and
    ``keys`` are the words the text must use to mean it (a row's label up to any
    bracket, its column's, a value's name): "32 women ... the Winchester Freedom
    programme" is the "Freedom (Winchester)" row."""

    name: str
    q: Quantity
    unit: Unit
    label: str
    words: frozenset[str]
    tier: int
    table: str | None = None
    row: str | None = None
    column: str | None = None
    year: int | None = None
    printed: str | None = None
    keys: frozenset[str] = frozenset()
    initials: frozenset[str] = frozenset()
    base: str | None = None  # a rate cell's base: the figure its count is a rate of

    @property
    def value(self) -> Fraction:
        return Fraction(self.q.value)


@dataclass
class Index:
    """Lookups over every figure of one report (built once per verification)."""

    figures: list[Figure] = field(default_factory=list)
    by_value: dict[Fraction, list[Figure]] = field(default_factory=lambda: defaultdict(list))
    percents: list[Figure] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    names: dict[str, Figure] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    period_year: int | None = None
    _bases: dict[Unit, list[Figure]] = field(default_factory=dict)
    _percent_values: list[Fraction] = field(default_factory=list)
    _base_values: dict[Unit, list[Fraction]] = field(default_factory=dict)

    @cached_property
    def rows(self) -> list[tuple[Table, Row, frozenset[str], frozenset[str]]]:
        """Every data row with the words that name it and its initialism."""
        out = []
        for table in self.tables.values():
            for row in table.rows:
                if row.kind != RowKind.DATA:
                    continue
                label = table.row_label(row)
                out.append((table, row, frozenset(head_words(label)),
                            frozenset(initialisms(head(label), acronyms=False))))
        return out

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        self.names[figure.name] = figure
        if figure.unit == Unit.PERCENT:
            self.percents.append(figure)
        elif figure.q.is_exact:
            self.by_value[figure.value].append(figure)

    def weight(self, word: str) -> float:
        return self.idf.get(word, 1.0)

    def percents_near(self, value: Fraction, within: int = 1) -> list[Figure]:
        """The percentage figures within ``within`` points of ``value``."""
        if len(self._percent_values) != len(self.percents):
            self.percents.sort(key=lambda f: f.value)
            self._percent_values = [f.value for f in self.percents]
        values = self._percent_values
        return self.percents[bisect_left(values, value - within):
                             bisect_right(values, value + within)]

    def equal_to(self, q: Quantity, unit: Unit) -> list[Figure]:
        """Figures whose value is ``q`` (a whole count or an exact amount)."""
        if not q.is_exact:
            return []
        return [f for f in self.by_value.get(Fraction(q.value), [])
                if compatible_units(f.unit, unit)]

    def bases(self, unit: Unit) -> list[Figure]:
        """Figures that can be the whole of a share, by value (computed once per unit)."""
        key = Unit.MONEY if unit == Unit.MONEY else Unit.COUNT
        if key not in self._bases:
            self._bases[key] = sorted(
                (f for f in self.figures if f.tier in (TOTAL, VALUE, CELL)
                 and f.q.is_exact and compatible_units(f.unit, key) and f.value > 0),
                key=lambda f: f.value)
            self._base_values[key] = [f.value for f in self._bases[key]]
        return self._bases[key]

    def bases_between(self, unit: Unit, lo: Fraction, hi: Fraction) -> list[Figure]:
        """The bases whose value lies in [lo, hi]."""
        bases = self.bases(unit)
        values = self._base_values[Unit.MONEY if unit == Unit.MONEY else Unit.COUNT]
        return bases[bisect_left(values, lo):bisect_right(values, hi)]

    def counterpart(self, name: str, year: int, earlier: int) -> str | None:
        """The same figure ``earlier`` instead of ``year``: a name with the year swapped
        (named values, column keys), also inside ``sum(...)`` and ``pct(...)``."""
        tree = expr.parse(name)
        names = expr.names(tree)
        swap: dict[str, str] = {}
        for n in names:
            other = n.replace(str(year), str(earlier))
            if other == n or other not in self.names:
                return None
            swap[n] = other
        out = name
        for old in sorted(swap, key=len, reverse=True):
            out = re.sub(rf"(?<![\w.-]){re.escape(old)}(?![\w-])", swap[old], out)
        return out

    def evaluate(self, name: str) -> Quantity | None:
        try:
            return expr.evaluate(expr.parse(name), self._resolve)
        except (expr.ZeroDivision, expr.MissingOperand, KeyError):
            return None

    def _resolve(self, name: str) -> Quantity:
        return self.names[name].q


def compatible_units(have: Unit, want: Unit) -> bool:
    counts = (Unit.COUNT, Unit.NUMBER)
    return have == want or (have in counts and want in counts)


def build_index(report: Report, withheld: frozenset[str] = frozenset()) -> Index:
    """Every figure of ``report``, with the words that describe it; ``withheld`` cells
    (suppressed small numbers) are left out, so no claim is checked against them."""
    index = Index(period_year=report.meta.period.start.year if report.meta.period else None)
    env = Environment(report)
    resolve = env.resolver(NOWHERE)
    for value in report.values:
        q = resolve(value.name)
        words = name_words(value.name) | content_words(value.source or "")
        # Where a reader finds it: the source the report gives, never the name it is
        # bound by (a name is report.yaml's, not the paper's).
        label = value.source or f"the figure given for {value.name} in report.yaml"
        unit = q.unit if q.unit != Unit.NUMBER or not q.is_exact else Unit.COUNT
        keys = frozenset(w for w in name_words(value.name) if len(w) > 1)
        index.add(Figure(value.name, q, unit, label, frozenset(words), VALUE,
                         year=year_of(value.name), printed=value.value.text, keys=keys))
    for fig in report.figures():
        if isinstance(fig, Table):
            index.tables[fig.id] = fig
            _add_table(index, fig, env.tables[fig.id], withheld)
    _add_groups(index, report)
    counts = Counter(w for f in index.figures for w in f.words)
    n = max(len(index.figures), 1)
    index.idf = {w: math.log(1 + n / c) for w, c in counts.items()}
    return index


def _add_table(index: Index, table: Table, math_: TableMath, withheld: frozenset[str]
               ) -> None:
    caption = plain_text(table.caption)
    base_words = content_words(caption)
    columns = [_Column(col, base_words) for col in table.columns if not col.kind.is_text]
    for row in table.rows:
        label = table.row_label(row)
        row_words = content_words(label) | ({"total"} if row.kind == RowKind.TOTAL else set())
        is_caption = row.kind != RowKind.DATA
        named = caption if is_caption else label
        row_keys = head_words(named, is_caption)
        initials = frozenset(initialisms(head(named, is_caption), acronyms=False))
        tier = TOTAL if is_caption else CELL
        for column in columns:
            col = column.col
            q = math_.quantity(row, col.key)
            if q is None or f"{table.id}.{row.id}.{col.key}" in withheld:
                continue
            words = column.words | row_words
            keys = frozenset(row_keys | column.keys)
            where = f"Figure {table.number}, {label}, {col.label_text or col.key}"
            cell = row.cells[table.column_index(col.key)]
            printed = getattr(cell, "display", None) or getattr(cell, "text", None)
            name = f"{table.id}.{row.id}.{col.key}"
            base_name = f"{table.id}.{row.id}.{col.base}" if col.base else None
            index.add(Figure(name, q, column.unit, where, words, tier, table.id, row.id,
                             col.key, column.year,
                             printed if isinstance(printed, str) else None,
                             keys, initials, base_name))
            if col.kind == ColumnKind.RATE and col.base:
                base = math_.quantity(row, col.base)
                if base is not None and base.value != 0:
                    pct = expr.FUNCTIONS["pct"].run([q, base], NOWHERE)
                    index.add(Figure(f"pct({name}, {table.id}.{row.id}.{col.base})", pct,
                                     Unit.PERCENT, f"{where} (as a rate)", words, tier,
                                     table.id, row.id, col.key, column.year, keys=keys,
                                     initials=initials))


class _Column:
    """What a table column gives each of its cells' index entries: the words that name
    it (with the caption's), its keys, its year and its unit, worked out once a column
    rather than once a cell."""

    def __init__(self, col: Column, base_words: frozenset[str]) -> None:
        self.col = col
        label = " ".join(filter(None, [col.group, col.label_text]))
        self.year = year_of(label) or year_of(col.key)
        self.words = base_words | content_words(label)
        keys = head_words(col.label_text) - {"total"}
        if self.year is not None:  # "Apr-Jun 2024": the months are its period, not its name
            keys -= _MONTHS
        self.keys = keys
        self.unit = col.kind.unit if col.kind != ColumnKind.RATE else Unit.COUNT


def _add_groups(index: Index, report: Report) -> None:
    """Named values that differ in one part of their name and share the rest, e.g.
    fat.cautions_2024 / fat.community_resolutions_2024 / fat.charge_summons_2024: their
    sum is a figure the text may quote ("1050 FAT outcomes"). The varying part must not
    be a year (a sum over years is not a figure) and a group has two to five members."""
    names = [v.name for v in report.values]
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in names:
        cuts = [0] + [m.end() for m in re.finditer(r"[._]", name)]
        ends = [m.start() for m in re.finditer(r"[._]", name)] + [len(name)]
        for a in cuts:
            for b in ends:
                if b <= a:
                    continue
                middle = name[a:b]
                if _YEAR.search(middle) or not middle:
                    continue
                groups[(name[:a], name[b:])].append(name)
    seen: set[tuple[str, ...]] = set()
    kept = {k: set(v) for k, v in groups.items() if 2 <= len(v) <= 5 and k[0]}
    for (prefix, suffix), members in groups.items():
        key = tuple(sorted(members))
        if (prefix, suffix) not in kept or key in seen:
            continue
        # A looser group that swallows a tighter one (asb.* over asb.online_*) mixes
        # different things: keep the tighter.
        if any(other < set(members) and len(p + s) > len(prefix + suffix)
               for (p, s), other in kept.items()):
            continue
        seen.add(key)
        figs = [index.names[m] for m in members]
        if len({f.unit for f in figs}) != 1 or figs[0].unit == Unit.PERCENT:
            continue
        total = expr.FUNCTIONS["sum"].run([f.q for f in figs], NOWHERE)
        name = f"sum({', '.join(members)})"
        words = frozenset(w for f in figs for w in f.words)
        keys = frozenset.intersection(*(f.keys for f in figs)) or frozenset(name_words(prefix))
        label = "the sum of " + ", ".join(f"{f.printed or f.q.value} ({f.label})"
                                          for f in figs)
        index.add(Figure(name, total, figs[0].unit, label, words, GROUP,
                         year=year_of(prefix + suffix), keys=keys))


def rows_named(index: Index, value: Fraction, sentence: frozenset[str], year: int | None
               ) -> list[Figure]:
    """Sums of table rows a sentence names: "4502 ... Violence against the person, theft
    and public order offences" is the sum of those three rows of one column."""
    out: list[Figure] = []
    named: dict[str, list[Row]] = defaultdict(list)
    for table, row, keys, _ in index.rows:
        if keys and keys <= sentence:
            named[table.id].append(row)
    for table_id, rows in named.items():
        table = index.tables[table_id]
        if not 2 <= len(rows) <= 8:
            continue
        for col in table.columns:
            if col.kind.unit != Unit.COUNT or col.kind != ColumnKind.COUNT:
                continue
            col_year = year_of(col.label_text) or year_of(col.key)
            if year is not None and col_year is not None and col_year != year:
                continue
            figs = [index.names[n] for r in rows
                    if (n := f"{table.id}.{r.id}.{col.key}") in index.names]
            for k in range(2, len(figs) + 1):
                for combo in combinations(figs, k):
                    if sum(Fraction(f.q.value) for f in combo) != value:
                        continue
                    q = expr.FUNCTIONS["sum"].run([f.q for f in combo], NOWHERE)
                    labels = " + ".join(table.row_label(r) for r in rows
                                        if any(f.row == r.id for f in combo))
                    out.append(Figure(
                        f"sum({', '.join(f.name for f in combo)})", q, Unit.COUNT,
                        f"Figure {table.number}, {labels}, {col.label_text or col.key}",
                        frozenset(w for f in combo for w in f.words), GROUP, table.id,
                        None, col.key, col_year, keys=frozenset(w for f in combo
                                                                for w in f.keys)))
    return out


def describe(figure: Figure) -> str:
    """How a finding names a figure: where it is printed, and its value."""
    value = figure.printed or format_quantity(figure.q.value, figure.unit)
    return f"{figure.label}: {value}"


__all__ = [
    "CELL",
    "GROUP",
    "TOTAL",
    "VALUE",
    "Figure",
    "Index",
    "build_index",
    "compatible_units",
    "content_words",
    "describe",
    "initialisms",
    "name_words",
    "rows_named",
    "stem",
    "year_of",
]
