"""Verify every figure: stated table cells, checked prose figures, plausibility, coverage.

In: a computed Report (``compute`` has run). Out: a Verification (findings and counts);
the report is not changed. Expectations come from ``compute.TableMath`` and
``compute.Environment``, the same arithmetic that computes printed figures.

A stated figure holds when its exact expected value rounds, half away from zero, to the
figure at the precision it was stated ("17.0%" holds for 16.996%). When the expectation
rests on rounded inputs (a rate published as 74.3%), it holds when some value those
inputs allow rounds to it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from cspdoc import expr
from cspdoc.expr import MissingOperand, Quantity, ZeroDivision, matches, shown
from cspdoc.findings import Finding, Severity, Verification
from cspdoc.model import (
    Bound,
    Checked,
    Column,
    ColumnKind,
    Derived,
    Emph,
    Footnote,
    Inline,
    Inlines,
    Input,
    Link,
    ListItem,
    Numbering,
    Paragraph,
    Report,
    Row,
    RowKind,
    Section,
    Stated,
    Strong,
    Table,
    TextCell,
    TotalRule,
    plain_text,
)
from cspdoc.numbers import (
    SHORTHAND_CODES,
    Unit,
    format_quantity,
    parse_number,
    round_half_away,
)
from cspdoc.transforms.claims.finder import ClaimFinder, ProseFigure
from cspdoc.transforms.claims.index import build_index
from cspdoc.transforms.claims.language import explains_excess
from cspdoc.transforms.claims.units import Unit as ProseUnit
from cspdoc.transforms.claims.units import section_label
from cspdoc.transforms.claims.units import units as prose_units
from cspdoc.transforms.compute import Environment, Expectation, TableMath
from cspdoc.where import Where

ERROR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass
class _Counts:
    checked: int = 0
    prose_checked: int = 0
    bound: int = 0
    unverified: int = 0
    findings: list[Finding] = field(default_factory=list)


class Verifier:
    """Walks the report once, section by section, and collects findings."""

    def __init__(self, report: Report, withheld: frozenset[str] = frozenset()) -> None:
        self.report = report
        self.env = Environment(report)
        self.out = _Counts()
        found = prose_units(report)
        self.units = {id(u.node): u for u in found}
        self.claims = ClaimFinder(build_index(report, withheld))
        self.claims.prepare(found)
        self.annotated: list[ProseFigure] = []
        self.separate = report.meta.numbering == Numbering.SEPARATE

    def add(self, code: str, severity: Severity, where: Where, message: str,
            stated: str | None = None, expected: str | None = None) -> None:
        self.out.findings.append(Finding(code=code, severity=severity, where=where,
                                         message=message, stated=stated, expected=expected))

    # ------------------------------------------------------------------ walk

    def run(self, earlier: tuple[Finding, ...] = ()) -> Verification:
        for path, node in self.report.walk():
            section = section_label(path[-1]) if path else None
            if isinstance(node, Section):
                continue
            if isinstance(node, Table):
                self.table(node, section)
            elif isinstance(node, Paragraph | ListItem):
                self.prose(node, node.where.but(section=section))
        for note in self.report.footnotes:
            if note.number is not None:
                self.prose(note, note.where.but(section=f"footnote {note.number}"))
        figures = [*self.annotated, *self.claims.figures]
        figures.sort(key=lambda f: (f.unit, f.token.start))
        auto = sum(1 for f in self.claims.figures if f.status in ("auto", "wrong", "doubtful"))
        ambiguous = sum(1 for f in self.claims.figures if f.status == "ambiguous")
        unverified = sum(1 for f in self.claims.figures if f.status == "unverified")
        verified = self.out.prose_checked + self.out.bound + auto
        if verified == 0 and unverified + ambiguous:
            self.add("unverified-text", WARN, Where(), f"None of the {unverified + ambiguous} "
                     "figures in the text is verified: bind them to the data or check them "
                     "(`cspdoc check --suggest` proposes how).")
        meta = self.report.meta
        return Verification(report=meta.slug, version=meta.version,
                            findings=(*earlier, *self.out.findings),
                            checked=self.out.checked, unverified=unverified,
                            auto_checked=auto, ambiguous=ambiguous,
                            prose_verified=verified, figures=tuple(figures),
                            tables_numbered_separately=self.separate,
                            captions=self.captions())

    def captions(self) -> dict[str, str]:
        """Each numbered figure's caption, by the name the paper prints ("Figure 7")."""
        out = {}
        for fig in self.report.figures():
            if fig.number is not None:
                label = "Table" if isinstance(fig, Table) and self.separate else "Figure"
                out[f"{label} {fig.number}"] = plain_text(fig.caption)
        return out

    # ------------------------------------------------------------------ tables

    def table(self, table: Table, section: str | None) -> None:
        tm = TableMath(table)
        for ri, row in enumerate(table.rows):
            place = _RowPlace(table, row, section)
            for col, cell in zip(table.columns, row.cells, strict=True):
                if isinstance(cell, TextCell):
                    if col.kind == ColumnKind.TEXT:
                        self.prose(cell, place.where(col, cell))
                    continue
                if isinstance(cell, Stated):
                    self.stated_cell(tm, ri, col, cell, place)
                elif isinstance(cell, Derived) or (isinstance(cell, Input)
                                                   and col.kind == ColumnKind.RATE):
                    exp = tm.expected(ri, col)
                    if isinstance(cell, Derived):
                        self.missing_parts(exp, cell.display or "", place.where(col, cell),
                                           counted=True)
                        self.coded_parts(exp, None, place.where(col, cell))
                    if exp.percent is not None and exp.percent.value > 100:
                        self.over_100(place.where(col, cell), cell.display or "", exp,
                                      cell.value, tm, row, col)

    def stated_cell(self, tm: TableMath, ri: int, col: Column, cell: Stated,
                    place: _RowPlace) -> None:
        exp = tm.expected(ri, col)
        if cell.value is not None and not (
                col.kind in (ColumnKind.PERCENT, ColumnKind.PERCENT_CHANGE) and not cell.sign):
            # The common case, kept cheap: a figure that agrees (no Where is built).
            ok_value = exp.value is None or matches(cell.value, cell.decimals, exp.value)
            ok_rate = (col.kind != ColumnKind.RATE or cell.percent is None or (
                exp.percent is not None and cell.percent_sign and exp.percent.value <= 100
                and matches(cell.percent, cell.percent_decimals or 0, exp.percent)))
            if ok_value and ok_rate and not (exp.missing or exp.zero_base or exp.coded):
                self.out.checked += (exp.value is not None) + (
                    col.kind == ColumnKind.RATE and cell.percent is not None)
                return
        where = place.where(col, cell)
        label = self.label(where)
        if cell.value is None:
            self.add("format", ERROR, where, f"{label}: '{cell.text}' is not a number.",
                     stated=cell.text)
            return
        if col.kind in (ColumnKind.PERCENT, ColumnKind.PERCENT_CHANGE) and not cell.sign:
            self.add("format", WARN, where, f"{label}: the percentage {cell.text} is printed "
                     "without its % sign.", stated=cell.text)
        row = tm.table.rows[ri]
        if exp.value is not None:
            self.out.checked += 1
            if not matches(cell.value, cell.decimals, exp.value):
                self.value_mismatch(tm, row, col, cell, exp, where)
        elif exp.zero_base and col.kind != ColumnKind.RATE:
            self.add("zero-denominator", ERROR, where, f"{label}: {cell.text} is printed, but "
                     "it is a percentage of zero, which has no value.", stated=cell.text)
        self.missing_parts(exp, cell.text, where, counted=False)
        self.coded_parts(exp, cell.text, where)
        if col.kind == ColumnKind.RATE and cell.percent is not None:
            self.rate_percent(tm, row, col, cell, exp, where)

    def value_mismatch(self, tm: TableMath, row: Row, col: Column, cell: Stated,
                       exp: Expectation, where: Where) -> None:
        assert exp.value is not None and cell.value is not None
        label = self.label(where)
        unit = col.kind.unit if col.kind != ColumnKind.RATE else Unit.COUNT
        expected = shown(exp.value, unit, cell.decimals)
        if row.kind != RowKind.DATA and col.total_rule != TotalRule.FORMULA:
            what = ("the rows it covers" if row.kind == RowKind.SUBTOTAL else "the rows above")
            rule = col.total_rule.value.replace("_", " ")
            verb = "add up to" if rule == "sum" else f"have a {rule} of"
            code = "total-mismatch"
            message = f"{label}: {what} {verb} {expected}, but {cell.text} is printed."
        else:
            # A formula column: a change, a percentage, or a row total (anything else).
            code = _FORMULA_CODES.get(col.kind, "total-mismatch")
            message = (f"{label}: {self.formula_words(tm, col)} gives {expected}, but "
                       f"{cell.text} is printed.")
        self.add(code, ERROR, where, message, stated=cell.text, expected=expected)

    def rate_percent(self, tm: TableMath, row: Row, col: Column, cell: Stated,
                     exp: Expectation, where: Where) -> None:
        assert cell.percent is not None and cell.value is not None
        label = self.label(where)
        base_col = tm.table.column(col.base or "")
        base = tm.quantity(row, base_col.key)
        if exp.zero_base:
            self.add("zero-denominator", ERROR, where,
                     f"{label}: {cell.text} is printed, but its base "
                     f"({base_col.label_text or base_col.key}) is 0, so no rate can be given.",
                     stated=cell.text)
            return
        if exp.percent is None or base is None:
            return
        self.out.checked += 1
        if not cell.percent_sign:
            self.add("format", WARN, where, f"{label}: the rate in {cell.text} is printed "
                     "without its % sign.", stated=cell.text)
        decimals = cell.percent_decimals or 0
        expected = f"{_n(cell.value)} ({shown(exp.percent, Unit.PERCENT, decimals)})"
        if not matches(cell.percent, decimals, exp.percent):
            self.add("rate-mismatch", ERROR, where,
                     f"{label}: {_n(cell.value)} out of {_fmt(base)} is "
                     f"{shown(exp.percent, Unit.PERCENT, decimals)}, but "
                     f"{_trim(cell.percent)}% is printed.", stated=cell.text,
                     expected=expected)
        if exp.percent.value > 100:
            self.over_100(where, cell.text, exp, cell.value, tm, row, col)

    def over_100(self, where: Where, text: str, exp: Expectation, n: object,
                 tm: TableMath, row: Row, col: Column) -> None:
        assert exp.percent is not None
        base = tm.quantity(row, col.base or "")
        self.add("rate-over-100", WARN, where,
                 f"{self.label(where)}: {_n(n)} out of {_fmt(base)} is "
                 f"{shown(exp.percent, Unit.PERCENT, 1)}, over 100%; a rate can exceed 100% "
                 "only when what is counted is not a part of its base, so a note should "
                 "say why.", stated=text)

    def missing_parts(self, exp: Expectation, text: str, where: Where, counted: bool) -> None:
        if not exp.missing or exp.value is None:
            return
        blanks = ", ".join(f"'{m}'" for m in exp.missing)
        whose = "computed" if counted else "printed"
        self.add("missing-value", WARN, where,
                 f"{self.label(where)}: the {whose} total counts the blank {blanks} as zero; "
                 "a blank cell is missing, not zero.", stated=text or None)

    def coded_parts(self, exp: Expectation, text: str | None, where: Where) -> None:
        """A figure that reads cells holding shorthand: computed, it prints the code;
        stated, it cannot be checked. Either way the message names the cells and codes."""
        if not exp.coded:
            return
        parts = " and ".join(f"'{name}' is {code} ({SHORTHAND_CODES[code].meaning})"
                             for name, code in exp.coded)
        if text is None:
            self.add("shorthand-value", WARN, where,
                     f"{self.label(where)}: cannot be computed, because {parts}; shorthand "
                     f"is missing, never zero, so the cell prints {' '.join(exp.code)}.",
                     stated=" ".join(exp.code))
        else:
            self.add("shorthand-value", WARN, where,
                     f"{self.label(where)}: {text} cannot be checked, because {parts}.",
                     stated=text)

    def formula_words(self, tm: TableMath, col: Column) -> str:
        words = col.formula or ""
        for other in sorted(tm.table.columns, key=lambda c: -len(c.key)):
            words = re.sub(rf"\b{re.escape(other.key)}\b", other.label_text or other.key,
                           words)
        return words

    def label(self, where: Where) -> str:
        """Where the finding is on paper; a table numbered on its own is "Table N"."""
        place = where.place
        figure = f"Figure {where.figure}"
        if self.separate and where.table is not None and place.startswith(figure):
            return f"Table {where.figure}" + place[len(figure):]
        return place

    # ------------------------------------------------------------------ prose

    def prose(self, node: Paragraph | ListItem | TextCell | Footnote, where: Where) -> None:
        """The author's annotated figures, then the claims of the plain text."""
        unit = self.units.get(id(node))
        for inline in _flatten(node.content):
            if not isinstance(inline, Checked | Bound):
                continue
            piece = unit.piece_of(inline) if unit is not None else None
            at = where.but(file=inline.where.file or where.file,
                           line=inline.where.line or where.line,
                           quote=unit.quote(piece.start) if unit and piece else None)
            before = len(self.out.findings)
            if isinstance(inline, Checked):
                self.checked_figure(inline, at)
            else:
                self.bound_figure(inline, at)
            if unit is not None and piece is not None:
                self.annotated_figure(unit, piece.start, inline, self.out.findings[before:],
                                      at)
        if unit is not None:
            self.out.findings.extend(self.claims.check(unit))

    def annotated_figure(self, unit: ProseUnit, start: int, node: Checked | Bound,
                         found: list[Finding], where: Where) -> None:
        token = next((t for t in unit.tokens if t.start == start), None)
        if token is None:
            return
        worst = min((f.severity for f in found), key=_RANK.__getitem__, default=None)
        status = {ERROR: "wrong", WARN: "doubtful"}.get(worst,  # type: ignore[arg-type]
                                                        "bound" if isinstance(node, Bound)
                                                        else "checked")
        self.annotated.append(ProseFigure(unit.index, token, status, where, node.expr,
                                          found[0] if found else None))

    @staticmethod
    def place(where: Where) -> str:
        return where.place

    def bound_figure(self, node: Bound, where: Where) -> None:
        """A bound figure is verified when it can be computed; one that cannot prints
        "–" in the paper, and is a finding (never counted as verified)."""
        source = f"{{= {node.expr}}}"
        try:
            self.env.evaluate(node.expr, where)
        except ZeroDivision:
            self.add("zero-denominator", ERROR, where, f"{self.place(where)}: {source} "
                     "divides by zero, so the paper prints '–' where the figure should be.",
                     stated=source)
        except MissingOperand as exc:
            if exc.shorthand:  # it prints the code, which the paper's note explains
                return
            self.add("missing-value", WARN, where, f"{self.place(where)}: {source} cannot "
                     f"be computed because {exc.message}, so the paper prints '–'.",
                     stated=source)
        else:
            self.out.bound += 1

    def checked_figure(self, node: Checked, where: Where) -> None:
        place = self.place(where)
        stated = parse_number(node.text)
        if stated is None:
            self.add("format", ERROR, where, f"{place}: '{node.text}' is checked but is not a "
                     "number.", stated=node.text)
            return
        tree = expr.parse(node.expr, where)
        func, negated = _top(tree)
        resolve = self.env.resolver(where)
        try:
            q = expr.evaluate(tree, resolve, where)
        except ZeroDivision:
            self.add("zero-denominator", ERROR, where, f"{place}: {node.text} is a percentage "
                     "of zero, which has no value.", stated=node.text)
            return
        except MissingOperand as exc:
            code = "shorthand-value" if exc.shorthand else "missing-value"
            self.add(code, WARN, where, f"{place}: {node.text} cannot be checked "
                     f"because {exc.message}.", stated=node.text)
            return
        self.out.checked += 1
        self.out.prose_checked += 1
        if func == "pct_out_of":
            self.possible_percentage(node, stated.value, stated.decimals, tree, where)
            return
        value = stated.value
        if stated.percent and q.unit not in (Unit.PERCENT, Unit.POINTS):
            self.add("format", WARN, where, f"{place}: {node.text} is printed as a "
                     f"percentage, but the data give a {q.unit.value}.", stated=node.text)
        elif not stated.percent and q.unit == Unit.PERCENT:
            self.add("format", WARN, where, f"{place}: the percentage {node.text} is "
                     "printed without its % sign.", stated=node.text)
        if matches(value, stated.decimals, q):
            if func == "share" and q.value > 100:
                self.add("share-over-100", ERROR, where, f"{place}: {node.text} is given as "
                         "a share of a whole, and a share cannot be more than 100%.",
                         stated=node.text)
            elif func == "pct" and q.value > 100 and not explains_excess(where.quote):
                self.add("rate-over-100", WARN, where, f"{place}: {node.text} is over 100%; "
                         "say in the text why the rate can exceed 100%.", stated=node.text)
            elif func == "pp_change" and stated.percent:
                self.add("change-kind", WARN, where, f"{place}: {node.text} is a change in "
                         "percentage points; write "
                         f"\"{_trim(stated.value)} percentage points\".", stated=node.text)
            return
        expected = shown(q, q.unit, stated.decimals)
        if func in ("pct_change", "pp_change"):
            other = self.other_change(tree, func, negated, resolve, where)
            if other is not None and matches(value, stated.decimals, other):
                said, real = (("a percentage change", "percentage-point change")
                              if func == "pp_change" else
                              ("a percentage-point change", "percentage change"))
                self.add("change-kind", ERROR, where,
                         f"{place}: {node.text} matches {said}, but the figures compare as "
                         f"a {real} of {expected}.", stated=node.text, expected=expected)
                return
        code = _CODES.get(func, "mismatch") if func is not None else "mismatch"
        self.add(code, ERROR, where, f"{place}: {self.describe(tree, q, resolve, where)} "
                 f"{'are' if code == 'parts-sum-mismatch' else 'is'} {expected}, but the "
                 f"text says {node.text}.", stated=node.text, expected=expected)

    def other_change(self, tree: expr.Expr, func: str, negated: bool,
                     resolve: expr.Resolver, where: Where) -> Quantity | None:
        call = _unwrap(tree)
        assert isinstance(call, expr.Call)
        swapped: expr.Expr = expr.Call("pp_change" if func == "pct_change" else "pct_change",
                                       call.args)
        if negated:
            swapped = expr.Neg(swapped)
        try:
            return expr.evaluate(swapped, resolve, where)
        except (ZeroDivision, MissingOperand):
            return None

    def possible_percentage(self, node: Checked, value: Decimal, decimals: int,
                            tree: expr.Expr, where: Where) -> None:
        call = _unwrap(tree)
        assert isinstance(call, expr.Call)
        whole_q = expr.evaluate(call.args[0], self.env.resolver(where), where)
        if not whole_q.is_exact or whole_q.value.denominator != 1 or whole_q.value < 0:
            return
        whole = int(whole_q.value)
        target = Fraction(value)
        guess = math.floor(target * whole / 100)
        near = [k for k in range(max(guess - 2, 0), min(guess + 3, whole) + 1)]
        if any(round_half_away(Fraction(k * 100, whole), decimals) == value for k in near):
            return
        below = max((k for k in near if Fraction(k * 100, whole) < target), default=None)
        above = min((k for k in near if Fraction(k * 100, whole) > target), default=None)
        options = [f"{k} of {whole} is {format_quantity(Fraction(k * 100, whole), Unit.PERCENT, max(decimals, 1))}"  # noqa: E501
                   for k in (below, above) if k is not None]
        self.add("impossible-percentage", ERROR, where,
                 f"{self.place(where)}: no whole number out of {whole} gives {node.text} ("
                 + " and ".join(options) + ").", stated=node.text,
                 expected=" or ".join(o.split(" is ")[1] for o in options))

    def describe(self, tree: expr.Expr, q: Quantity, resolve: expr.Resolver,
                 where: Where) -> str:
        """The expression in words, with its operands' values: "27 out of 28"."""
        call = _unwrap(tree)
        try:
            if isinstance(call, expr.Call) and call.func in ("pct", "share"):
                a, b = (expr.evaluate(x, resolve, where) for x in call.args)
                return f"{_fmt(a)} out of {_fmt(b)}"
            if isinstance(call, expr.Call) and call.func in ("change", "pct_change",
                                                              "pp_change"):
                a, b = (expr.evaluate(x, resolve, where) for x in call.args)
                kind = {"change": "the change", "pct_change": "the percentage change",
                        "pp_change": "the percentage-point change"}[call.func]
                return f"{kind} from {_fmt(a)} to {_fmt(b)}"
            if (isinstance(call, expr.Call) and call.func == "sum") or (
                    isinstance(call, expr.BinOp) and expr.is_sum(call)):
                parts = _sum_parts(call)
                return "the parts " + " + ".join(
                    _fmt(expr.evaluate(p, resolve, where)) for p in parts)
        except (ZeroDivision, MissingOperand):  # pragma: no cover - evaluated before
            pass
        if isinstance(call, expr.Name):
            fig = self.claims.index.names.get(call.name)
            return f"{fig.label}" if fig is not None else "the figure it is checked against"
        # Never an internal name: each name as the figure it stands for ("21 * 2").
        return tree_text(tree, lambda name: _fmt(resolve(name)))


