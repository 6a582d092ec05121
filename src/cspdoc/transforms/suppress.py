"""Small-number suppression: counts under the threshold, and the rates built on them,
print as the code ("[c]") in every output; nothing written keeps the value.

In: a computed, presented Report whose ``suppress`` rule (or a column's) applies to its
count and rate columns. ``plan`` decides, once, which cells are withheld:

1. primary: a count (a count column's cell, a rate's count) under the threshold, in any
   row, as typed or as computed (zero too, unless the rule keeps zeros);
2. the rates built on them: a rate "n (x%)" whose count or base is withheld, and a
   percentage column whose formula reads a withheld cell;
3. secondary: a printed total or difference that reads exactly one withheld cell lets a
   reader work it out: a ``secondary-suppression`` warning names both (the author
   decides what else to withhold); a checked figure in the text that reads a withheld
   cell prints the code, with a ``suppressed-in-text`` warning.

The verifier checks the figures before suppression (``verify`` runs on the report as
computed); ``redact`` then takes the withheld values out of its findings, and ``apply``
turns every withheld cell into ``Missing`` holding only the code, and every bound or
checked figure in the text that reads one into the code, for the writers, the snapshot
(model.json) and ``diff``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cspdoc import expr
from cspdoc.findings import CODES, Finding, Severity
from cspdoc.model import (
    Block,
    Bound,
    Checked,
    Column,
    ColumnKind,
    Derived,
    Emph,
    Inline,
    Inlines,
    Input,
    Link,
    ListItem,
    Missing,
    Paragraph,
    Report,
    RowKind,
    Section,
    Stated,
    Strong,
    Suppression,
    Table,
    TotalRule,
)
from cspdoc.transforms.claims.units import section_label
from cspdoc.transforms.verify import Verifier
from cspdoc.transforms.walk import map_report, visit_inlines
from cspdoc.where import Where

CellPlace = tuple[int, int]  # row index, column index


@dataclass
class Plan:
    """What suppression withholds: by table id, each cell's place and code; the places
    of the text's figures that read one; and the warnings to add to the findings."""

    cells: dict[str, dict[CellPlace, str]] = field(default_factory=dict)
    reads: dict[str, dict[CellPlace, list[str]]] = field(default_factory=dict)
    prose: dict[str, str] = field(default_factory=dict)  # expression -> code
    findings: list[Finding] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.cells)


def rule_for(col: Column, report_rule: Suppression | None) -> Suppression | None:
    """The rule a column follows: its own, the report's (count and rate columns), none."""
    if col.exempt or col.kind not in (ColumnKind.COUNT, ColumnKind.RATE):
        return None
    return col.suppress or report_rule


def _count(cell: object) -> object:
    if isinstance(cell, Input | Stated | Derived):
        return cell.value
    return None


def _withheld(table: Table, report_rule: Suppression | None) -> dict[CellPlace, str]:
    """Steps 1 and 2 for one table."""
    hidden: dict[CellPlace, str] = {}
    index = {c.key: i for i, c in enumerate(table.columns)}
    for ci, col in enumerate(table.columns):
        rule = rule_for(col, report_rule)
        if rule is None:
            continue
        for ri, row in enumerate(table.rows):
            value = _count(row.cells[ci])
            if value is not None and rule.hides(value):  # type: ignore[arg-type]
                hidden[(ri, ci)] = rule.code
    changed = True
    while changed:  # rates on withheld counts, percentages of withheld cells
        changed = False
        for ci, col in enumerate(table.columns):
            reads = _operands(col, index)
            if not reads or not (col.kind == ColumnKind.RATE or col.kind.is_percent):
                continue
            for ri in range(len(table.rows)):
                if (ri, ci) in hidden:
                    continue
                code = next((hidden[(ri, i)] for i in reads if (ri, i) in hidden), None)
                if code is not None:
                    hidden[(ri, ci)] = code
                    changed = True
    return hidden


def _operands(col: Column, index: dict[str, int]) -> list[int]:
    """The columns a cell of ``col`` is computed from, in its own row."""
    names = expr.names(expr.parse(col.formula)) if col.formula else []
    if col.base:
        names.append(col.base)
    return [index[n] for n in names if n in index]