class _RowPlace:
    """Where a row's cells stand, built only when a finding needs it."""

    def __init__(self, table: Table, row: Row, section: str | None) -> None:
        self.table, self.row, self.section = table, row, section

    def where(self, col: Column, cell: object) -> Where:
        source = getattr(cell, "where", None)
        printed = getattr(cell, "display", None)
        return Where(file=source.file if source is not None else self.table.file,
                     line=self.row.line, sheet=source.sheet if source is not None else None,
                     cell=source.cell if source is not None else None,
                     figure=self.table.number, table=self.table.id,
                     row=self.table.row_label(self.row), column=col.label_text or col.key,
                     section=self.section,
                     quote=printed if isinstance(printed, str) and printed else None)


def tree_text(tree: expr.Expr, name: Callable[[str], str] = lambda n: n) -> str:
    """An expression as text, each name printed by ``name``."""
    if isinstance(tree, expr.Name):
        return name(tree.name)
    if isinstance(tree, expr.Num):
        return str(tree.value)
    if isinstance(tree, expr.Neg):
        return f"-{tree_text(tree.operand, name)}"
    if isinstance(tree, expr.BinOp):
        return f"{tree_text(tree.left, name)} {tree.op} {tree_text(tree.right, name)}"
    return f"{tree.func}({', '.join(tree_text(a, name) for a in tree.args)})"