def _secondary(table: Table, hidden: dict[CellPlace, str],
               reads: dict[CellPlace, list[str]], verifier: Verifier,
               section: str | None) -> list[Finding]:
    """Step 3: printed cells that read exactly one withheld cell."""
    findings = []
    index = {c.key: i for i, c in enumerate(table.columns)}
    position = {id(r): i for i, r in enumerate(table.rows)}
    for ri, row in enumerate(table.rows):
        for ci, col in enumerate(table.columns):
            if (ri, ci) in hidden or col.kind.is_text:
                continue
            parts: list[tuple[str, str]] = []
            others = "the other figures of its row"
            if col.formula is not None and (row.kind == RowKind.DATA
                                            or col.total_rule == TotalRule.FORMULA):
                parts = [(table.columns[i].label_text or table.columns[i].key, hidden[(ri, i)])
                         for i in _operands(col, index) if (ri, i) in hidden]
            elif row.kind != RowKind.DATA and col.total_rule == TotalRule.SUM:
                others = "the other rows it adds up"
                parts = [(table.row_label(r), hidden[(position[id(r)], ci)])
                         for r in table.covered_rows(ri) if (position[id(r)], ci) in hidden]
            if not parts:
                continue
            reads[(ri, ci)] = [name for name, _ in parts]
            cell = row.cells[ci]
            shown = getattr(cell, "display", None) or ""
            if len(parts) != 1 or not shown or _count(cell) is None:
                continue
            where = Where(file=getattr(cell, "where", Where()).file or table.file,
                          line=row.line, figure=table.number, table=table.id,
                          row=table.row_label(row), column=col.label_text or col.key,
                          section=section, sheet=getattr(cell, "where", Where()).sheet,
                          cell=getattr(cell, "where", Where()).cell)
            name, code = parts[0]
            findings.append(Finding(
                code="secondary-suppression", severity=Severity.WARNING, where=where,
                stated=shown,
                message=f"{verifier.label(where)}: {shown} is printed, and with {others} "
                        f"it gives away '{name}', which is suppressed ({code}); suppress "
                        "another cell it reads too, or this one."))
    return findings


def plan(report: Report) -> Plan:
    """Which cells the report's rules withhold, and the warnings about what is left."""
    out = Plan()
    tables = {f.id: f for f in report.figures() if isinstance(f, Table)}
    if report.suppress is None and not any(c.suppress for t in tables.values()
                                           for c in t.columns):
        return out
    verifier = Verifier(report)
    sections: dict[str, str | None] = {}
    for path, node in report.walk():
        if isinstance(node, Table):
            sections[node.id] = _section_title(path)
    for table in tables.values():
        hidden = _withheld(table, report.suppress)
        if not hidden:
            continue
        out.cells[table.id] = hidden
        reads: dict[CellPlace, list[str]] = {}
        out.findings.extend(_secondary(table, hidden, reads, verifier, sections[table.id]))
        out.reads[table.id] = reads
    _prose(report, tables, out, verifier)
    return out


def _section_title(path: tuple[Section, ...]) -> str | None:
    """The section as findings name it: "2.1 HM Prison and Probation Service"."""
    return section_label(path[-1]) if path else None


def _prose(report: Report, tables: dict[str, Table], out: Plan, verifier: Verifier) -> None:
    """Bound and checked figures of the text that read a withheld cell print its code."""

    def code_of(source: str) -> str | None:
        for name in expr.names(expr.parse(source)):
            parts = name.split(".")
            if len(parts) != 3 or parts[0] not in out.cells:
                continue
            table = tables[parts[0]]
            rows = [i for i, r in enumerate(table.rows) if r.id == parts[1]]
            cols = [i for i, c in enumerate(table.columns) if c.key == parts[2]]
            if rows and cols and (rows[0], cols[0]) in out.cells[parts[0]]:
                return out.cells[parts[0]][(rows[0], cols[0])]
        return None

    def register(node: Inline) -> None:  # anywhere: text, captions, table comments
        if isinstance(node, Bound | Checked):
            code = code_of(node.expr)
            if code is not None:
                out.prose[node.expr] = code

    visit_inlines(report, register, footnotes=True)
    section: list[str | None] = [None]

    def visit(node: Inline) -> None:
        if isinstance(node, Checked) and node.expr in out.prose:
            code = out.prose[node.expr]
            where = node.where.but(section=section[0])
            out.findings.append(Finding(
                code="suppressed-in-text", severity=Severity.WARNING, where=where,
                stated=code,
                message=f"{verifier.place(where)}: {node.expr} is suppressed, so the figure "
                        f"the text states for it prints {code}; say it in words, or leave "
                        "it out."))

    for path, node in report.walk():
        if isinstance(node, Paragraph | ListItem):
            section[0] = _section_title(path)
            _visit(node.content, visit)
    for note in report.footnotes:
        section[0] = f"footnote {note.number}" if note.number is not None else None
        _visit(note.content, visit)


def _visit(inlines: Inlines, fn: Callable[[Inline], None]) -> None:
    for node in inlines:
        if isinstance(node, Strong | Emph | Link):
            _visit(node.children, fn)
        else:
            fn(node)


# ------------------------------------------------------------------ applying it


def apply(report: Report, withheld: Plan) -> Report:
    """Every withheld cell as ``Missing`` holding only its code; every figure of the
    text that reads one as the code."""
    if not withheld and not withheld.prose:
        return report

    def block_fn(block: Block) -> Block:
        if not isinstance(block, Table) or block.id not in withheld.cells:
            return block
        hidden = withheld.cells[block.id]
        rows = []
        for ri, row in enumerate(block.rows):
            cells = list(row.cells)
            for ci, cell in enumerate(row.cells):
                if (ri, ci) in hidden and not (isinstance(cell, Missing) and cell.suppressed):
                    code = hidden[(ri, ci)]
                    cells[ci] = Missing(text=code, shorthand=(code,), suppressed=True,
                                        where=getattr(cell, "where", Where()))
            rows.append(row if cells == list(row.cells) else row.rebuilt(cells=tuple(cells)))
        return block.rebuilt(rows=tuple(rows))

    def inline_fn(node: Inline) -> Inline:
        if isinstance(node, Bound) and node.expr in withheld.prose:
            return node.rebuilt(text=withheld.prose[node.expr])
        if isinstance(node, Checked) and node.expr in withheld.prose:
            return node.rebuilt(text=withheld.prose[node.expr])
        return node

    return map_report(report, inline_fn, footnotes=True, block_fn=block_fn)


def withheld_names(report: Report, withheld: Plan) -> frozenset[str]:
    """The withheld cells as the expression language names them (``table.row.column``),
    so the claim finder never matches the text against a figure nobody may see."""
    out: set[str] = set()
    for table in (f for f in report.figures() if isinstance(f, Table)):
        for ri, ci in withheld.cells.get(table.id, {}):
            out.add(f"{table.id}.{table.rows[ri].id}.{table.columns[ci].key}")
    return frozenset(out)


def redact(findings: tuple[Finding, ...], report: Report, withheld: Plan
           ) -> tuple[Finding, ...]:
    """The findings without the withheld values: a finding about a withheld cell says
    what was wrong but no figure; one about a cell computed from withheld cells keeps
    the printed figure but not the expected one; one about a checked figure of the text
    that reads a withheld cell keeps neither."""
    if not withheld and not withheld.prose:
        return findings
    cells: dict[tuple[str, str, str], str] = {}
    reads: dict[tuple[str, str, str], list[str]] = {}
    for table in (f for f in report.figures() if isinstance(f, Table)):
        for (ri, ci), code in withheld.cells.get(table.id, {}).items():
            cells[_key(table, ri, ci)] = code
        for (ri, ci), names in withheld.reads.get(table.id, {}).items():
            reads[_key(table, ri, ci)] = names
    prose: dict[tuple[str | None, str | None], str] = {
        (n.where.source, n.text): c for n, c in _checked(report, withheld)}
    out = []
    for f in findings:
        key = (f.where.table or "", f.where.row or "", f.where.column or "")
        what = CODES.get(f.code, "").rstrip(".")
        what = what[0].lower() + what[1:] if what else "it does not add up"
        if f.code in ("secondary-suppression", "suppressed-in-text"):
            out.append(f)
        elif key in cells:
            label = f.message.split(": ", 1)[0]
            out.append(_rebuilt(f, stated=cells[key], expected=None,
                                message=f"{label}: suppressed ({cells[key]}), so its figures "
                                        f"are not shown here; checked before suppression: "
                                        f"{what}."))
        elif key in reads and f.expected is not None:
            label = f.message.split(": ", 1)[0]
            read = ", ".join(f"'{n}'" for n in reads[key])
            out.append(_rebuilt(f, expected=None,
                                message=f"{label}: {f.stated} does not agree with the "
                                        f"figures it is computed from ({what}); it reads the "
                                        f"suppressed {read}, so the expected figure is not "
                                        "shown here."))
        elif (f.where.source, f.stated) in prose:
            code = prose[(f.where.source, f.stated)]
            label = f.message.split(": ", 1)[0]
            out.append(_rebuilt(f, stated=code, expected=None,
                                message=f"{label}: a figure that reads a suppressed cell "
                                        f"({code}) was checked before suppression: {what}."))
        else:
            out.append(f)
    # The quote is the cell or sentence as it read before suppression: a withheld
    # cell's is its code; a sentence stating a withheld figure is not quoted.
    said = {source for source, _ in prose} | _bound_lines(report, withheld)
    for i, f in enumerate(out):
        key = (f.where.table or "", f.where.row or "", f.where.column or "")
        if f.where.quote is not None and key in cells:
            out[i] = _rebuilt(f, where=f.where.but(quote=cells[key]))
        elif f.where.quote is not None and f.where.source in said:
            out[i] = _rebuilt(f, where=f.where.but(quote=None))
    return tuple(out)


def _rebuilt(finding: Finding, **changes: object) -> Finding:
    """A finding with ``changes``, validated through the constructor."""
    return Finding(**{**dict(finding), **changes})


def _key(table: Table, ri: int, ci: int) -> tuple[str, str, str]:
    col = table.columns[ci]
    return (table.id, table.row_label(table.rows[ri]), col.label_text or col.key)


def _bound_lines(report: Report, withheld: Plan) -> set[str | None]:
    """The lines whose bound figures print a withheld cell's code."""
    lines: set[str | None] = set()

    def visit(node: Inline) -> None:
        if isinstance(node, Bound) and node.expr in withheld.prose:
            lines.add(node.where.source)

    visit_inlines(report, visit, footnotes=True)
    return lines


def _checked(report: Report, withheld: Plan) -> list[tuple[Checked, str]]:
    found: list[tuple[Checked, str]] = []

    def visit(node: Inline) -> None:
        if isinstance(node, Checked) and node.expr in withheld.prose:
            found.append((node, withheld.prose[node.expr]))

    visit_inlines(report, visit, footnotes=True)
    return found