_RANK = {ERROR: 0, WARN: 1, INFO: 2}

_FORMULA_CODES = {
    ColumnKind.CHANGE: "change-mismatch", ColumnKind.PERCENT_CHANGE: "change-mismatch",
    ColumnKind.PP_CHANGE: "change-mismatch", ColumnKind.PERCENT: "rate-mismatch",
}

_CODES = {
    "pct": "rate-mismatch", "share": "rate-mismatch",
    "change": "change-mismatch", "pct_change": "change-mismatch",
    "pp_change": "change-mismatch",
    "sum": "parts-sum-mismatch", "+": "parts-sum-mismatch",
    "": "inconsistent-figure",
}


def _unwrap(tree: expr.Expr) -> expr.Expr:
    while isinstance(tree, expr.Neg):
        tree = tree.operand
    return tree


def _top(tree: expr.Expr) -> tuple[str | None, bool]:
    """The outermost function ("+" for a sum of terms, "" for a bare name) and whether
    it is negated."""
    negated = isinstance(tree, expr.Neg)
    inner = _unwrap(tree)
    if isinstance(inner, expr.Call):
        return inner.func, negated
    if isinstance(inner, expr.BinOp):
        return ("+" if expr.is_sum(inner) else None), negated
    if isinstance(inner, expr.Name):
        return "", negated
    return None, negated


def _sum_parts(tree: expr.Expr) -> list[expr.Expr]:
    if isinstance(tree, expr.BinOp) and tree.op == "+":
        return _sum_parts(tree.left) + _sum_parts(tree.right)
    if isinstance(tree, expr.Call) and tree.func == "sum":
        return [p for a in tree.args for p in _sum_parts(a)]
    return [tree]


def _fmt(q: Quantity | None) -> str:
    if q is None:
        return "?"
    if q.unit in (Unit.PERCENT, Unit.POINTS) and not q.is_exact:
        # A rounded input: print it as it was given.
        return format_quantity(q.value, q.unit if q.unit == Unit.PERCENT else Unit.NUMBER,
                               _places(q.value))
    if q.unit == Unit.PERCENT:
        return format_quantity(q.value, Unit.PERCENT, 1)
    return format_quantity(q.value, q.unit if q.unit != Unit.POINTS else Unit.NUMBER,
                           _places(q.value))


def _places(value: Fraction | int) -> int:
    for places in range(0, 4):
        if value * 10**places == int(value * 10**places):
            return places
    return 2


def _n(value: object) -> str:
    return _trim(Decimal(str(value))) if value is not None else "?"


def _trim(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def _flatten(inlines: Inlines) -> Iterator[Inline]:
    for node in inlines:
        if isinstance(node, Strong | Emph):
            yield from _flatten(node.children)
        elif isinstance(node, Link):
            if plain_text(node.children) != node.url:
                yield from _flatten(node.children)
        else:
            yield node


def verify(report: Report, earlier: tuple[Finding, ...] = (), *,
           withheld: frozenset[str] = frozenset()) -> Verification:
    """Verify a computed report; ``earlier`` findings (reference checks) come first;
    ``withheld`` names the suppressed cells the claim finder must not match."""
    return Verifier(report, withheld).run(earlier)


__all__ = ["Verifier", "matches", "verify"]
